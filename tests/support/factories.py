"""Factories for the models of every app: what a test needs, and nothing it
does not ask for."""

import factory
from django.utils import timezone

from briefings.models import Analyst, Briefing, Country, Page, RelatedLink, Topic
from leads.models import (
    Lead,
    LeadRecipient,
    LeadSector,
    LostReason,
    OutgoingEmail,
    Prospect,
    RoutingRule,
    Sector,
)
from leads.services.roles import SALES
from tests.support.staff import staff_user


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("iso_code",)

    name = factory.Sequence(lambda n: f"Country {n}")
    slug = factory.Sequence(lambda n: f"country-{n}")
    iso_code = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class AnalystFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Analyst
        skip_postgeneration_save = True

    name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"analyst-{n}")
    title = "Senior analyst"

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)


class BriefingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Briefing
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Briefing number {n}")
    slug = factory.Sequence(lambda n: f"briefing-{n}")
    standfirst = "What changed this week and why it matters."
    summary = "An executive summary in a few sentences."
    body = "## Context\n\nSome context.\n\n## Outlook\n\nWhat comes next."
    status = Briefing.Status.PUBLISHED
    published_at = factory.LazyFunction(
        lambda: timezone.now() - timezone.timedelta(hours=1)
    )

    class Params:
        draft = factory.Trait(status=Briefing.Status.DRAFT)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(
                lambda: timezone.now() + timezone.timedelta(days=1)
            )
        )

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            self.authors.set(extracted)


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page
        django_get_or_create = ("slug",)

    slug = Page.Slug.ABOUT
    title = "About us"
    standfirst = "Who we are."
    body = "## What we do\n\nWe analyse security."


class RelatedLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelatedLink

    briefing = factory.SubFactory(BriefingFactory)
    target = factory.SubFactory(BriefingFactory)
    position = factory.Sequence(int)


class ProspectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prospect

    email = factory.Sequence(lambda n: f"prospect{n}@client.example")


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead
        skip_postgeneration_save = True

    prospect = factory.SubFactory(ProspectFactory)
    email = factory.SelfAttribute("prospect.email")
    full_name = factory.Faker("name")
    organisation = "Kilima Mining Holdings"
    job_title = "Head of Risk"
    help_wanted = Lead.HelpWanted.RISK_ASSESSMENT
    timeline = Lead.Timeline.QUARTER
    requirements = "A view of the security outlook for our sites next year."
    privacy_notice_version = "2026-11"
    status = Lead.Status.NEW
    lost_reason = factory.LazyAttribute(
        lambda lead: (
            LostReason.objects.get_or_create(name="Budget")[0]
            if lead.status == Lead.Status.LOST
            else None
        )
    )

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create:
            for sector in extracted or [Sector.MINING]:
                LeadSector.objects.create(lead=self, sector=sector)


class OutgoingEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutgoingEmail

    lead = factory.SubFactory(LeadFactory)
    kind = OutgoingEmail.Kind.ACKNOWLEDGEMENT
    recipient = factory.SelfAttribute("lead.email")
    key = factory.LazyAttribute(
        lambda email: (
            OutgoingEmail.about(email.kind, email.recipient, lead=email.lead).key
        )
    )


def recipient(email, *, username=None, countries=(), role=SALES, **fields):
    """A lead recipient whose account (in Sales) has this email address."""
    user = staff_user(role, username=username or email.split("@")[0].lower())
    user.email = email
    user.save(update_fields=["email"])
    return LeadRecipientFactory(user=user, countries=list(countries), **fields)


class LeadRecipientFactory(factory.django.DjangoModelFactory):
    """A recipient of lead data, with a staff account in Sales."""

    class Meta:
        model = LeadRecipient
        skip_postgeneration_save = True

    user = factory.Sequence(lambda n: staff_user(SALES, username=f"recipient{n}"))

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)


class RoutingRuleFactory(factory.django.DjangoModelFactory):
    """A routing rule: `countries` and `recipients` lists, `sectors` values;
    empty ones match any."""

    class Meta:
        model = RoutingRule
        skip_postgeneration_save = True

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def recipients(self, create, extracted, **kwargs):
        if create and extracted:
            self.recipients.set(extracted)
