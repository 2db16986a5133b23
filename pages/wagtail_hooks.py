"""Wagtail hooks of the pages: a page in a regional language is served only under the
departments that publish in it (pages/languages.py)."""

from wagtail import hooks

from .languages import check_served_language


@hooks.register("before_serve_page")
def refuse_regional_language_elsewhere(page, request, serve_args, serve_kwargs):
    return check_served_language(page, request)
