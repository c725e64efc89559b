"""Logging staff in through the admin's own login form, as rendered."""

from django.urls import reverse

ADDRESS = "192.0.2.10"


def login_page(app, next_url=None):
    url = reverse("admin:login")
    return app.get(url + (f"?next={next_url}" if next_url else ""))


def admin_login(app, username, password, next_url=None, **kwargs):
    """Submit the login form; returns the response (not followed)."""
    form = login_page(app, next_url).forms["login-form"]
    form["username"] = username
    form["password"] = password
    return form.submit(**kwargs)
