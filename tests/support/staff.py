"""Staff accounts in the role groups, and clients logged in as them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from tests.support.mfa import log_in_verified

PASSWORD = "a-long-test-password"


def staff_user(role, username=None, **fields):
    """A staff account in one of the role groups (role None: no group)."""
    username = username or (role or "nobody").lower().replace(" ", "_")
    user = get_user_model().objects.create_user(
        username,
        f"{username}@asa.example",
        PASSWORD,
        is_staff=True,
        **fields,
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def client_for(user):
    """A client logged in as `user`, second step included."""
    client = Client()
    if user is not None:
        log_in_verified(client, user)
    return client
