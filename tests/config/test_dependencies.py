"""Dependencies are pinned exactly and installed as pinned, so an audit (see
the README's `make audit`) speaks of what really runs."""

import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
project = tomllib.loads(PYPROJECT.read_text())["project"]
REQUIREMENTS = [
    Requirement(line)
    for line in [*project["dependencies"], *project["optional-dependencies"]["dev"]]
]


@pytest.mark.parametrize("requirement", REQUIREMENTS, ids=str)
def test_every_dependency_is_pinned_and_installed_as_pinned(requirement):
    (spec,) = requirement.specifier
    assert spec.operator == "==", f"{requirement} is not pinned exactly"
    assert version(requirement.name) == spec.version


def test_each_dependency_is_listed_once():
    names = [requirement.name.lower() for requirement in REQUIREMENTS]
    assert len(names) == len(set(names))


def test_django_is_the_52_lts():
    (spec,) = next(r for r in REQUIREMENTS if r.name == "Django").specifier
    assert spec.version.startswith("5.2.")
