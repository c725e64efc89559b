"""Requests for Interest as they were sent, with their status and clocks."""

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from briefings.models import Briefing, Country

from ..validators import multiline, single_line
from .prospects import Prospect

REFERENCE_PREFIX = "ASA-"
# No 0/O, 1/I/L or U: a reference is read out on the phone and copied by hand.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 10
REFERENCE_PATTERN = f"{REFERENCE_PREFIX}[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}"
REQUIREMENTS_MAX_LENGTH = 5000
CURRENCIES = [
    (code, code) for code in ("USD", "EUR", "GBP", "ZAR", "NGN", "KES", "XOF")
]
UTM_PARAMETERS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
# The utm_source of the links in briefing alerts and digests.
ALERT_SOURCES = ("alert", "digest")
# What a prospect sends in the form, in the form's order (their sectors are
# rows of LeadSector). The form, the intake, the exports and erasure follow
# this list: a field added here is asked for, stored, exported and erased.
SUBMITTED_FIELDS = (
    "full_name",
    "email",
    "organisation",
    "job_title",
    "phone",
    "countries",
    "help_wanted",
    "timeline",
    "requirements",
    "marketing_opt_in",
)
# Where the visit came from, as the form recorded it.
SOURCE_FIELDS = ("referrer_domain", *UTM_PARAMETERS)


def new_reference():
    """About 49 random bits: short enough to quote, too many to guess."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return REFERENCE_PREFIX + code


class LeadStatus(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    QUALIFIED = "qualified", _("Qualified")
    PROPOSAL_SENT = "proposal_sent", _("Proposal sent")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")
    SPAM = "spam", _("Spam")


OPEN_STATUSES = [
    LeadStatus.NEW,
    LeadStatus.CONTACTED,
    LeadStatus.QUALIFIED,
    LeadStatus.PROPOSAL_SENT,
]
# Never qualified, or closed without a deal: what the retention job deletes.
DISPOSABLE_STATUSES = [
    LeadStatus.NEW,
    LeadStatus.CONTACTED,
    LeadStatus.LOST,
    LeadStatus.SPAM,
]


class Channel(models.TextChoices):
    WEB = "web", _("The web form")
    CALL = "call", _("A phone call")
    EVENT = "event", _("An event")
    EMAIL = "email", _("An email")
    REFERRAL = "referral", _("A referral")
    OTHER = "other", _("Something else")


class LeadQuerySet(models.QuerySet):
    def open(self):
        """Requests someone still has to work on."""
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now=None):
        """Still new after their response deadline."""
        return self.filter(
            status=LeadStatus.NEW, response_due_at__lte=now or timezone.now()
        )

    def due_for_reminder(self, now):
        return self.overdue(now).filter(reminded_at__isnull=True)

    def due_for_escalation(self, now):
        return self.filter(
            status=LeadStatus.NEW,
            escalation_due_at__lte=now,
            escalated_at__isnull=True,
        )

    def expired(self, cutoff):
        """Disposable requests untouched since the cutoff, unless on legal hold."""
        return self.filter(
            status__in=DISPOSABLE_STATUSES, updated_at__lt=cutoff, legal_hold=False
        )


class Lead(models.Model):
    """One submitted Request for Interest, kept exactly as it was sent."""

    Status = LeadStatus

    class HelpWanted(models.TextChoices):
        RISK_ASSESSMENT = "risk_assessment", _("Risk assessment")
        DUE_DILIGENCE = "due_diligence", _("Due diligence")
        OPERATIONAL_ADVISORY = "operational_advisory", _("Operational advisory")
        MONITORING = "monitoring", _("Ongoing monitoring")
        BRIEFING_CALL = "briefing_call", _("A briefing call with an analyst")
        OTHER = "other", _("Something else")

    class Timeline(models.TextChoices):
        IMMEDIATE = "immediate", _("Within a month")
        QUARTER = "quarter", _("In one to three months")
        HALF_YEAR = "half_year", _("In three to six months")
        LATER = "later", _("In more than six months")
        EXPLORING = "exploring", _("No fixed timeline yet")

    reference = models.CharField(
        _("reference"),
        max_length=len(REFERENCE_PREFIX) + REFERENCE_LENGTH,
        unique=True,
        default=new_reference,
        editable=False,
    )
    prospect = models.ForeignKey(
        Prospect,
        on_delete=models.CASCADE,
        related_name="leads",
        verbose_name=_("prospect"),
    )
    full_name = models.CharField(
        _("full name"), max_length=150, validators=[single_line]
    )
    email = models.EmailField(
        _("work email"),
        validators=[single_line],
        help_text=_("We reply to this address."),
    )
    organisation = models.CharField(
        _("organisation"), max_length=200, validators=[single_line]
    )
    job_title = models.CharField(
        _("job title"), max_length=150, validators=[single_line]
    )
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        validators=[
            single_line,
            RegexValidator(
                r"^[0-9+()./ -]*\Z",
                _("Use digits, spaces and + ( ) - . / only."),
                code="invalid_phone",
            ),
        ],
        help_text=_("Optional. Include the country code, e.g. +27 11 555 0100."),
    )
    countries = models.ManyToManyField(
        Country,
        blank=True,
        through="LeadCountry",
        related_name="leads",
        verbose_name=_("countries of interest"),
    )
    help_wanted = models.CharField(_("help wanted"), max_length=30, choices=HelpWanted)
    timeline = models.CharField(_("timeline"), max_length=20, choices=Timeline)
    requirements = models.TextField(
        _("requirements"),
        max_length=REQUIREMENTS_MAX_LENGTH,
        validators=[multiline],
        help_text=_(
            "What you need to know or decide, where, and by when. "
            "Please leave out anything confidential."
        ),
    )
    privacy_notice_version = models.CharField(
        _("privacy notice version"),
        max_length=20,
        editable=False,
        help_text=_("The privacy notice the prospect acknowledged."),
    )
    marketing_opt_in = models.BooleanField(
        _("agreed to receive briefings by email"), default=False
    )
    source_briefing = models.ForeignKey(
        Briefing,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
        verbose_name=_("source briefing"),
        help_text=_("The briefing whose call to action brought the prospect."),
    )
    referrer_domain = models.CharField(
        _("referring domain"), max_length=253, blank=True
    )
    utm_source = models.CharField(_("UTM source"), max_length=100, blank=True)
    utm_medium = models.CharField(_("UTM medium"), max_length=100, blank=True)
    utm_campaign = models.CharField(_("UTM campaign"), max_length=100, blank=True)
    utm_term = models.CharField(_("UTM term"), max_length=100, blank=True)
    utm_content = models.CharField(_("UTM content"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.NEW
    )
    spam_reason = models.CharField(
        _("why it was quarantined"), max_length=200, blank=True
    )
    unrouted = models.BooleanField(
        _("unrouted"),
        default=False,
        editable=False,
        help_text=_(
            "No routing rule matched on arrival: the request went to the "
            "recipients covering its countries, or the sales managers."
        ),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_leads",
        verbose_name=_("assignee"),
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    first_response_at = models.DateTimeField(
        _("first response"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the request first left the status New."),
    )
    response_due_at = models.DateTimeField(
        _("response due"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Counted in business hours from arrival."),
    )
    escalation_due_at = models.DateTimeField(
        _("escalation due"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Sales managers hear about a request still new at this time."),
    )
    reminded_at = models.DateTimeField(
        _("reminder sent"), null=True, blank=True, editable=False
    )
    escalated_at = models.DateTimeField(
        _("escalated"), null=True, blank=True, editable=False
    )
    channel = models.CharField(
        _("came through"), max_length=10, choices=Channel, default=Channel.WEB
    )
    deal_value = models.DecimalField(
        _("estimated value"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    deal_currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCIES, default="USD"
    )
    expected_close = models.DateField(_("expected close"), null=True, blank=True)
    lost_reason = models.ForeignKey(
        "LostReason",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leads",
        verbose_name=_("lost reason"),
    )
    won_at = models.DateTimeField(_("won"), null=True, blank=True, editable=False)
    score = models.SmallIntegerField(_("score"), default=0, editable=False)
    score_reasons = models.JSONField(
        _("why this score"), default=list, blank=True, editable=False
    )
    legal_hold = models.BooleanField(
        _("legal hold"),
        default=False,
        help_text=_("Kept past the retention period and never erased while set."),
    )

    objects = LeadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        verbose_name = _("request for interest")
        verbose_name_plural = _("requests for interest")
        permissions = [
            ("export_lead", _("Can export requests for interest")),
            ("view_dashboard", _("Can view the sales dashboard")),
            ("manage_team", _("Can add sales colleagues, give and take roles")),
        ]
        indexes = [
            models.Index(
                fields=["response_due_at"],
                condition=Q(status=LeadStatus.NEW),
                name="lead_new_by_deadline",
            ),
            models.Index(
                fields=["-created_at"],
                condition=Q(unrouted=True),
                name="lead_unrouted",
            ),
            models.Index(fields=["-score", "-created_at"], name="lead_by_score"),
            models.Index(fields=["status", "-created_at"], name="lead_by_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=LeadStatus.values),
                name="lead_status_valid",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(
                    Length("requirements"), REQUIREMENTS_MAX_LENGTH
                ),
                name="lead_requirements_max_length",
            ),
            models.CheckConstraint(
                condition=~Q(status=LeadStatus.LOST) | Q(lost_reason__isnull=False),
                name="lead_lost_has_a_reason",
                violation_error_message=_("Say why the deal was lost."),
            ),
        ]

    def __str__(self):
        return self.reference

    def update(self, **changes):
        """Write these fields of this row in one UPDATE, with the time of the
        change, and on this instance; returns what was written."""
        changes["updated_at"] = timezone.now()
        Lead.objects.filter(pk=self.pk).update(**changes)
        for name, value in changes.items():
            setattr(self, name, value)
        return changes

    @property
    def is_overdue(self):
        return (
            self.status == LeadStatus.NEW
            and self.response_due_at is not None
            and self.response_due_at <= timezone.now()
        )

    @property
    def country_names(self):
        return ", ".join(country.name for country in self.countries.all())

    @property
    def sector_names(self):
        return ", ".join(str(sector) for sector in self.sectors.all())

    @property
    def utm(self):
        return {
            name: value for name in UTM_PARAMETERS if (value := getattr(self, name))
        }

    @classmethod
    def personal_fields(cls):
        """The fields that say who the prospect is or what they wrote: all they
        submitted or their visit recorded, but for choices from our own lists
        (help wanted, timeline, countries), which the figures keep."""
        return [
            field
            for field in map(cls._meta.get_field, (*SUBMITTED_FIELDS, *SOURCE_FIELDS))
            if not field.choices and not field.is_relation
        ]

    def displayed(self, name):
        """A submitted field's value as people read it: a choice by its label, a
        yes or no, countries by their names."""
        field = self._meta.get_field(name)
        if field.many_to_many:
            return ", ".join(str(item) for item in getattr(self, name).all())
        if field.choices:
            return getattr(self, f"get_{name}_display")()
        value = getattr(self, name)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return value


class LeadCountry(models.Model):
    """A country a request is about. Deleting a country that requests name is
    refused: it would silently change what the prospect asked for."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE)
    country = models.ForeignKey(Country, on_delete=models.PROTECT)

    class Meta:
        db_table = "leads_lead_countries"
        verbose_name = _("country of interest")
        verbose_name_plural = _("countries of interest")
        # As the table was created, when Django made it for the plain field.
        unique_together = [("lead", "country")]

    def __str__(self):
        return str(self.country)
