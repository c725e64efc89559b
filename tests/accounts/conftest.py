import logging

import pytest

from leads.roles import EDITORS
from tests.leads.staff import PASSWORD, staff_user
from tests.support.logins import ADDRESS


@pytest.fixture
def app(django_app_factory):
    """A browser-like client of the WSGI app, from one client address."""
    return django_app_factory(extra_environ={"REMOTE_ADDR": ADDRESS})


@pytest.fixture
def app_from(django_app_factory):
    def make(address):
        return django_app_factory(extra_environ={"REMOTE_ADDR": address})

    return make


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
