"""Public URLs of the volunteers app, placed before Wagtail's page URLs."""

from django.urls import path

from .views import calendar as calendar_views
from .views import hours as hours_views
from .views import registrations as registration_views
from .views import sign_up as views
from .views import space as space_views
from .views import space_api

app_name = "volunteers"

urlpatterns = [
    path("je-participe/", views.sign_up, name="sign_up"),
    path("je-participe/verifiez-vos-e-mails/", views.check_inbox, name="check_inbox"),
    path("je-participe/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("je-participe/desinscription/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("je-participe/inscription/<str:token>/", registration_views.register, name="register"),
    path("je-participe/annulation/<str:token>/", registration_views.cancel, name="cancel"),
    path(
        "je-participe/ne-plus-recevoir/<str:token>/",
        registration_views.stop_emails,
        name="stop_emails",
    ),
    path(
        "je-participe/oublier-cet-appareil/",
        registration_views.forget_device,
        name="forget_device",
    ),
    path("je-participe/heures/<str:token>/", hours_views.hours_form, name="hours"),
    path("je-participe/mon-espace/", space_views.request_link, name="space_request"),
    path("je-participe/mon-espace/<str:token>/", space_views.home, name="space"),
    path("je-participe/mon-espace/<str:token>/profil/", space_views.profile, name="space_profile"),
    path("je-participe/mon-espace/<str:token>/commune/", space_views.commune, name="space_commune"),
    path(
        "je-participe/mon-espace/<str:token>/annuler/<int:pk>/",
        space_views.cancel,
        name="space_cancel",
    ),
    path(
        "je-participe/mon-espace/<str:token>/appareils/",
        space_views.forget_devices,
        name="space_devices",
    ),
    path(
        "je-participe/mon-espace/<str:token>/e-mails/",
        space_views.emails,
        name="space_emails",
    ),
    path(
        "je-participe/mon-espace/<str:token>/mes-donnees.json",
        space_views.download,
        name="space_download",
    ),
    path("je-participe/mon-espace/<str:token>/effacer/", space_views.erase, name="space_erase"),
    path("agenda/perso/<str:token>.ics", calendar_views.personal_feed, name="personal_feed"),
    path(
        "agenda/perso/nouvelle-adresse/<str:token>/",
        calendar_views.renew_calendar,
        name="renew_calendar",
    ),
    path("<path:page_path>/je-participe/", views.commune_sign_up, name="commune_sign_up"),
    path(
        "<path:page_path>/inscription/",
        registration_views.registration_request,
        name="registration_request",
    ),
]

# The volunteer space in the API, under /api/v2/space/ (cms/urls.py): views/space_api.py.
space_api_urls = [
    path("", space_api.home, name="api_space"),
    path("open/", space_api.open_link, name="api_space_open"),
    path("profile/", space_api.profile, name="api_space_profile"),
    path("commune/", space_api.commune, name="api_space_commune"),
    path("emails/", space_api.emails, name="api_space_emails"),
    path("registrations/<int:pk>/cancel/", space_api.cancel, name="api_space_cancel"),
    path("registrations/<int:pk>/hours/", space_api.record_hours, name="api_space_hours"),
    path("forget-devices/", space_api.forget_devices, name="api_space_devices"),
    path("data/", space_api.download, name="api_space_data"),
    path("erase/", space_api.erase, name="api_space_erase"),
]
