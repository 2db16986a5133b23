"""`/sitemap.xml` and `/robots.txt` of each site: the national one and each territory on its own
address (issue 20). A site's map lists its own live public pages only: those under a deeper
site (Laval's pages on Mayenne's address) are that site's, where their canonical address is.
Two queries (three when a page is in a regional language), at most `SITEMAP_LIMIT` pages.

Each page in more than one language lists its versions (`xhtml:link rel="alternate"
hreflang`, itself included, and `x-default`: the French one), as its `<head>` does; a page in a
regional language is left out outside the departments that publish in it
(pages/languages.py)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from .languages import is_regional, offered_in
from .tree import DEPARTMENT_PATH_LENGTH, public_only

SITEMAP_LIMIT = 5000


def site_pages(site: Site) -> list[Page]:
    """The live public pages of `site` (every language of its root), without those of a deeper
    site, in tree order."""
    roots = Site.get_site_root_paths()  # kept in the cache by Wagtail, deepest first
    own = [root.root_path for root in roots if root.site_id == site.pk]
    deeper = [
        root.root_path
        for root in roots
        if root.site_id != site.pk and any(root.root_path.startswith(path) for path in own)
    ]
    pages = Page.objects.none()
    for path in own:
        pages = pages | Page.objects.filter(url_path__startswith=path)
    for path in deeper:
        pages = pages.exclude(url_path__startswith=path)
    return list(
        public_only(pages.live())
        .select_related("locale")
        .order_by("path")
        .only(
            "id",
            "path",
            "url_path",
            "locale",
            "last_published_at",
            "depth",
            "translation_key",
        )[:SITEMAP_LIMIT]
    )


def offered(pages: list[Page]) -> list[Page]:
    """`pages` without those in a regional language under a department that doesn't publish
    in it. One query, only when a page is in a regional language."""
    from .models import DepartmentPage

    if not any(is_regional(page.locale.language_code) for page in pages):
        return pages
    chosen = dict(
        DepartmentPage.objects.exclude(regional_language="").values_list(
            "path", "regional_language"
        )
    )
    return [
        page
        for page in pages
        if offered_in(
            page.locale.language_code,
            regional_language=chosen.get(page.path[:DEPARTMENT_PATH_LENGTH], ""),
        )
    ]


def alternate_links(versions: dict[str, str]) -> list[str]:
    """The `xhtml:link` of a page in several languages ({language: address})."""
    if len(versions) < 2:
        return []
    links = [(code, url) for code, url in sorted(versions.items())]
    if settings.LANGUAGE_CODE in versions:
        links.append(("x-default", versions[settings.LANGUAGE_CODE]))
    return [
        f'<xhtml:link rel="alternate" hreflang="{code}" href="{escape(url)}"/>'
        for code, url in links
    ]


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    entries = []
    for page in offered(site_pages(site)):
        parts = page.get_url_parts(request)
        if not parts or parts[0] != site.pk or parts[2] is None:
            continue
        entries.append((page, site.root_url + parts[2]))
    versions: dict = {}
    for page, url in entries:
        versions.setdefault(page.translation_key, {})[page.locale.language_code] = url
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">'
    )
    for page, url in entries:
        lines.append(f"<url><loc>{escape(url)}</loc>")
        if page.last_published_at:
            lines.append(f"<lastmod>{page.last_published_at.date().isoformat()}</lastmod>")
        lines.extend(alternate_links(versions[page.translation_key]))
        lines.append("</url>")
    lines.append("</urlset>")
    return HttpResponse("\n".join(lines), content_type="application/xml; charset=utf-8")


@require_GET
def robots(request: HttpRequest) -> HttpResponse:
    site = Site.find_for_request(request)
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /agenda/perso/"]
    if site is not None:
        lines.append(f"Sitemap: {site.root_url}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
