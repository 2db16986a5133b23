"""Public URLs of the help centre, placed before Wagtail's page URLs."""

from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("aide/", views.help_centre, name="help_centre"),
    path("aide/contact/", views.contact, name="contact"),
    path("aide/contact/merci/", views.contact_thanks, name="contact_thanks"),
]
