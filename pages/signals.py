"""What makes the iCalendar feeds be built again: a page published, unpublished, moved or
deleted changes the feeds of its ancestors (pages/feeds.py keeps them in the cache)."""

from django.db.models.signals import post_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from .feeds import bump_generations


def _changed(sender, instance, **kwargs):
    bump_generations(instance.path)


def _moved(sender, instance, **kwargs):
    bump_generations(instance.path)
    for name in ("parent_page_before", "parent_page_after"):
        parent = kwargs.get(name)
        if parent is not None:
            bump_generations(parent.path)


def connect() -> None:
    page_published.connect(_changed, dispatch_uid="pages-feeds-published")
    page_unpublished.connect(_changed, dispatch_uid="pages-feeds-unpublished")
    pre_page_move.connect(_moved, dispatch_uid="pages-feeds-pre-move")
    post_page_move.connect(_moved, dispatch_uid="pages-feeds-post-move")
    post_delete.connect(_deleted, dispatch_uid="pages-feeds-deleted")


def _deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        bump_generations(instance.path)
