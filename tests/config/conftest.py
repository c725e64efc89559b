import pytest

from tests.support.production import SECURITY_SETTINGS, production_settings


@pytest.fixture(scope="session")
def production_security():
    return production_settings(*SECURITY_SETTINGS)


@pytest.fixture
def https_only(settings, production_security):
    """The test settings with production's HTTPS, HSTS and cookie settings."""
    for name, value in production_security.items():
        setattr(settings, name, value)
    return settings
