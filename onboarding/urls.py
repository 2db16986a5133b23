"""Admin URLs of onboarding, mounted under /admin/onboarding/ by wagtail_hooks."""

from django.urls import path

from . import views

app_name = "onboarding"
urlpatterns = [
    path("department/", views.EngageDepartmentView.as_view(), name="engage_department"),
    path("commune/", views.EngageCommuneView.as_view(), name="engage_commune"),
]
