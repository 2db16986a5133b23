"""Publishing a department or commune page queues the rebuild of its kit; a view restriction
added to or taken off a page queues those of the departments and communes at and above it (an
action behind a restriction leaves their posters' next actions, issue 14)."""

from wagtail.models import Page

from pages.models import CommunePage, DepartmentPage

from . import services


def rebuild_on_publish(sender, instance, **kwargs):
    if services.has_kit(instance):
        services.queue_kit_on_commit(instance)


def rebuild_on_restriction(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return  # deleted with its page
    territories = Page.objects.ancestor_of(page, inclusive=True).type(DepartmentPage, CommunePage)
    for territory in territories:
        services.queue_kit_on_commit(territory)
