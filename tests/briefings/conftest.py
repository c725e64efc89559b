import pytest


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what the admin leaves for after the commit, as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def media(settings, tmp_path):
    """Uploads, renditions, cards and PDFs in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
