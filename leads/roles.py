"""The staff roles, as groups created by a data migration (0003_roles)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

EDITORS = "Editors"
SALES = "Sales"
SALES_MANAGERS = "Sales managers"


def assignable_users():
    """Active staff who may work on requests: a lead can be assigned to them."""
    permission = Permission.objects.filter(
        content_type__app_label="leads", codename="change_lead"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=permission)
            | Q(user_permissions__in=permission)
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def sales_manager_emails():
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=SALES_MANAGERS)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def display_name(user):
    """How history and lists name a member of staff."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
