"""URLs: the admin, the API, then Wagtail's pages (French without prefix, English under /en/)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core.health import health
from snippets.views import api_suggest
from volunteers.urls import space_api_urls
from volunteers.views import api as volunteers_api
from volunteers.views.hours import figures
from workflows.views import api_propose_initiative, api_propose_initiative_in_commune

from . import api
from .api import api_router

# A refused request: the site's page in the visitor's language, JSON in the API.
handler400 = "cms.views.bad_request"

urlpatterns = [
    path("health/", health, name="health"),  # for load balancers: core/health.py
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api.index, name="api_index"),
    path("api/v2/openapi.json", api.schema, name="api_schema"),
    path("api/v2/docs/", api.docs, name="api_docs"),
    path("api/v2/figures/", figures, name="api_figures"),  # aggregates only
    path("api/v2/preview/", api.preview, name="api_preview"),  # a draft, with its token only
    # The public forms, JSON in and out (core/submissions.py): POST only, no session.
    path("api/v2/sign-up/", volunteers_api.sign_up, name="api_sign_up"),
    path("api/v2/confirmation/", volunteers_api.confirm, name="api_confirm"),
    path("api/v2/gesture-suggestions/", api_suggest, name="api_gesture_suggestions"),
    path("api/v2/space-link/", volunteers_api.space_link, name="api_space_link"),
    path("api/v2/initiatives/", api_propose_initiative, name="api_initiatives"),
    path(
        "api/v2/pages/<int:pk>/initiatives/",
        api_propose_initiative_in_commune,
        name="api_commune_initiatives",
    ),
    path(
        "api/v2/actions/<int:pk>/registration-link/",
        volunteers_api.registration_link,
        name="api_registration_link",
    ),
    # The e-mailed links' tokens, and the volunteer space (a visit's token as Bearer).
    path("api/v2/registrations/", volunteers_api.register, name="api_register"),
    path("api/v2/registrations/cancel/", volunteers_api.cancel, name="api_cancel"),
    path("api/v2/space/", include(space_api_urls)),
    path("api/v2/", api_router.urls),
]

# The e-mail provider's bounces and complaints (mailings/bounces.py), when a secret guards them:
# only the tracking webhooks of the providers configured here. anymail.urls also has every
# provider's inbound one, which answers a plain GET with a 500 when that provider is not set up.
if settings.ANYMAIL.get("WEBHOOK_SECRET"):
    from anymail.webhooks.brevo import BrevoTrackingWebhookView
    from anymail.webhooks.mailgun import MailgunTrackingWebhookView
    from anymail.webhooks.postmark import PostmarkTrackingWebhookView

    urlpatterns.append(
        path("anymail/postmark/tracking/", PostmarkTrackingWebhookView.as_view()),
    )
    urlpatterns.append(path("anymail/brevo/tracking/", BrevoTrackingWebhookView.as_view()))
    if settings.ANYMAIL.get("MAILGUN_WEBHOOK_SIGNING_KEY"):  # Mailgun signs its webhooks
        urlpatterns.append(
            path("anymail/mailgun/tracking/", MailgunTrackingWebhookView.as_view()),
        )

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.urls import re_path
    from django.views.defaults import page_not_found

    from core.privatemedia import PRIVATE_PREFIX

    # As nginx does in production (deploy/nginx): the photos awaiting moderation are never
    # served at a public address, in the demo either (before static(), which serves the rest).
    media = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(
            rf"^{media}{PRIVATE_PREFIX}",
            page_not_found,
            kwargs={"exception": None},
        )
    ]
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The apps' own public URLs (the idea box, the agenda.ics feeds, the press pages,
# the sign-up, the submission forms) come before
# Wagtail's, whose page URL pattern would take every path.
urlpatterns += i18n_patterns(
    # The API's documentation is a page of the site too: in each language under its prefix
    # ("/en/api/v2/docs/"), which its language switcher offers. Same name: reversed in English,
    # it is the English address; the unprefixed one above still follows Accept-Language.
    path("api/v2/docs/", api.docs, name="api_docs"),
    path("", include("snippets.urls")),
    path("", include("pages.urls")),
    path("", include("kits.urls")),
    path("", include("volunteers.urls")),
    path("", include("workflows.urls")),
    path("", include("support.urls")),
    path("", include("mailings.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
