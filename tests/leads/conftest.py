import pytest
from django.core.cache import cache

from leads.services.intake.stamps import Stamp
from leads.services.roles import SALES
from tests.support.factories import CountryFactory
from tests.support.mfa import verified_app
from tests.support.staff import client_for, staff_user


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mali(db):
    return CountryFactory(name="Mali", slug="mali", iso_code="ML")


@pytest.fixture
def niger(db):
    return CountryFactory(name="Niger", slug="niger", iso_code="NE")


@pytest.fixture
def sales(db):
    """A member of sales, with a name to show in lists and history."""
    return staff_user(SALES, first_name="Samuel", last_name="Mensah")


@pytest.fixture
def sales_client(sales):
    return client_for(sales)


@pytest.fixture
def sales_app(django_app, sales):
    """django_app (webtest) as that member of sales, second step done."""
    return verified_app(django_app, sales)


@pytest.fixture
def valid_data(mali):
    """A complete, acceptable POST body, as a person would send it."""
    return {
        "full_name": "Amara Diallo",
        "email": "Amara.Diallo@Kilima.example",
        "organisation": "Kilima Mining Holdings",
        "job_title": "Head of Risk",
        "phone": "+27 11 555 0100",
        "countries": [str(mali.pk)],
        "sectors": ["mining", "investment"],
        "help_wanted": "risk_assessment",
        "timeline": "quarter",
        "requirements": "We plan a new site.\r\nWhat is the outlook for road access?",
        "privacy": "on",
        "stamp": Stamp().sign(),
    }
