"""Public URLs of the mailings (placed before Wagtail's page URLs): a mailing's unsubscribe
link (RFC 8058's one-click POST goes there too) and the lists chosen in the volunteer's
space."""

from django.urls import path

from . import views

app_name = "mailings"

urlpatterns = [
    path("envois/desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("je-participe/mon-espace/<str:token>/envois/", views.space_lists, name="space_lists"),
]
