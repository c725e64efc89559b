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
    path(
        "set-password/<uidb64>/<token>/",
        views.SetPasswordView.as_view(),
        name="set_password",
    ),
    path("set-password/done/", views.PasswordSetView.as_view(), name="password_set"),
]
