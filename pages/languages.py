"""Which languages a page is offered in. French and English everywhere; a regional language
(settings.REGIONAL_LANGUAGES: Breton) only under a department whose page chose it
(`DepartmentPage.regional_language`): Finistère publishes in Breton, Mayenne does not, so no
Breton page, link or view exists outside Finistère, even if one was created by mistake.

The middleware serves the other side of the rule: a view that is not a page (the idea box,
the sign-up, the help centre, the forms) answers under every language's prefix, in that
language (a string Breton has no translation of is shown in French, Django's fallback to
LANGUAGE_CODE); a view below a page (a commune's sign-up, a press page) follows that page's
rule. An address in a language a page, or the page a view is below, does not exist in leads
to the French address, which says so (`?langue=`).
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import translation
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from .tree import DEPARTMENT_DEPTH, DEPARTMENT_PATH_LENGTH

# The query parameter that tells a French page which language the visitor asked for.
FALLBACK_PARAMETER = "langue"

# The keyword arguments of the views below a page that name its path ("mayenne/laval/").
PAGE_PATH_KWARGS = ("page_path", "commune_path", "path")


def is_regional(language_code: str) -> bool:
    return language_code in settings.REGIONAL_LANGUAGES


def regional_language_of(page: Page) -> str:
    """The regional language of the department `page` is in (or is), "" if none."""
    from .models import DepartmentPage

    if page.depth < DEPARTMENT_DEPTH:
        return ""
    if isinstance(page, DepartmentPage):
        return page.regional_language
    found = DepartmentPage.objects.filter(path=page.path[:DEPARTMENT_PATH_LENGTH]).values_list(
        "regional_language", flat=True
    )
    return next(iter(found), "")


def offered_in(language_code: str, *, regional_language: str) -> bool:
    """Whether a page of a department whose regional language is `regional_language` ("" for
    none, or a national page) may be shown in `language_code`."""
    return not is_regional(language_code) or language_code == regional_language


def check_served_language(page: Page, request: HttpRequest) -> HttpResponse | None:
    """Wagtail's `before_serve_page` (pages/wagtail_hooks.py). Wagtail serves the French page
    at an English address when the page has no English version: the visitor goes to the French
    address instead, told why. A page in a regional language outside the departments that
    publish in it does not exist for the public."""
    code = get_language()
    if code == settings.LANGUAGE_CODE:
        return None
    if page.locale_id != Locale.get_active().pk:
        return fallback_to(page, request, code)
    if is_regional(code) and not offered_in(code, regional_language=regional_language_of(page)):
        french = page.get_translation_or_none(Locale.get_default())
        if french is None or not french.live:
            raise Http404
        return fallback_to(french, request, code)
    return None


def fallback_to(french: Page, request: HttpRequest, code: str) -> HttpResponse:
    url = french.get_url(request)
    if not url:
        raise Http404
    return HttpResponseRedirect(f"{url}?{FALLBACK_PARAMETER}={code}")


def french_page_for(request: HttpRequest, language_code: str) -> Page | None:
    """The live French page at the address `request` asked for in `language_code`, if any."""
    rest = _unprefixed(request, language_code)
    if rest is None:
        return None
    return _french_page_at(request, rest.lstrip("/"))


def _unprefixed(request: HttpRequest, language_code: str) -> str | None:
    """The address `request` asked for without its language prefix ("/en/aide/" -> "/aide/"),
    None when it has none."""
    prefix = f"/{language_code}/"
    if not request.path.startswith(prefix) or request.path.startswith(prefix + "/"):
        return None  # "/en//host/" would be a redirect to another host
    return request.path[len(prefix) - 1 :]


def _french_page_at(request: HttpRequest, rest: str) -> Page | None:
    site = Site.find_for_request(request)
    if site is None:
        return None
    url_path = site.root_page.url_path + rest
    return (
        Page.objects.live().public().filter(url_path=url_path, locale=Locale.get_default()).first()
    )


def _french_match(path: str) -> ResolverMatch | None:
    with translation.override(settings.LANGUAGE_CODE):
        try:
            return resolve(path)
        except Resolver404:
            return None


def _page_path_of(match: ResolverMatch) -> str | None:
    for name in PAGE_PATH_KWARGS:
        if name in match.kwargs:
            return match.kwargs[name].strip("/")
    return None


def french_address_for(request: HttpRequest, language_code: str) -> str | None:
    """The French address of what `request` asked for in `language_code`, when the thing
    exists in French: a page, a view below a page (its French page exists), a gesture of the
    idea box (its French slug). None otherwise (a real 404)."""
    rest = _unprefixed(request, language_code)
    if rest is None:
        return None
    match = _french_match(rest)
    if match is None:
        return None
    if match.url_name == "wagtail_serve":
        french = _french_page_at(request, rest.lstrip("/"))
        return (french.get_url(request) or None) if french is not None else None
    page_path = _page_path_of(match)
    if page_path is not None:
        if page_path and _french_page_at(request, page_path + "/") is None:
            return None
        return rest
    if match.view_name == "snippets:gesture":
        from snippets.models import Gesture  # only the gestures route needs the idea box

        found = Gesture.objects.filter(
            slug=match.kwargs["slug"], live=True, locale=Locale.get_default()
        ).exists()
        return rest if found else None
    return None


def with_note(url: str, code: str) -> str:
    return f"{url}?{FALLBACK_PARAMETER}={code}"


class RegionalLanguageMiddleware:
    """After LocaleMiddleware. A page, or a view below a page, missing in the language asked
    for leads to its French version, with a note (`?langue=`); a view below a page of a
    department that does not publish in a regional language is not served in it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        code = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        if (
            response.status_code == 404
            and request.method in ("GET", "HEAD")
            and code != settings.LANGUAGE_CODE
            and not request.path.startswith("/api/")
        ):
            french = french_address_for(request, code)
            if french is not None:
                return HttpResponseRedirect(with_note(french, code))
        return response

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        code = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        match = request.resolver_match
        if (
            not is_regional(code)
            or match is None
            or match.url_name == "wagtail_serve"
            or request.method not in ("GET", "HEAD")
            or not request.path.startswith(f"/{code}/")
        ):
            return None
        page_path = _page_path_of(match)
        if not page_path:
            return None  # a view of the whole network: in every language
        french = _french_page_at(request, page_path + "/")
        if french is None:
            return None  # the view says 404 itself
        if offered_in(code, regional_language=regional_language_of(french)):
            return None
        return HttpResponseRedirect(with_note(_unprefixed(request, code), code))
