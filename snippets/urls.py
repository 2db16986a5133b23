"""Public URLs of the snippets app (the idea box), placed before Wagtail's page URLs."""

from django.urls import path

from . import views

app_name = "snippets"

urlpatterns = [
    path("gestes/", views.gesture_index, name="gesture_index"),
    path("gestes/imprimer/", views.gesture_print, name="gesture_print"),
    path("gestes/proposer/", views.gesture_suggest, name="suggest"),
    path("gestes/proposer/merci/", views.gesture_suggest_thanks, name="suggest_thanks"),
    path("gestes/<slug:slug>/", views.gesture_detail, name="gesture"),
]
