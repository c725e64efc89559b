from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("two-step/", views.VerifyView.as_view(), name="verify"),
    path("two-step/set-up/", views.EnrolView.as_view(), name="enrol"),
    path(
        "two-step/recovery-codes/",
        views.RecoveryCodesView.as_view(),
        name="recovery_codes",
    ),
]
