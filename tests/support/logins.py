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


def browser_login(page, base_url, username, password, device):
    """Log in in Chromium (Playwright) with the password, then the code of
    `device` at the second step. Fetch the device before the browser starts:
    Django refuses ORM calls inside Playwright's event loop."""
    from tests.support.mfa import code

    page.goto(base_url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(base_url + reverse("accounts:verify") + "*")
    page.fill("#id_code", code(device))
    page.click("input[type=submit]")
    page.wait_for_url(base_url + reverse("admin:index"))
