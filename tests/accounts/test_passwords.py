"""Common and short passwords are refused by the admin's own password form."""

import pytest
from django.urls import reverse

from tests.support.mfa import log_in_verified

pytestmark = pytest.mark.django_db


def change_password(app, user, new):
    log_in_verified(app, user)
    page = app.get(reverse("admin:password_change"))
    (form,) = [form for form in page.forms.values() if "old_password" in form.fields]
    form["old_password"] = "a-long-test-password"
    form["new_password1"] = form["new_password2"] = new
    return form.submit()


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("password123456", "This password is too common."),
        ("Kil1ma-Mine", "at least 12 characters"),
    ],
)
def test_a_weak_password_is_refused(django_app, editor, new, message):
    page = change_password(django_app, editor, new)
    assert page.status_code == 200
    assert message in page.text
    editor.refresh_from_db()
    assert editor.check_password("a-long-test-password")


def test_a_long_uncommon_password_is_accepted(django_app, editor):
    done = change_password(django_app, editor, "granite-lantern-ostrich-41")
    assert done.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password("granite-lantern-ostrich-41")
