import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from briefings import demo
from briefings.cache import bump_generation
from briefings.models import Analyst, Briefing, Country, Page, RelatedLink, Topic
from briefings.portraits import placeholder_portrait


def upsert(model, slug, **fields):
    """Create or update the row with this slug, writing only when something differs.

    Skipping identical writes keeps a second run from touching `updated_at`.
    """
    obj = model.objects.filter(slug=slug).first()
    if obj is None:
        return model.objects.create(slug=slug, **fields), True
    changed = {
        name: value for name, value in fields.items() if getattr(obj, name) != value
    }
    if changed:
        for name, value in changed.items():
            setattr(obj, name, value)
        obj.save()
    return obj, bool(changed)


class Command(BaseCommand):
    help = (
        "Load the demo countries, topics, analysts, briefings and pages; safe to "
        "run again. "
        "Under local settings, also create a superuser when there is none."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            written = self.load_content()
        if written:
            bump_generation()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content loaded; rows created or updated: {written}."
            )
        )
        if settings.CREATE_DEMO_ACCOUNTS:
            self.create_superuser()

    def load_content(self):
        written = 0
        countries = {}
        for name, slug, iso_code in demo.COUNTRIES:
            countries[slug], changed = upsert(
                Country,
                slug,
                name=name,
                iso_code=iso_code,
                introduction=demo.COUNTRY_INTRODUCTIONS.get(slug, ""),
            )
            written += changed
        topics = {}
        for name, slug, description in demo.TOPICS:
            topics[slug], changed = upsert(
                Topic, slug, name=name, description=description
            )
            written += changed

        analysts = {}
        for index, data in enumerate(demo.ANALYSTS):
            fields = dict(data)
            slug, country_slugs = fields.pop("slug"), fields.pop("countries")
            analyst, changed = upsert(Analyst, slug, **fields)
            analyst.countries.set([countries[key] for key in country_slugs])
            if not analyst.photo:
                analyst.photo_alt = f"Placeholder portrait of {analyst.name}"
                analyst.photo.save(
                    f"{slug}.png",
                    ContentFile(placeholder_portrait(analyst.name, index)),
                )
                changed = True
            analysts[slug] = analyst
            written += changed

        for data in demo.PAGES:
            fields = dict(data)
            _, changed = upsert(Page, fields.pop("slug"), **fields)
            written += changed

        briefings = {}
        for data in demo.BRIEFINGS:
            fields = dict(data, status=Briefing.Status.PUBLISHED)
            slug = fields.pop("slug")
            country_slugs, topic_slugs = fields.pop("countries"), fields.pop("topics")
            author_slugs = fields.pop("authors")
            briefing, changed = upsert(Briefing, slug, **fields)
            briefing.countries.set([countries[key] for key in country_slugs])
            briefing.topics.set([topics[key] for key in topic_slugs])
            briefing.authors.set([analysts[key] for key in author_slugs])
            if changed:
                # Demo briefings were not edited after publication.
                Briefing.objects.filter(pk=briefing.pk).update(
                    updated_at=briefing.published_at
                )
            briefings[slug] = briefing
            written += changed

        for position, (source, target) in enumerate(demo.RELATED_LINKS, start=1):
            _, created = RelatedLink.objects.update_or_create(
                briefing=briefings[source],
                target=briefings[target],
                defaults={"position": position},
            )
            written += created
        return written

    def create_superuser(self):
        User = get_user_model()
        login_url = f"{settings.SITE_URL}/admin/"
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(f"A superuser exists already: log in at {login_url}")
            return
        if User.objects.filter(username="admin").exists():
            self.stdout.write(
                self.style.WARNING(
                    "A user called admin exists but is not a superuser; "
                    "create one with: manage.py createsuperuser"
                )
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", "admin@localhost", password)
        self.stdout.write(
            self.style.SUCCESS(f"Log in at {login_url} as admin / {password}")
        )
