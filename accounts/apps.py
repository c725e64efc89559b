from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True  # the module holds another app's config too
    name = "accounts"
    verbose_name = _("Staff accounts")

    def ready(self):
        from . import receivers  # noqa: F401


class LoginAttemptsConfig(AxesConfig):
    """django-axes, under the name staff see in the admin."""

    default = False
    verbose_name = _("Staff logins")
