import factory

from leads.models import (
    Lead,
    LeadRecipient,
    LeadSector,
    Notification,
    Prospect,
    Sector,
)
from leads.roles import SALES
from tests.leads.staff import staff_user


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

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create:
            for sector in extracted or [Sector.MINING]:
                LeadSector.objects.create(lead=self, sector=sector)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    lead = factory.SubFactory(LeadFactory)
    kind = Notification.Kind.ACKNOWLEDGEMENT
    recipient = factory.SelfAttribute("lead.email")


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
