"""No input makes a 500: every public URL pattern, every query parameter the
site reads (and some it does not), the Request for Interest form and the
admin's autocomplete, with NUL bytes, invalid UTF-8, huge, negative, repeated
and array values, answer below 500."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from leads.models import Subscriber
from tests.support.briefing_pages import make_briefing
from tests.support.factories import LeadFactory
from tests.support.hostile import HOSTILE_VALUES
from tests.support.mfa import log_in_verified

pytestmark = pytest.mark.django_db

PARAMETERS = ("page", "country", "topic", "q", "p", "briefing", "utm_source", "term")
# Raw query-string values: percent-encoded as a client may send them.


def public_patterns(resolver=None, prefix=""):
    """(name, converters) of every named URL pattern outside the admin."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from public_patterns(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}", set(pattern.pattern.converters)


def sample_kwargs(name, converters, briefing, lead, subscriber):
    country = briefing.countries.get()
    samples = {
        "briefings:detail": {"slug": briefing.slug},
        "briefings:pdf": {"slug": briefing.slug},
        "briefings:social-card": {"slug": briefing.slug},
        "briefings:analyst": {"slug": briefing.authors.get().slug},
        "briefings:country": {"slug": country.slug},
        "briefings:country-feed": {"slug": country.slug},
        "briefings:topic": {"slug": briefing.topics.get().slug},
        "briefings:topic-feed": {"slug": briefing.topics.get().slug},
        "leads:thanks": {"reference": lead.reference},
        "leads:confirm_alerts": {"value": "not-a-signed-value"},
        "leads:alert_preferences": {"token": subscriber.token},
        "leads:unsubscribe": {"token": subscriber.token},
        "accounts:set_password": {"uidb64": "MQ", "token": "not-a-token"},
        # Staff pages: anonymous visitors are sent to the login.
        **{
            f"leads:{name}": {"pk": 1}
            for name in (
                "move",
                "organisation",
                "duplicate",
                "merge",
                "dismiss",
                "undo_merge",
                "webhook",
                "webhook_delete",
                "webhook_resend",
                "team_roles",
                "team_active",
                "team_invite",
            )
        },
    }
    kwargs = samples.get(name, {})
    assert set(kwargs) == converters, f"no sample for {name}: add one"
    return kwargs


@pytest.fixture
def urls(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the PDF and the social card are made
    briefing = make_briefing()
    lead = LeadFactory(countries=[briefing.countries.get()])
    subscriber = Subscriber.objects.create(email="reader@example.org")
    return [
        reverse(
            name, kwargs=sample_kwargs(name, converters, briefing, lead, subscriber)
        )
        for name, converters in public_patterns()
    ]


def hostile_queries():
    for label, value in HOSTILE_VALUES.items():
        yield label, "&".join(f"{name}={value}" for name in PARAMETERS)
    yield "repeated", "&".join(f"{n}=a&{n}=b&{n}=%00" for n in PARAMETERS)
    yield "array", "&".join(f"{n}[]=1&{n}[x]=2" for n in PARAMETERS)
    yield "no-value", "&".join(PARAMETERS)
    yield "only-separators", "&&&==&%26=%3D"


def test_every_public_url_answers_hostile_query_strings_below_500(urls):
    client = Client(raise_request_exception=False)
    failures = []
    for url in urls:
        for label, query in hostile_queries():
            for method in (client.get, client.head):
                response = method(f"{url}?{query}")
                if response.status_code >= 500:
                    failures.append(f"{method.__name__} {url} {label}")
    assert not failures, failures


def test_the_admin_autocomplete_answers_hostile_terms_below_500(django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@asa.example", "x")
    client = Client(raise_request_exception=False)
    log_in_verified(client, user)
    fields = [
        ("briefings", "briefing", "countries"),
        ("briefings", "briefing", "topics"),
        ("briefings", "briefing", "authors"),
        ("briefings", "relatedlink", "target"),
        ("nope", "nothing", "none"),
    ]
    failures = []
    for app_label, model_name, field_name in fields:
        for label, value in [*HOSTILE_VALUES.items(), ("array", "1&term[]=2")]:
            url = (
                f"/admin/autocomplete/?app_label={app_label}&model_name={model_name}"
                f"&field_name={field_name}&term={value}&page={value}"
            )
            if client.get(url).status_code >= 500:
                failures.append(f"{model_name}.{field_name} {label}")
    assert not failures, failures
