"""Sales managers run their team: add a colleague, give or take a role,
deactivate or reactivate an account, without a superuser.

A manager never hands out more than they hold, nor touches an account that
holds more: they give only the roles whose every permission they have (so
never Editors, superuser or staff-admin rights), and change only accounts
whose rights are all theirs too, never their own nor a superuser's. Each
change is kept (TeamChange, shown on the team page) and logged as a security
event with ids only; each refusal is logged too.
"""

import dataclasses

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import events

from ..models import OutgoingEmail, TeamChange
from . import outbox
from .roles import ROLES, SALES, SALES_MANAGERS

TEAM_ROLES = [SALES, SALES_MANAGERS]

SELF = "self", _("This is you: another manager changes your account.")
SUPERUSER = "superuser", _("A superuser: only an administrator changes it.")
MORE_RIGHTS = "more_rights", _("Holds rights you do not hold.")
NOT_GRANTABLE = "not_grantable", _("You cannot give that role.")


class Refused(PermissionDenied):
    """The manager may not make this change; carries the reason's code."""

    def __init__(self, reason):
        self.code, message = reason
        super().__init__(message)


@dataclasses.dataclass
class Member:
    """An account as the team page shows it to one manager."""

    account: object
    roles: list
    two_step: bool
    refusal: str = ""  # why this manager may not change it, if they may not


def role_permissions(role):
    return {f"{app_label}.{codename}" for app_label, codename in ROLES[role]}


def grantable_roles(manager):
    """The team roles all of whose rights `manager` holds."""
    held = manager.get_all_permissions()
    return [role for role in TEAM_ROLES if role_permissions(role) <= held]


def members(manager):
    """Every staff account, with the reason `manager` may not change it, if
    any; a few queries whatever the team's size."""
    accounts = list(
        get_user_model()
        .objects.filter(is_staff=True)
        .prefetch_related("groups")
        .order_by("-is_active", "first_name", "last_name", "username")
    )
    rights = _rights([account.pk for account in accounts])
    two_step = set(
        TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True)
    )
    held = manager.get_all_permissions()
    found = []
    for account in accounts:
        reason = _refusal(manager, account, rights[account.pk], held)
        found.append(
            Member(
                account=account,
                roles=[group.name for group in account.groups.all()],
                two_step=account.pk in two_step,
                refusal=str(reason[1]) if reason else "",
            )
        )
    return found


def _rights(account_ids):
    """{account id: {"app.codename", ...}} from groups and own permissions,
    read whether the account is active or not."""
    rights = {pk: set() for pk in account_ids}
    User = get_user_model()
    through = (
        (Group.permissions.through, "group__user"),
        (User.user_permissions.through, "user"),
    )
    for model, account in through:
        rows = model.objects.filter(**{f"{account}__in": account_ids}).values_list(
            account, "permission__content_type__app_label", "permission__codename"
        )
        for pk, app_label, codename in rows:
            rights[pk].add(f"{app_label}.{codename}")
    return rights


def _refusal(manager, account, rights, held):
    if account.pk == manager.pk:
        return SELF
    if account.is_superuser:
        return SUPERUSER
    if not rights <= held:
        return MORE_RIGHTS
    return None


def _check(manager, account):
    """Refused, logged, unless `manager` may change `account`."""
    reason = _refusal(
        manager,
        account,
        _rights([account.pk])[account.pk],
        manager.get_all_permissions(),
    )
    if reason:
        refuse(manager, account, reason)


def refuse(manager, account, reason):
    """Log the refusal, with ids only, and raise it (a 403)."""
    events.team_change_refused(
        manager, account_id=getattr(account, "pk", None), reason=reason[0]
    )
    raise Refused(reason)


def _record(manager, account, kind, role=""):
    TeamChange.objects.create(actor=manager, account=account, kind=kind, role=role)
    events.team_changed(manager, account_id=account.pk, change=kind, role=role)


def _locked(account):
    return get_user_model().objects.select_for_update().get(pk=account.pk)


@transaction.atomic
def add_colleague(*, by, username, first_name, last_name, email, role):
    """A staff account in `role`, with no password until its owner sets one
    through the link sent to `email`; returns it."""
    if role not in grantable_roles(by):
        refuse(by, None, NOT_GRANTABLE)
    account = get_user_model().objects.create_user(
        username,
        email,
        None,  # unusable until they set their own
        first_name=first_name,
        last_name=last_name,
        is_staff=True,
    )
    account.groups.add(Group.objects.get(name=role))
    _record(by, account, TeamChange.Kind.ADDED, role)
    _invite(by, account)
    return account


@transaction.atomic
def invite(account, *, by):
    """Send a new link to set a password to an account that has none yet."""
    account = _locked(account)
    _check(by, account)
    if account.has_usable_password() or not account.is_active:
        return False
    _invite(by, account)
    return True


def _invite(manager, account):
    outbox.queue(
        [
            OutgoingEmail.about(
                OutgoingEmail.Kind.STAFF_INVITATION,
                account.email,
                account=account,
                occasion=timezone.now().isoformat(),
            )
        ]
    )
    _record(manager, account, TeamChange.Kind.INVITED)


@transaction.atomic
def set_roles(account, roles, *, by):
    """Give `account` exactly these team roles (any other group it is in is
    left alone); returns the roles given and taken."""
    account = _locked(account)
    _check(by, account)
    wanted = set(roles)
    grantable = set(grantable_roles(by))
    current = {group.name for group in account.groups.filter(name__in=TEAM_ROLES)}
    if (wanted ^ current) - grantable:
        refuse(by, account, NOT_GRANTABLE)
    given, taken = sorted(wanted - current), sorted(current - wanted)
    account.groups.add(*Group.objects.filter(name__in=given))
    account.groups.remove(*Group.objects.filter(name__in=taken))
    for role in given:
        _record(by, account, TeamChange.Kind.ROLE_GIVEN, role)
    for role in taken:
        _record(by, account, TeamChange.Kind.ROLE_TAKEN, role)
    return given, taken


@transaction.atomic
def set_active(account, active, *, by):
    """Deactivate (its sessions end at their next request) or reactivate an
    account; returns whether anything changed."""
    account = _locked(account)
    _check(by, account)
    if account.is_active == active:
        return False
    account.is_active = active
    account.save(update_fields=["is_active"])
    kind = TeamChange.Kind.REACTIVATED if active else TeamChange.Kind.DEACTIVATED
    _record(by, account, kind)
    return True
