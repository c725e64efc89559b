"""Staff accounts in the role groups, and clients logged in as them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

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
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
