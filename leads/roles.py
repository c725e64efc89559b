"""The staff roles, as groups created by a data migration (0003_roles)."""

from django.conf import settings
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


def may_work_on_leads(user):
    return bool(user and user.is_active and user.is_staff) and user.has_perm(
        "leads.change_lead"
    )


def may_receive_lead_data(email):
    """Whether lead data may be sent to this address: a sales address of last
    resort, or the address of an account that may still work on requests."""
    address = email.lower()
    return address in {e.lower() for e in settings.LEADS_NOTIFY_EMAILS} or (
        assignable_users().filter(email__iexact=address).exists()
    )


def sales_manager_emails():
    return list(
        assignable_users()
        .filter(groups__name=SALES_MANAGERS)
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
