"""Thin views: the public press page and downloads, the admin's kit view and its rebuild."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST
from wagtail.models import Page
from wagtail.views import serve as wagtail_serve

from . import services, serving
from .content import kit_language_choice
from .documents import KINDS, KINDS_BY_SLUG, PRINT_SHOP_VARIANTS
from .forms import KitLanguageForm

REFRESH_SECONDS = 5


def _serve_or_prepare(request, page, kind, *, attachment: bool, to_bucket: bool = True):
    document = services.fresh_document(page, kind)
    if document is None:
        services.queue_kit(page)
        # With a synchronous queue (tests, a quick worker) the document may be there already;
        # otherwise the previous one, whole, is served while the new one is built.
        document = services.fresh_document(page, kind) or services.previous_document(page, kind)
    if document is None:
        response = TemplateResponse(
            request,
            "kits/being_prepared.html",
            {"page": page, "kind": kind, "refresh_seconds": REFRESH_SECONDS},
            status=202,
        )
        response["Retry-After"] = str(REFRESH_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return serving.serve(
        request, document, kind, page.slug, attachment=attachment, to_bucket=to_bucket
    )


def press_page(request, path):
    page = services.find_kit_page(request, path)
    if page is None:
        if not path:  # /presse/ of the national site: a page an editor may have made
            return wagtail_serve(request, "presse/")
        raise Http404
    documents = [
        {"kind": kind, "print_shop": PRINT_SHOP_VARIANTS.get(kind.slug)}
        for kind in KINDS
        if not kind.print_shop_of
    ]
    return TemplateResponse(
        request,
        "kits/press_page.html",
        {"page": page, "documents": documents, "links": services.kit_links(page, request)},
    )


def download(request, path, filename):
    kind = services.kind_for_filename(filename)
    if kind is None:
        raise Http404
    # A current stored document is served from its record alone (at most 3 queries, issue 18);
    # anything else (none yet, out of date, damaged, no such page) takes the longer way.
    document = services.published_document(request, path, kind)
    if document is not None and services.current(document) and services.whole(document):
        return serving.serve(request, document, kind, document.page.slug, attachment=kind.is_pdf)
    page = services.find_kit_page(request, path)
    if page is None:
        raise Http404
    return _serve_or_prepare(request, page, kind, attachment=kind.is_pdf)


# Admin


def _editable_kit_page(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not services.has_kit(page):
        raise Http404
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def admin_kit(request, page_id):
    page = _editable_kit_page(request, page_id)
    stored = services.stored_documents(page)
    documents = []
    for kind in KINDS:
        document = stored.get(kind.slug)
        documents.append(
            {
                "kind": kind,
                "document": document,
                "fresh": document is not None and services.current(document),
                "url": reverse("kits_admin_file", args=[page.pk, kind.slug]),
            }
        )
    return TemplateResponse(
        request,
        "kits/admin/kit.html",
        {
            "page": page,
            "documents": documents,
            "links": services.kit_links(page, request) if page.live else None,
            "language_form": KitLanguageForm(page, initial={"language": kit_language_choice(page)}),
        },
    )


@require_POST
def admin_language(request, page_id):
    page = _editable_kit_page(request, page_id)
    form = KitLanguageForm(page, request.POST)
    if not form.is_valid():
        for error in form.errors.get("language", []):
            messages.error(request, error)
        return redirect("kits_admin", page.pk)
    services.set_kit_language(page, form.cleaned_data["language"])
    messages.success(
        request,
        _("The kit of %(page)s will be printed in this language; it is being rebuilt.")
        % {"page": page.title},
    )
    return redirect("kits_admin", page.pk)


@xframe_options_sameorigin  # previewed inside the kit's admin page (an <object>)
def admin_file(request, page_id, kind_slug):
    page = _editable_kit_page(request, page_id)
    kind = KINDS_BY_SLUG.get(kind_slug)
    if kind is None:
        raise Http404
    return _serve_or_prepare(
        request, page, kind, attachment=request.GET.get("download") == "1", to_bucket=False
    )


@require_POST
def admin_rebuild(request, page_id):
    page = _editable_kit_page(request, page_id)
    services.queue_kit(page, force=True)
    messages.success(
        request,
        _("The kit of %(page)s is being rebuilt; it will be ready in a minute.")
        % {"page": page.title},
    )
    return redirect("kits_admin", page.pk)
