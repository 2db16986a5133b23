"""The admin's kit views, registered by kits/wagtail_hooks.py under /admin/kits/."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:page_id>/", views.admin_kit, name="kits_admin"),
    path("<int:page_id>/rebuild/", views.admin_rebuild, name="kits_admin_rebuild"),
    path("<int:page_id>/language/", views.admin_language, name="kits_admin_language"),
    path("<int:page_id>/<slug:kind_slug>/", views.admin_file, name="kits_admin_file"),
]
