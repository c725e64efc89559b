"""The sales workspace's share of the data set: 10 000 requests for interest
with their history, a lead with a long timeline, and a member of sales
logged in (second step done) whose cookie the load generator sends.

Written with bulk_create, as bench/seed.py writes the briefings."""

from datetime import timedelta
from decimal import Decimal

SALES_PEOPLE = 6
# The lead whose page is timed carries a year of work.
TIMELINE_ENTRIES = 60


def seed_leads(count, rng, briefings, countries):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from leads.models import (
        Activity,
        Lead,
        LeadEvent,
        LeadNote,
        LeadSector,
        LostReason,
        Prospect,
        Sector,
        Task,
    )
    from leads.services.roles import SALES
    from tests.support.mfa import log_in_verified

    User = get_user_model()
    now = timezone.now()
    funnel = ["new", "contacted", "qualified", "proposal_sent", "won"]
    stages = [*funnel, "lost", "spam"]
    weights = [30, 20, 15, 10, 10, 12, 3]
    with transaction.atomic():
        group = Group.objects.get(name=SALES)
        people = [
            User.objects.create_user(
                username=f"sales-{n}",
                email=f"sales-{n}@asa.example",
                first_name=f"Seller {n}",
                is_staff=True,
            )
            for n in range(SALES_PEOPLE)
        ]
        group.user_set.add(*people)
        reasons = list(LostReason.objects.all())
        prospects = Prospect.objects.bulk_create(
            Prospect(email=f"prospect-{n}@client-{n % 900}.example")
            for n in range(count)
        )
        leads, days = [], []
        for n, prospect in enumerate(prospects):
            status = rng.choices(stages, weights)[0]
            received = now - timedelta(minutes=rng.randint(10, 365 * 24 * 60))
            days.append(received)
            leads.append(
                Lead(
                    prospect=prospect,
                    full_name=f"Prospect {n}",
                    email=prospect.email,
                    organisation=f"Client {n % 900} Holdings",
                    job_title="Head of Risk",
                    help_wanted=rng.choice(Lead.HelpWanted.values),
                    timeline=rng.choice(Lead.Timeline.values),
                    requirements="We need an assessment of the security outlook.",
                    privacy_notice_version="2026-01",
                    source_briefing=rng.choice(briefings) if n % 3 else None,
                    utm_source="alert" if n % 11 == 0 else "",
                    status=status,
                    spam_reason="bench" if status == "spam" else "",
                    assignee=rng.choice(people) if n % 5 else None,
                    created_at=received,
                    response_due_at=received + timedelta(hours=8),
                    first_response_at=(
                        None
                        if status in ("new", "spam")
                        else received + timedelta(minutes=rng.randint(5, 48 * 60))
                    ),
                    deal_value=(
                        Decimal(rng.randrange(5, 200) * 1000)
                        if status not in ("new", "spam")
                        else None
                    ),
                    deal_currency=rng.choice(["USD", "USD", "EUR", "GBP"]),
                    lost_reason=rng.choice(reasons) if status == "lost" else None,
                    score=rng.randint(0, 100),
                )
            )
        Lead.objects.bulk_create(leads, batch_size=1000)
        # auto_now_add wrote the present: put each request back in its day.
        for lead, received in zip(leads, days, strict=True):
            lead.created_at = received
        Lead.objects.bulk_update(leads, ["created_at"], batch_size=1000)
        through = Lead.countries.through
        through.objects.bulk_create(
            (
                through(lead_id=lead.pk, country_id=country.pk)
                for lead in leads
                for country in {rng.choice(countries) for _ in range(rng.randint(1, 2))}
            ),
            batch_size=2000,
        )
        LeadSector.objects.bulk_create(
            (
                LeadSector(lead=lead, sector=sector)
                for lead in leads
                for sector in rng.sample(Sector.values, rng.randint(1, 2))
            ),
            batch_size=2000,
        )
        events = []
        for lead in leads:
            if lead.status in funnel:
                path = funnel[: funnel.index(lead.status) + 1]
            elif lead.status == "lost":
                path = [*funnel[: rng.randint(1, 4)], "lost"]
            else:
                path = []
            for old, new in zip(path, path[1:], strict=False):
                events.append(
                    LeadEvent(
                        lead=lead,
                        kind=LeadEvent.Kind.STATUS,
                        old_value=old,
                        new_value=new,
                        actor=lead.assignee,
                    )
                )
        LeadEvent.objects.bulk_create(events, batch_size=2000)

        # One lead's long timeline: notes, calls, emails, changes and tasks.
        busy = leads[1]
        author = people[0]
        LeadNote.objects.bulk_create(
            LeadNote(lead=busy, author=author, text=f"Spoke about phase {n}.")
            for n in range(TIMELINE_ENTRIES // 3)
        )
        Activity.objects.bulk_create(
            Activity(
                lead=busy,
                kind=rng.choice(["call", "meeting", "email_in"]),
                subject=f"Follow-up {n}",
                outcome="Interested",
                author=author,
                occurred_at=now - timedelta(days=n),
            )
            for n in range(TIMELINE_ENTRIES // 3)
        )
        Task.objects.bulk_create(
            Task(
                lead=busy,
                title=f"Call back {n}",
                due_at=now + timedelta(days=n - 5),
                owner=author,
                created_by=author,
                done_at=now if n % 2 else None,
            )
            for n in range(TIMELINE_ENTRIES // 3)
        )
        user = User.objects.create_user(
            username="bench-sales", email="bench-sales@asa.example", is_staff=True
        )
        group.user_set.add(user)
    client = log_in_verified(Client(), user)
    name = settings.SESSION_COOKIE_NAME
    return {
        "leads": len(leads),
        "timeline_lead": busy.pk,
        "staff_cookie": f"{name}={client.cookies[name].value}",
    }
