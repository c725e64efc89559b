import logging

import pytest
from django_webtest import DjangoTestApp

from leads.services.roles import EDITORS
from tests.support.logins import ADDRESS
from tests.support.staff import PASSWORD, staff_user


@pytest.fixture
def app_from(django_app):
    """Browser-like clients of the WSGI app, each from its own address.

    They share django_app's settings patch: django_app_factory, called twice in
    a test, restores its own patch and leaks DEBUG_PROPAGATE_EXCEPTIONS.
    """

    def make(address):
        return DjangoTestApp(extra_environ={"REMOTE_ADDR": address})

    return make


@pytest.fixture
def app(app_from):
    return app_from(ADDRESS)


@pytest.fixture
def security_log(caplog):
    """The security events logged during the test, as their records."""
    caplog.set_level(logging.INFO, logger="security")

    def records(event=None):
        return [
            record
            for record in caplog.records
            if record.name == "security" and event in (None, record.event)
        ]

    return records


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def editor(db):
    return staff_user(EDITORS)
