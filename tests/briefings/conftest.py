import pytest


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what the admin leaves for after the commit, as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
