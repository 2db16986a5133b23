"""Public URLs of the workflows app (the submission forms), placed before Wagtail's pages."""

from django.urls import path

from . import views

app_name = "workflows"

urlpatterns = [
    path("proposer-une-initiative/", views.propose_initiative, name="propose"),
    path("proposer-une-initiative/suivi/<str:token>/", views.initiative_status, name="status"),
    path(
        "proposer-une-initiative/suivi/<str:token>/modifier/",
        views.initiative_changes,
        name="changes",
    ),
    path(
        "<path:commune_path>/proposer-une-initiative/",
        views.propose_initiative_in_commune,
        name="propose_in_commune",
    ),
]
