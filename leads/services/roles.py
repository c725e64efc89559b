"""The staff roles: groups whose permissions keep editors and sales apart.

Editors work on briefings and cannot see requests for interest nor decide where
they go. Sales triage requests and read briefings. Sales managers also decide
who receives lead data (routing rules, lead recipients), unlock staff logins,
erase a prospect's personal data and export it for a subject access request.

The groups are brought to exactly these permissions after every migrate (and
every flush), so a database never holds a role with more than it should.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITORS = "Editors"
SALES = "Sales"
SALES_MANAGERS = "Sales managers"

BRIEFINGS_MODELS = ["country", "topic", "analyst", "briefing", "relatedlink", "page"]
SALES_PERMISSIONS = [
    ("leads", "view_lead"),
    # Typed in after a call, a meeting or an email (the admin adds none).
    ("leads", "add_lead"),
    ("leads", "change_lead"),
    ("leads", "export_lead"),
    ("leads", "view_dashboard"),
    ("leads", "view_prospect"),
    ("leads", "view_outgoingemail"),
    ("leads", "view_leadnote"),
    ("leads", "add_leadnote"),
    ("leads", "view_leadevent"),
    ("leads", "view_routingrule"),
    ("leads", "view_leadrecipient"),
    ("leads", "view_subscriber"),
    ("leads", "view_lostreason"),
    *(
        ("leads", f"{action}_{model}")
        for model in ("activity", "task")
        for action in ("view", "add", "change")
    ),
    ("leads", "view_organisation"),
    ("leads", "view_duplicatepair"),
    ("leads", "change_duplicatepair"),
    ("leads", "view_merge"),
    ("leads", "add_merge"),
    ("leads", "view_scoringweights"),
    ("leads", "view_followedcountry"),
    ("leads", "view_followedtopic"),
    *(("briefings", f"view_{model}") for model in BRIEFINGS_MODELS),
]
MANAGER_PERMISSIONS = [
    *SALES_PERMISSIONS,
    *(
        ("leads", f"{action}_{model}")
        for model in ("routingrule", "leadrecipient")
        for action in ("add", "change", "delete")
    ),
    ("leads", "view_routingrulechange"),
    ("leads", "view_leadrecipientchange"),
    ("leads", "erase_prospect"),
    # A reader who is no prospect is erased by deleting their subscription.
    ("leads", "delete_subscriber"),
    *(("leads", f"{action}_lostreason") for action in ("add", "change", "delete")),
    ("leads", "change_scoring"),
    *(("leads", f"{action}_webhook") for action in ("view", "add", "change", "delete")),
    ("leads", "view_webhookdelivery"),
    ("leads", "manage_team"),
    ("leads", "export_prospect"),
    ("leads", "view_erasurerecord"),
    # Locked-out logins (django-axes): seen and unlocked.
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
]
EDITOR_PERMISSIONS = [
    ("briefings", f"{action}_{model}")
    for model in BRIEFINGS_MODELS
    for action in ("add", "change", "delete", "view")
]
ROLES = {
    EDITORS: EDITOR_PERMISSIONS,
    SALES: SALES_PERMISSIONS,
    SALES_MANAGERS: MANAGER_PERMISSIONS,
}


def create_role_groups(using="default", **kwargs):
    """post_migrate: each role's group, with its permissions and no others.

    Runs once per migrated app, so a permission created by a later app is
    granted by the later run.
    """
    for name, wanted in ROLES.items():
        condition = Q(pk__in=[])
        for app_label, codename in wanted:
            condition |= Q(content_type__app_label=app_label, codename=codename)
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(Permission.objects.using(using).filter(condition))


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
