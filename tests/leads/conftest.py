import pytest
from django.core.cache import cache

from leads.stamps import Stamp
from tests.briefings.factories import CountryFactory


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
