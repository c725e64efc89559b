"""Organisations as sales read them: the list, and one organisation's people,
requests, subscriptions and pipeline, each in one query however many."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Lower

from ..models import OPEN_STATUSES, Lead, LeadStatus, Organisation, Subscriber
from ..services.organisations import normalise_name

REQUESTS_SHOWN = 100


def organisations(search=""):
    """Every organisation with its people and open requests, those whose name
    or domain matches `search` if given."""
    found = Organisation.objects.annotate(
        people=Count("prospects", filter=Q(prospects__merged_into=None), distinct=True),
        open_requests=Count(
            "prospects__leads",
            filter=Q(prospects__leads__status__in=OPEN_STATUSES),
            distinct=True,
        ),
    )
    if search := search.strip():
        condition = Q(name__icontains=search) | Q(domain__icontains=search)
        if key := normalise_name(search):
            condition |= Q(key__contains=key)
        found = found.filter(condition)
    return found.order_by("name", "pk")


@dataclass
class OrganisationPage:
    organisation: Organisation
    people: list
    requests: list  # the latest REQUESTS_SHOWN
    more_requests: bool
    subscriptions: list
    pipeline: list  # (currency, total of open deals)


def organisation_page(organisation: Organisation) -> OrganisationPage:
    prospects = organisation.prospects.filter(merged_into=None)
    latest = Lead.objects.filter(prospect=OuterRef("pk")).order_by("-created_at")
    people = prospects.annotate(
        request_count=Count("leads"),
        full_name=Subquery(latest.values("full_name")[:1]),
        job_title=Subquery(latest.values("job_title")[:1]),
    ).order_by("full_name", "pk")
    leads = Lead.objects.filter(prospect__organisation=organisation).exclude(
        status=LeadStatus.SPAM
    )
    requests = list(
        leads.select_related("assignee").order_by("-created_at", "-pk")[
            : REQUESTS_SHOWN + 1
        ]
    )
    subscriptions = (
        Subscriber.objects.alias(key=Lower("email"))
        .filter(key__in=prospects.annotate(key=Lower("email")).values("key"))
        .prefetch_related("countries", "topics")
        .order_by("email")
    )
    pipeline = (
        leads.open()
        .filter(deal_value__isnull=False)
        .values_list("deal_currency")
        .annotate(total=Sum("deal_value"))
        .order_by("deal_currency")
    )
    return OrganisationPage(
        organisation=organisation,
        people=list(people),
        requests=requests[:REQUESTS_SHOWN],
        more_requests=len(requests) > REQUESTS_SHOWN,
        subscriptions=list(subscriptions),
        pipeline=list(pipeline),
    )
