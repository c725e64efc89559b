"""Every environment variable the settings read is in the README's
configuration and in .env.example, so an operator can find it."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READ = re.compile(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"')
VARIABLES = sorted(
    {
        name
        for path in (ROOT / "config" / "settings").glob("*.py")
        for name in READ.findall(path.read_text())
    }
)


def test_the_settings_read_variables():
    assert {"DATABASE_URL", "REDIS_URL", "STAFF_MFA_REQUIRED"} <= set(VARIABLES)


@pytest.mark.parametrize("name", VARIABLES)
def test_a_variable_is_documented(name):
    assert f"`{name}`" in (ROOT / "README.md").read_text()
    assert re.search(rf"^#? ?{name}=", (ROOT / ".env.example").read_text(), re.M)
