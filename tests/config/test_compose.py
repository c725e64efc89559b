"""The Docker Compose stack and the image agree with the settings and the URLs.

Docker cannot run in CI, so these read docker-compose.yml, the Dockerfile and
config/gunicorn.py and hold them to what the code expects.
"""

import ast
import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_DIR = ROOT / "config" / "settings"
APP_SERVICES = ("web", "worker", "beat", "migrate")
# Read by Django itself rather than by a settings module.
READ_BY_DJANGO = {"DJANGO_SETTINGS_MODULE"}
# Settings variables the stack deliberately does not pass on.
NOT_FOR_THE_STACK = {
    "DJANGO_DEBUG": "production forces DEBUG off",
    "DJANGO_STATIC_ROOT": "static files are collected when the image is built",
    "CELERY_BROKER_URL": "the broker is the stack's Redis, from REDIS_URL",
    "STAFF_MFA_REQUIRED": "production refuses to start with it off",
}


def load_compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def compose_schema():
    # A copy of ../shared/schemas/compose-spec.json, so CI needs nothing outside
    # the repository.
    return json.loads((Path(__file__).parent / "compose-spec.json").read_text())


def env_names_read(path):
    """Variable names read with env(...), env.bool(...) or os.environ.get(...)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        func = node.func
        reads_env = (isinstance(func, ast.Name) and func.id == "env") or (
            isinstance(func, ast.Attribute)
            and (
                (isinstance(func.value, ast.Name) and func.value.id == "env")
                or ast.unparse(func) in ("os.environ.get", "os.getenv")
            )
        )
        if reads_env:
            names.add(first.value)
    return names


def settings_env_names():
    names = set()
    for path in SETTINGS_DIR.glob("*.py"):
        names |= env_names_read(path)
    return names


def production_required():
    tree = ast.parse((SETTINGS_DIR / "production.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "REQUIRED":
            return set(ast.literal_eval(node.value))
    raise AssertionError("production.py defines no REQUIRED")


def dockerfile_instructions():
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [
        line.strip().split(None, 1)
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def validate(compose):
    jsonschema.Draft7Validator(compose_schema()).validate(compose)


def test_compose_file_is_valid_against_the_compose_specification():
    validate(load_compose())


def test_schema_check_rejects_a_broken_compose_file():
    broken = copy.deepcopy(load_compose())
    broken["services"]["web"]["depends_on"]["postgres"]["condition"] = "whenever"
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)


def test_stack_has_every_service_it_needs():
    services = load_compose()["services"]
    assert set(services) >= {*APP_SERVICES, "postgres", "redis", "mailpit"}
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]
    assert services["migrate"]["command"] == [
        "python",
        "manage.py",
        "migrate",
        "--noinput",
    ]


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_only_set_variables_the_code_reads(service):
    environment = load_compose()["services"][service]["environment"]
    read = settings_env_names() | READ_BY_DJANGO
    if service == "web":
        read |= env_names_read(ROOT / "config" / "gunicorn.py")
    assert set(environment) - read == set()


@pytest.mark.parametrize("service", APP_SERVICES)
def test_every_variable_the_settings_read_can_be_set_through_the_stack(service):
    environment = load_compose()["services"][service]["environment"]
    missing = settings_env_names() - set(environment) - set(NOT_FOR_THE_STACK)
    assert missing == set(), "add them to x-app's environment in docker-compose.yml"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_provide_every_required_production_variable(service):
    environment = load_compose()["services"][service]["environment"]
    assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert production_required() <= set(environment)


def test_operators_set_variables_under_the_names_the_settings_read():
    environment = load_compose()["services"]["web"]["environment"]
    passed_on = [name for name, value in environment.items() if value is None]
    assert "DJANGO_SECURE_SSL_REDIRECT" in passed_on
    for name, value in environment.items():
        interpolated = re.fullmatch(r"\$\{(\w+)[:?-][^}]*\}", str(value))
        if interpolated:
            assert interpolated.group(1) == name


def test_secrets_are_required_from_the_environment_never_written_down():
    compose = load_compose()
    environment = compose["services"]["web"]["environment"]
    assert environment["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")
    assert "${POSTGRES_PASSWORD:?" in environment["DATABASE_URL"]
    postgres_env = compose["services"]["postgres"]["environment"]
    assert postgres_env["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")


@pytest.mark.parametrize("service", ("web", "worker", "beat"))
def test_long_running_services_wait_for_healthy_backends_and_migrations(service):
    depends_on = load_compose()["services"][service]["depends_on"]
    assert depends_on == {
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }


def test_backing_services_keep_data_and_report_health():
    compose = load_compose()
    services = compose["services"]
    for name in ("postgres", "redis", "mailpit"):
        assert services[name]["healthcheck"]["test"], name
    assert "pg_isready" in services["postgres"]["healthcheck"]["test"][1]
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    redis_command = " ".join(services["redis"]["command"])
    assert "--appendonly yes" in redis_command
    assert "--maxmemory-policy noeviction" in redis_command
    for name, mount in (("postgres", "/var/lib/postgresql/data"), ("redis", "/data")):
        volume = next(v.split(":")[0] for v in services[name]["volumes"])
        assert volume in compose["volumes"]
        assert f"{volume}:{mount}" in services[name]["volumes"]


def test_worker_checks_its_own_health_and_beat_and_migrate_skip_the_web_check():
    services = load_compose()["services"]
    assert "inspect ping" in services["worker"]["healthcheck"]["test"][1]
    assert services["beat"]["healthcheck"] == {"disable": True}
    assert services["migrate"]["healthcheck"] == {"disable": True}
    assert services["migrate"]["restart"] == "no"


def test_dockerfile_runs_gunicorn_as_a_non_root_user_on_a_slim_python():
    instructions = dockerfile_instructions()
    assert instructions[0] == ["FROM", "python:3.11-slim"]
    users = [args for op, args in instructions if op == "USER"]
    assert users and users[-1] not in ("root", "0")
    cmd = json.loads(next(args for op, args in instructions if op == "CMD"))
    assert cmd == ["gunicorn", "--config", "config/gunicorn.py"]


def test_dockerfile_port_and_health_check_agree_with_gunicorn_and_the_urls():
    instructions = dockerfile_instructions()
    exposed = next(args for op, args in instructions if op == "EXPOSE")
    healthcheck = next(args for op, args in instructions if op == "HEALTHCHECK")
    gunicorn = (ROOT / "config" / "gunicorn.py").read_text()
    assert f'"GUNICORN_BIND", "0.0.0.0:{exposed}"' in gunicorn
    assert f"http://127.0.0.1:{exposed}{reverse('healthz')}" in healthcheck
    assert load_compose()["services"]["web"]["ports"] == [
        f"${{WEB_PORT:-{exposed}}}:{exposed}"
    ]


def test_dockerfile_bakes_no_secret_into_the_image():
    instructions = dockerfile_instructions()
    baked = " ".join(args for op, args in instructions if op in ("ENV", "ARG"))
    for name in production_required():
        assert name not in baked
    collectstatic = next(
        args for op, args in instructions if op == "RUN" and "collectstatic" in args
    )
    assert "DJANGO_SECRET_KEY=collectstatic-only" in collectstatic


def test_image_leaves_out_secrets_and_local_state():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".git", ".venv", "db.sqlite3*", "media", "staticfiles"} <= set(
        ignored
    )
