"""What may change a kit marks its stored documents (services.mark_changed), at once and in the
same transaction, so that the next download of a document that may show it queues a check
instead of serving it (issue 18); publishing a department or commune page also queues its own
kit's rebuild. A view restriction added or taken off marks the kits at, above and below the page
(an action behind a restriction leaves their posters' next actions, issue 14). The national
ranking of gestures and the passing of time are left to the daily refresh
(services.mark_every_kit_changed) and to each document's `valid_until`."""

from django.db.models import Q
from wagtail.models import Page

from pages.models import CommunePage, DepartmentPage

from . import services


def rebuild_on_publish(sender, instance, **kwargs):
    if services.has_kit(instance):
        services.queue_kit_on_commit(instance)


def page_changed(sender, instance, **kwargs):
    """A page published, unpublished, moved or deleted: the kits of the department or commune
    it is or is under (its texts, colours, logo, actions and their dates, agenda items), and of
    the pages under it (a department's colours, logo and name are on its communes' kits)."""
    if isinstance(instance, Page) and instance.path:
        services.mark_changed(services.pages_showing(instance))


def page_moved(sender, instance, parent_page_before=None, **kwargs):
    """Moved: the kits of its former place (an action gone from a commune) and of its new one."""
    if parent_page_before is not None:
        services.mark_changed(services.pages_showing(parent_page_before, below=False))
    page_changed(sender, instance)


def gesture_changed(sender, instance, **kwargs):
    """A gesture of the idea box published, unpublished or deleted: any kit may print it (the
    gestures volunteers choose most complete each kit's choice)."""
    services.mark_changed()


def logo_changed(sender, instance, **kwargs):
    """An image edited (a new file under the same image): the kits that print it as a logo."""
    paths = [
        *DepartmentPage.objects.filter(logo=instance).values_list("path", flat=True),
        *CommunePage.objects.filter(logo=instance).values_list("path", flat=True),
    ]
    if not paths:
        return
    subtrees = Q()
    for path in paths:
        subtrees |= Q(path__startswith=path)
    services.mark_changed(Page.objects.filter(subtrees).values("pk"))


def territories_imported(sender, report, **kwargs):
    """An import renamed, added or removed communes (in bulk, without post_save): a commune's
    name is printed on its kit and in the places of the actions of every kit."""
    if report.communes.updated or report.communes.created or report.communes.deleted:
        services.mark_changed()


def site_changed(sender, instance, **kwargs):
    """A site's address or root changed: the sign-up address printed (and its QR code)."""
    services.mark_changed()


def restriction_changed(sender, instance, **kwargs):
    """A view restriction added to or taken off a page: the kits that may show it or what is
    below it (a restricted page is left out of every public listing, kits included)."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:  # else deleted with its page, which marked them
        services.mark_changed(services.pages_showing(page))
