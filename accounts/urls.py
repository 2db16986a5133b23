from django.urls import path

from . import views

app_name = "two_factor"
urlpatterns = [
    path("", views.account, name="account"),
    path("enrol/", views.enrol, name="enrol"),
    path("verify/", views.verify, name="verify"),
    path("disable/", views.disable, name="disable"),
    path("reset/<int:user_id>/", views.reset_for_user, name="reset_for_user"),
]
