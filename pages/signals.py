"""What makes the iCalendar feeds be built again (pages/agenda/feeds.py keeps them in the
cache): a page published (a new page, an edit, a scheduled publication), unpublished (by hand or
on expiry), moved, deleted, or given or rid of a view restriction changes the feeds at and above
it, and those below it (their URLs and places); a gesture or a category of gestures changes
every feed (the CATEGORIES).
A home or a child of a home changed, or given or rid of a view restriction, makes every footer
read its links to the accessibility statement and the site map again (pages/legal.py keeps them
in the cache).
The occurrences table (pages/agenda/occurrences.py) follows the same events: an action saved
(a publication saves it, a cancelled date with it) rewrites its rows; a page unpublished, moved,
or given or rid of a view restriction rewrites the rows of the actions at and below it; a
deleted action's rows go with it (the foreign key cascades).
Each of those changes also purges the proxy's page cache of the pages that show it (pages/purge.py).
Any page saved or deleted, a view restriction or an image saved makes every layout read its chrome
again (pages/services.py `page_chrome` keeps it in the cache), and so does an import of the
territories that changed communes (written in bulk: territories.signals.imported)."""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    pre_page_move,
    published,
    unpublished,
)

from core.models import SiteAlias
from snippets.models import Gesture, GestureCategory
from territories import signals as territories

from . import legal, purge, services
from .agenda import occurrences
from .agenda.feeds import bump_everything, bump_generations


def _changed(sender, instance, **kwargs):
    bump_generations(instance.path)


def _moved(sender, instance, **kwargs):
    bump_generations(instance.path)  # its path before the move (pre), after it (post)
    for name in ("parent_page_before", "parent_page_after"):
        parent = kwargs.get(name)
        if parent is not None:
            bump_generations(parent.path)


def _deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        bump_generations(instance.path)


def _created(sender, instance, created, **kwargs):
    """A page made live without a publication (a data import, the demo's loader)."""
    if created and isinstance(instance, Page) and instance.live:
        bump_generations(instance.path)


def _restricted(sender, instance, **kwargs):
    """A view restriction added, changed or removed: the page leaves (or comes back into) the
    feeds at once, and so do its aliases, which share its restrictions."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return  # deleted with its page: _deleted bumped it
    bump_generations(page.path)
    legal.forget(page.path)  # a statement or site map hidden or shown again in the footers
    for path in Page.objects.filter(alias_of=page).values_list("path", flat=True):
        bump_generations(path)


def _territories_imported(sender, report, **kwargs):
    """An import renamed, added or removed communes (written in bulk, without post_save): the
    chrome and the lists of engaged communes kept with it (their names and order) are read
    again. The proxy keeps the pages it holds PAGE_CACHE_SECONDS at most."""
    if report.communes.updated or report.communes.created or report.communes.deleted:
        services.forget_chrome()


def _top_changed(sender, instance, **kwargs):
    """A home page or one of its children saved, published, unpublished, moved or deleted:
    the footers' links to the accessibility statement and the site map are read again."""
    if isinstance(instance, Page) and instance.path:
        legal.forget(instance.path)
    for name in ("parent_page_before", "parent_page_after"):
        parent = kwargs.get(name)
        if parent is not None:
            legal.forget(parent.path)


def _is_action(page) -> bool:
    from .models import ActionPage

    return isinstance(page, Page) and issubclass(page.specific_class or type(page), ActionPage)


def _action_saved(sender, instance, **kwargs):
    """Any save of an action: its rows are read again from what the database now holds (a
    draft saved leaves it as it was, a publication, a cancellation or an unpublication not)."""
    if _is_action(instance) and instance.pk:
        occurrences.refresh(instance.pk)


def _subtree_changed(sender, instance, **kwargs):
    """A page unpublished or moved: the rows of the actions at and below it (their paths,
    whether they are listed)."""
    if not isinstance(instance, Page) or instance.pk is None:
        return
    page = Page.objects.filter(pk=instance.pk).only("pk", "path").first()
    if page is not None:
        occurrences.refresh_under(page)


def _page_deleted(sender, instance, **kwargs):
    """A page deleted: the rows of the actions at and below it go, once the pages are gone
    (Wagtail unpublishes a live page it deletes, which rewrote them after the cascade had
    collected the ones it deletes)."""
    if isinstance(instance, Page) and instance.path:
        occurrences.forget_under(instance.path)


def _restriction_changed(sender, instance, **kwargs):
    """A view restriction added or removed: the actions below leave or come back."""
    page = Page.objects.filter(pk=instance.page_id).only("pk", "path").first()
    if page is not None:
        occurrences.refresh_under(page)


def _purge_published(sender, instance, **kwargs):
    purge.purge_on_commit(instance)


def _purge_with_subtree(sender, instance, **kwargs):
    """Unpublished (also as it is deleted: Wagtail unpublishes a live page first) or moved:
    the pages below it go too, or change address."""
    purge.purge_on_commit(instance, subtree=True)


def _purge_moved(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.pk).first()  # its new path and url_path
    if page is not None:
        purge.purge_on_commit(page, subtree=True)


def _purge_restricted(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        services.forget_chrome()  # a restricted page leaves the menus and footers
        purge.purge_on_commit(page, subtree=True)


def _chrome_changed(sender, instance, **kwargs):
    """Any page saved or deleted (also without a publication: the demo's loader, an import) or
    an image saved (a logo replaced): the layouts' chrome is read again."""
    if isinstance(instance, (Page, AbstractImage)):
        services.forget_chrome()


def _gestures_changed(sender, instance, **kwargs):
    bump_everything()


def _site_changed(sender, instance, **kwargs):
    """A Site saved or deleted (a territory given its own address): the feeds print the
    addresses of their actions on it (core/addresses.py page_url)."""
    bump_everything()


def _site_purge_before(sender, instance, **kwargs):
    """A Site about to change or go: its pages' addresses as they were are purged (the old
    host's copies, and the national copies' canonical link)."""
    if instance.pk is None or not purge.is_enabled():
        return
    old = Site.objects.filter(pk=instance.pk).first()
    if old is not None:
        purge.purge_site_on_commit(old)


def _site_purge_after(sender, instance, **kwargs):
    """A Site saved: its pages' addresses as they are now are purged (Wagtail's sites' roots
    read again first: the change is in them)."""
    if purge.is_enabled():
        Site.clear_site_root_paths_cache()
        purge.purge_site_on_commit(instance)


def _alias_purge_before(sender, instance, **kwargs):
    if instance.pk is None or not purge.is_enabled():
        return
    old = SiteAlias.objects.select_related("site").filter(pk=instance.pk).first()
    if old is not None:
        purge.purge_site_on_commit(old.site, alias=old.hostname)


def _alias_purge_after(sender, instance, **kwargs):
    """A second name saved or deleted: the copies the proxy keeps under it (its redirects, or
    the pages it answered before) are purged."""
    site = Site.objects.filter(pk=instance.site_id).first() if purge.is_enabled() else None
    if site is not None:
        purge.purge_site_on_commit(site, alias=instance.hostname)


def connect() -> None:
    territories.imported.connect(_territories_imported, dispatch_uid="pages-territories-imported")
    page_published.connect(_changed, dispatch_uid="pages-feeds-published")
    page_unpublished.connect(_changed, dispatch_uid="pages-feeds-unpublished")
    pre_page_move.connect(_moved, dispatch_uid="pages-feeds-pre-move")
    post_page_move.connect(_moved, dispatch_uid="pages-feeds-post-move")
    post_delete.connect(_deleted, dispatch_uid="pages-feeds-deleted")
    post_save.connect(_created, dispatch_uid="pages-feeds-created")
    post_save.connect(
        _restricted, sender=PageViewRestriction, dispatch_uid="pages-feeds-restriction-save"
    )
    post_delete.connect(
        _restricted, sender=PageViewRestriction, dispatch_uid="pages-feeds-restriction-del"
    )
    post_save.connect(_action_saved, dispatch_uid="pages-occurrences-saved")
    page_unpublished.connect(_subtree_changed, dispatch_uid="pages-occurrences-unpublished")
    post_page_move.connect(_subtree_changed, dispatch_uid="pages-occurrences-moved")
    post_delete.connect(_page_deleted, dispatch_uid="pages-occurrences-deleted")
    post_save.connect(
        _restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="pages-occurrences-restriction-save",
    )
    post_delete.connect(
        _restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="pages-occurrences-restriction-del",
    )
    for signal, name in (
        (page_published, "published"),
        (page_unpublished, "unpublished"),
        (post_page_move, "moved"),
        (post_delete, "deleted"),
        (post_save, "saved"),
    ):
        signal.connect(_top_changed, dispatch_uid=f"pages-legal-footer-{name}")
    page_published.connect(_purge_published, dispatch_uid="pages-purge-published")
    page_unpublished.connect(_purge_with_subtree, dispatch_uid="pages-purge-unpublished")
    pre_page_move.connect(_purge_with_subtree, dispatch_uid="pages-purge-pre-move")
    post_page_move.connect(_purge_moved, dispatch_uid="pages-purge-post-move")
    post_save.connect(
        _purge_restricted, sender=PageViewRestriction, dispatch_uid="pages-purge-restriction-save"
    )
    post_delete.connect(
        _purge_restricted, sender=PageViewRestriction, dispatch_uid="pages-purge-restriction-del"
    )
    post_save.connect(_chrome_changed, dispatch_uid="pages-chrome-saved")
    post_delete.connect(_chrome_changed, dispatch_uid="pages-chrome-deleted")
    post_save.connect(_site_changed, sender=Site, dispatch_uid="pages-feeds-site-save")
    post_delete.connect(_site_changed, sender=Site, dispatch_uid="pages-feeds-site-del")
    # A territory's own address created, changed or removed: its pages' copies in the proxy.
    pre_save.connect(_site_purge_before, sender=Site, dispatch_uid="pages-purge-site-pre-save")
    post_save.connect(_site_purge_after, sender=Site, dispatch_uid="pages-purge-site-save")
    pre_delete.connect(_site_purge_before, sender=Site, dispatch_uid="pages-purge-site-del")
    pre_save.connect(_alias_purge_before, sender=SiteAlias, dispatch_uid="pages-purge-alias-pre")
    post_save.connect(_alias_purge_after, sender=SiteAlias, dispatch_uid="pages-purge-alias-save")
    post_delete.connect(_alias_purge_after, sender=SiteAlias, dispatch_uid="pages-purge-alias-del")
    # A gesture shows in the feeds once published (its category's name, in CATEGORIES).
    published.connect(_gestures_changed, sender=Gesture, dispatch_uid="pages-feeds-gesture-pub")
    unpublished.connect(_gestures_changed, sender=Gesture, dispatch_uid="pages-feeds-gesture-unp")
    post_delete.connect(_gestures_changed, sender=Gesture, dispatch_uid="pages-feeds-gesture-del")
    post_save.connect(
        _gestures_changed, sender=GestureCategory, dispatch_uid="pages-feeds-category-save"
    )
    post_delete.connect(
        _gestures_changed, sender=GestureCategory, dispatch_uid="pages-feeds-category-del"
    )
