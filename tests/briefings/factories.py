import factory
from django.utils import timezone

from briefings.models import Analyst, Briefing, Country, RelatedLink, Topic


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


class RelatedLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelatedLink

    briefing = factory.SubFactory(BriefingFactory)
    target = factory.SubFactory(BriefingFactory)
    position = factory.Sequence(int)
