import datetime

from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .maps import coverage_since
from .markdown import render_markdown
from .search import full_text_search
from .uploads import analyst_photo_path, briefing_image_path

WORDS_PER_MINUTE = 220
DISCOVER_MORE_LIMIT = 4
REVISION_NOTICE_AFTER = datetime.timedelta(days=1)
# The long texts, which only the briefing's own page shows: cards leave them.
TEXT_FIELDS = ("summary", "body", "body_html", "toc_html")


class SubjectQuerySet(models.QuerySet):
    """Shared by countries and topics, the two ways readers browse briefings."""

    def with_published_counts(self):
        """Every subject with its `briefing_count` of published briefings, by name
        (Meta.ordering does not apply once a query is grouped)."""
        return self.annotate(
            briefing_count=models.Count(
                "briefings", filter=Q(briefings__in=Briefing.objects.published())
            )
        ).order_by("name")

    def with_published_briefings(self):
        return self.with_published_counts().filter(briefing_count__gt=0)

    def with_coverage(self):
        """With their `briefing_count`, and `recent_count`: those published in
        the map's window (the last COVERAGE_DAYS)."""
        recent = Briefing.objects.published().filter(
            published_at__gte=coverage_since(timezone.now())
        )
        return self.with_published_counts().annotate(
            recent_count=models.Count("briefings", filter=Q(briefings__in=recent))
        )


class Country(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    iso_code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        help_text=_(
            "Two-letter ISO 3166-1 code, e.g. ML for Mali: it places the country "
            "on the map."
        ),
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Markdown. The opening of the country's page."),
    )
    introduction_html = models.TextField(editable=False, blank=True)

    objects = SubjectQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.introduction_html, _toc = render_markdown(self.introduction)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("briefings:country", kwargs={"slug": self.slug})


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    objects = SubjectQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("briefings:topic", kwargs={"slug": self.slug})


class Analyst(models.Model):
    """A public author profile. Who receives leads is sales' business and is
    kept apart (leads.LeadRecipient), out of editors' reach."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    title = models.CharField(_("title"), max_length=150, blank=True)
    bio = models.TextField(_("short bio"), blank=True, max_length=1000)
    photo = models.ImageField(
        _("photo"),
        upload_to=analyst_photo_path,
        blank=True,
        help_text=_("A portrait, square or nearly; shown as a circle."),
    )
    photo_alt = models.CharField(
        _("photo description"),
        max_length=250,
        blank=True,
        help_text=_("Required with a photo, for screen readers, e.g. 'Portrait of…'."),
    )
    countries = models.ManyToManyField(
        Country,
        blank=True,
        related_name="analysts",
        verbose_name=_("countries covered"),
        help_text=_("Shown on the analyst's profile and the countries' pages."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("analyst")
        verbose_name_plural = _("analysts")
        constraints = [
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt=""),
                name="analyst_photo_has_alt_text",
                violation_error_message=_("A photo needs a description."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("briefings:analyst", kwargs={"slug": self.slug})


class BriefingQuerySet(models.QuerySet):
    def published(self):
        """What readers may see; every page, feed, sitemap and search uses it."""
        return self.filter(
            status=Briefing.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def scheduled(self):
        return self.filter(
            status=Briefing.Status.PUBLISHED, published_at__gt=timezone.now()
        )

    def drafts(self):
        return self.filter(status=Briefing.Status.DRAFT)

    def publish(self):
        """Publish these briefings: a date the editor set is kept (a future one
        schedules), the others are dated now. Returns how many."""
        now = models.Value(timezone.now(), output_field=models.DateTimeField())
        return self.update(
            status=Briefing.Status.PUBLISHED,
            published_at=Coalesce("published_at", now),
        )

    def with_cards(self):
        """What a briefing card shows (its countries, not its topics), in a
        constant number of queries. The countries come as a plain list,
        `card_countries`: a card reads them without making a manager and a
        queryset for each briefing."""
        return self.defer(*TEXT_FIELDS).prefetch_related(
            Prefetch("countries", to_attr="card_countries")
        )

    def search(self, query):
        """Briefings matching the query, best first, with a `headline` snippet."""
        return full_text_search(self, query)

    def sharing_subjects(self, *, country_ids, topic_ids):
        """Briefings with any of these countries or topics, most shared first.

        Only the briefings found through the subjects' own rows are counted, so
        the cost follows the subjects, not the size of the archive.
        """
        shared, candidates = models.Value(0), Q(pk__in=[])
        # An empty `__in` would make the whole query empty, so skip it.
        for through, field, ids in (
            (Briefing.countries.through, "country", country_ids),
            (Briefing.topics.through, "topic", topic_ids),
        ):
            if ids:
                links = through.objects.filter(**{f"{field}__in": ids})
                candidates |= Q(pk__in=links.values("briefing"))
                per_briefing = (
                    links.filter(briefing=models.OuterRef("pk"))
                    .values("briefing")
                    .annotate(shared=models.Count("*"))
                    .values("shared")
                )
                shared += Coalesce(models.Subquery(per_briefing), 0)
        return (
            self.filter(candidates)
            .annotate(shared=shared)
            .order_by("-shared", "-published_at", "-id")
        )


class Briefing(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    # A draft may be half-written: what publication needs is checked then
    # (briefings.publication).
    standfirst = models.CharField(
        _("standfirst"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences shown on cards and in search results."),
    )
    summary = models.TextField(_("executive summary"), blank=True)
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_("Markdown. Use ## headings for the titled sections."),
    )
    body_html = models.TextField(editable=False, blank=True)
    toc_html = models.TextField(editable=False, blank=True)
    countries = models.ManyToManyField(
        Country, blank=True, related_name="briefings", verbose_name=_("countries")
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="briefings", verbose_name=_("topics")
    )
    authors = models.ManyToManyField(
        Analyst, blank=True, related_name="briefings", verbose_name=_("authors")
    )
    image = models.ImageField(_("image"), upload_to=briefing_image_path, blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("Required with an image: what it shows, for screen readers."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT
    )
    # Empty until the briefing is published, unless the editor sets a date: a
    # draft started last week is dated the day it goes out.
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Leave empty to date the briefing when it is published. A date in the "
            "future schedules it."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    cta_text = models.TextField(
        _("call to action"),
        blank=True,
        help_text=_("Leave empty to generate it from the briefing's countries."),
    )
    seo_title = models.CharField(_("SEO title"), max_length=70, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=160, blank=True)
    featured = models.BooleanField(_("featured"), default=False)
    announce = models.BooleanField(
        _("alert followers"),
        default=True,
        help_text=_(
            "Email the readers who follow its countries and topics when it is "
            "published. Untick for corrections and back-dated imports."
        ),
    )

    objects = BriefingQuerySet.as_manager()

    class Meta:
        # Undated drafts first, on every database.
        ordering = [models.F("published_at").desc(nulls_first=True), "-id"]
        get_latest_by = "published_at"
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(image="") | ~Q(image_alt=""),
                name="published_image_has_alt_text",
                violation_error_message=_("A published image needs a description."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="published_briefing_has_a_date",
                violation_error_message=_("A published briefing needs a date."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html, self.toc_html = render_markdown(self.body)
        self.date_if_published()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("briefings:detail", kwargs={"slug": self.slug})

    def clean(self):
        # Before the constraints are validated: they want a published date.
        self.date_if_published()

    def date_if_published(self):
        """A briefing published without a date the editor chose is dated now."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def was_revised(self):
        # Same-day corrections are not worth an "Updated" line on the page.
        return (
            self.published_at is not None
            and self.updated_at - self.published_at > REVISION_NOTICE_AFTER
        )

    @property
    def call_to_action(self):
        if self.cta_text:
            return self.cta_text
        names = [country.name for country in self.countries.all()]
        return gettext(
            "If your organisation has strategic, economic, financial, construction, "
            "mining or investment interests in %(countries)s, African Security "
            "Analysis can help: our analysts and field network turn this picture "
            "into risk assessments and advice you can act on, from the first study "
            "to operations on the ground."
        ) % {"countries": get_text_list(names, gettext("or")) or gettext("Africa")}

    def discover_more(self):
        """The editor's links to visible content, then the closest briefings.

        Expects countries, topics and related_links prefetched (see
        RelatedLink.objects.visible()), so it costs two queries at most.
        """
        curated, seen = [], {self.pk}
        for link in self.related_links.all():
            if link.target_id in seen:
                continue
            if link.target_id:
                seen.add(link.target_id)
            curated.append(link)
        similar = (
            Briefing.objects.published()
            .exclude(pk__in=seen)
            .sharing_subjects(
                country_ids=[country.pk for country in self.countries.all()],
                topic_ids=[topic.pk for topic in self.topics.all()],
            )
            .with_cards()[:DISCOVER_MORE_LIMIT]
        )
        return curated, list(similar)

    @property
    def reading_minutes(self):
        words = len(f"{self.summary} {self.body}".split())
        return max(1, round(words / WORDS_PER_MINUTE))


class RelatedLinkQuerySet(models.QuerySet):
    def visible(self):
        """External articles, and links to briefings readers may see."""
        target_published = Briefing.objects.published().filter(
            pk=models.OuterRef("target")
        )
        return (
            self.filter(Q(target__isnull=True) | models.Exists(target_published))
            .select_related("target")
            .defer(*(f"target__{name}" for name in TEXT_FIELDS))
        )


class RelatedLink(models.Model):
    """A "Discover More" entry the editor chose: another briefing or an article."""

    briefing = models.ForeignKey(
        Briefing,
        on_delete=models.CASCADE,
        related_name="related_links",
        verbose_name=_("briefing"),
    )
    target = models.ForeignKey(
        Briefing,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("related briefing"),
    )
    url = models.URLField(_("external URL"), blank=True, max_length=500)
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("Required for an external article; defaults to the briefing's."),
    )
    teaser = models.CharField(_("teaser"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = RelatedLinkQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("related link")
        verbose_name_plural = _("related links")
        constraints = [
            models.CheckConstraint(
                condition=(Q(target__isnull=False) & Q(url=""))
                | (Q(target__isnull=True) & ~Q(url="") & ~Q(title="")),
                name="related_link_is_briefing_or_article",
                violation_error_message=_(
                    "Choose a briefing, or give an external URL with a title."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(target=models.F("briefing")),
                name="related_link_not_to_itself",
                violation_error_message=_("A briefing cannot link to itself."),
            ),
        ]

    def __str__(self):
        return self.title or str(self.target)

    @property
    def is_external(self):
        return self.target_id is None

    @property
    def link_title(self):
        return self.title or self.target.title

    @property
    def link_url(self):
        return self.url or self.target.get_absolute_url()

    @property
    def link_teaser(self):
        return self.teaser or ("" if self.is_external else self.target.standfirst)


class FormerSlug(models.Model):
    """An address a briefing was published under before its slug changed: feeds,
    emails and links people saved still lead to it."""

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    briefing = models.ForeignKey(
        Briefing,
        on_delete=models.CASCADE,
        related_name="former_slugs",
        verbose_name=_("briefing"),
    )
    created_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("former slug")
        verbose_name_plural = _("former slugs")

    def __str__(self):
        return self.slug


class Page(models.Model):
    """A page about the consultancy that editors write: About and Contact."""

    class Slug(models.TextChoices):
        ABOUT = "about", _("About")
        CONTACT = "contact", _("Contact")

    slug = models.SlugField(
        _("page"), max_length=20, choices=Slug, unique=True, help_text=_("Its address.")
    )
    title = models.CharField(_("title"), max_length=200)
    standfirst = models.CharField(
        _("standfirst"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences under the title, and for search engines."),
    )
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    body_html = models.TextField(editable=False, blank=True)
    address = models.TextField(
        _("postal address"),
        blank=True,
        help_text=_("Shown on the Contact page, one line per line."),
    )
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html, _toc = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(f"briefings:{self.slug}")
