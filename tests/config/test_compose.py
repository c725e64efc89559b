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
from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_DIR = ROOT / "config" / "settings"
PROXY_TEMPLATE = ROOT / "deploy" / "nginx" / "templates" / "portal.conf.template"
APP_SERVICES = ("web", "worker", "beat", "migrate")
# Read by Django itself rather than by a settings module.
READ_BY_DJANGO = {"DJANGO_SETTINGS_MODULE"}
# Settings variables the stack deliberately does not pass on.
NOT_FOR_THE_STACK = {
    "DJANGO_DEBUG": "production forces DEBUG off",
    "DJANGO_STATIC_ROOT": "static files are collected when the image is built",
    "CELERY_BROKER_URL": "the broker is the stack's Redis, from REDIS_URL",
    "STAFF_MFA_REQUIRED": "production refuses to start with it off",
    "LEADS_WEBHOOK_ALLOW_LOCALHOST": "production refuses to start with it on",
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


def dockerfile_stage(name):
    """The instructions of one stage (`FROM ... AS name`) of the Dockerfile."""
    stages, current = {}, None
    for op, args in dockerfile_instructions():
        if op == "FROM":
            current = args.split()[-1]
        stages.setdefault(current, []).append((op, args))
    return stages[name]


def template_variables():
    return set(re.findall(r"\$\{(PORTAL_\w+)\}", PROXY_TEMPLATE.read_text()))


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
    assert set(services) >= {
        *APP_SERVICES,
        "proxy",
        "postgres",
        "redis",
        "cache",
        "mailpit",
    }
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
        "cache": {"condition": "service_healthy"},
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
    assert instructions[0] == ["FROM", "python:3.11-slim AS app"]
    users = [args for op, args in dockerfile_stage("app") if op == "USER"]
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
    web = load_compose()["services"]["web"]
    assert web["expose"] == [exposed]
    assert load_compose()["services"]["proxy"]["environment"]["PORTAL_UPSTREAM"] == (
        f"web:{exposed}"
    )


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


def test_the_proxy_is_the_only_published_port():
    services = load_compose()["services"]
    assert services["proxy"]["ports"] == ["${HTTP_PORT:-8000}:80"]
    published = {name for name, service in services.items() if "ports" in service}
    assert published == {"proxy", "mailpit"}
    # Mailpit, for trying the stack only, listens on the machine itself.
    assert all(port.startswith("127.0.0.1:") for port in services["mailpit"]["ports"])


def test_the_app_trusts_exactly_the_one_proxy_in_front():
    environment = load_compose()["services"]["web"]["environment"]
    # One by default; an operator with a balancer in front raises both together.
    assert environment["LEADS_TRUSTED_PROXY_COUNT"] == "${LEADS_TRUSTED_PROXY_COUNT:-1}"
    proxy = load_compose()["services"]["proxy"]["environment"]
    assert proxy["PORTAL_FORWARDED_PROTO"] == "${PORTAL_FORWARDED_PROTO:-$$scheme}"
    template = PROXY_TEMPLATE.read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in template
    assert "proxy_set_header X-Forwarded-Proto ${PORTAL_FORWARDED_PROTO};" in template


def test_the_proxy_is_built_from_the_repository_and_given_every_template_variable():
    proxy = load_compose()["services"]["proxy"]
    assert proxy["build"] == {"context": ".", "target": "proxy"}
    stage = dockerfile_stage("proxy")
    baked = " ".join(args for op, args in stage if op == "ENV")
    given = set(proxy["environment"]) | set(re.findall(r"(PORTAL_\w+)=", baked))
    assert template_variables() <= given
    assert "NGINX_ENVSUBST_FILTER=^PORTAL_" in baked
    copied = " ".join(args for op, args in stage if op == "COPY")
    assert "deploy/nginx/templates/ /etc/nginx/templates/" in copied
    assert "media:/srv/media:ro" in proxy["volumes"]


def test_the_proxy_bounds_bodies_as_the_app_does():
    template = PROXY_TEMPLATE.read_text()
    form_bound = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
    assert re.search(rf"^client_max_body_size {form_bound}k;", template, re.M)
    assert "client_max_body_size ${PORTAL_UPLOAD_MAX_BODY_SIZE};" in template
    environment = load_compose()["services"]["proxy"]["environment"]
    assert environment["PORTAL_UPLOAD_MAX_BODY_SIZE"] == (
        f"${{DJANGO_UPLOAD_MAX_BODY_SIZE:-{settings.UPLOAD_MAX_BODY_SIZE}}}"
    )


def test_the_broker_never_evicts_and_the_page_cache_is_a_bounded_evicting_redis():
    services = load_compose()["services"]
    environment = services["web"]["environment"]
    assert environment["REDIS_URL"] == "redis://redis:6379/0"
    assert environment["CACHE_URL"] == "redis://cache:6379/0"
    broker = " ".join(services["redis"]["command"])
    cache = " ".join(services["cache"]["command"])
    assert "--maxmemory-policy noeviction" in broker
    assert "--maxmemory-policy allkeys-lru" in cache
    assert "--maxmemory " in cache
    assert services["cache"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
