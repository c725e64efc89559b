import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from briefings.models import Analyst, Briefing, Country

from .validators import multiline, single_line

REFERENCE_PREFIX = "ASA-"
# No 0/O, 1/I/L or U: a reference is read out on the phone and copied by hand.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 10
REFERENCE_PATTERN = f"{REFERENCE_PREFIX}[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}"
REQUIREMENTS_MAX_LENGTH = 5000
UTM_PARAMETERS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")


def new_reference():
    """About 49 random bits: short enough to quote, too many to guess."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return REFERENCE_PREFIX + code


class Sector(models.TextChoices):
    STRATEGIC = "strategic", _("Strategic")
    ECONOMIC = "economic", _("Economic")
    FINANCIAL = "financial", _("Financial")
    CONSTRUCTION = "construction", _("Construction")
    MINING = "mining", _("Mining")
    INVESTMENT = "investment", _("Investment")
    OTHER = "other", _("Other")


class LeadStatus(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    QUALIFIED = "qualified", _("Qualified")
    PROPOSAL_SENT = "proposal_sent", _("Proposal sent")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")
    SPAM = "spam", _("Spam")


class ProspectQuerySet(models.QuerySet):
    def get_or_create_for_email(self, email):
        """The prospect with this email in any case, created as typed if new.

        Compared with the database's LOWER(), as in the unique index, so the two
        never disagree about which characters have a case.
        """
        matching = self.alias(key=Lower("email")).filter(key=Lower(Value(email)))
        if prospect := matching.first():
            return prospect
        try:
            with transaction.atomic():
                return self.create(email=email)
        except IntegrityError:  # created meanwhile by a concurrent request
            return matching.get()


class Prospect(models.Model):
    """A person who asked for something, recognised by email whatever its case."""

    email = models.EmailField(
        _("email"), help_text=_("As typed in their first request.")
    )
    created_at = models.DateTimeField(_("first seen"), auto_now_add=True)
    erased_at = models.DateTimeField(
        _("erased"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When their personal data was erased at their request."),
    )

    objects = ProspectQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("prospect")
        verbose_name_plural = _("prospects")
        permissions = [
            ("erase_prospect", _("Can erase a prospect's personal data")),
            ("export_prospect", _("Can export a prospect's personal data")),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="prospect_email_unique_ignoring_case",
                violation_error_message=_("A prospect with this email exists."),
            ),
        ]

    def __str__(self):
        return self.email


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
        ]
        indexes = [
            models.Index(
                fields=["response_due_at"],
                condition=Q(status=LeadStatus.NEW),
                name="lead_new_by_deadline",
            ),
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
        ]

    def __str__(self):
        return self.reference

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


class LeadSector(models.Model):
    """A sector a request is about: one row each, so sectors filter and count
    the same way on every database."""

    lead = models.ForeignKey(
        Lead, on_delete=models.CASCADE, related_name="sectors", verbose_name=_("lead")
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector)

    class Meta:
        ordering = ["sector"]
        verbose_name = _("sector of interest")
        verbose_name_plural = _("sectors of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["lead", "sector"], name="lead_sector_unique"
            ),
            models.CheckConstraint(
                condition=Q(sector__in=Sector.values), name="lead_sector_valid"
            ),
        ]

    def __str__(self):
        return self.get_sector_display()


class NotificationState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class NotificationQuerySet(models.QuerySet):
    def due(self):
        """What the sweeper queues again: pending rows whose own queueing had
        its chance, and claims whose worker died mid-send."""
        now = timezone.now()
        grace = timedelta(seconds=settings.LEADS_OUTBOX_GRACE_SECONDS)
        return self.filter(
            Q(state=NotificationState.PENDING, next_attempt_at__lte=now - grace)
            | Q(state=NotificationState.SENDING, claimed_at__lt=stuck_before(now))
        )

    def claim(self, pk):
        """Take the row for sending, or return None if there is nothing to send.

        One conditional UPDATE is the row lock: of two workers holding the same
        message, the second waits for the first to commit, then matches nothing.
        """
        now = timezone.now()
        claimed = self.filter(
            Q(state=NotificationState.PENDING)
            | Q(state=NotificationState.SENDING, claimed_at__lt=stuck_before(now)),
            pk=pk,
        ).update(
            state=NotificationState.SENDING,
            claimed_at=now,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
        return self.get(pk=pk) if claimed else None


def stuck_before(now):
    """A claim older than this belongs to a worker that died mid-send."""
    return now - timedelta(seconds=settings.LEADS_OUTBOX_STUCK_SECONDS)


class Notification(models.Model):
    """One email to send about a lead: the outbox, written with the lead."""

    class Kind(models.TextChoices):
        ANALYST_ALERT = "analyst_alert", _("Alert to analysts")
        ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement to the prospect")
        REMINDER = "reminder", _("Reminder of the response deadline")
        ESCALATION = "escalation", _("Overdue request, to sales managers")

    State = NotificationState

    lead = models.ForeignKey(
        Lead,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("request for interest"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    recipient = models.EmailField(_("recipient"))
    state = models.CharField(
        _("state"), max_length=10, choices=State, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(
        _("next attempt"),
        default=timezone.now,
        help_text=_("A pending email is not queued again before this."),
    )
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["lead", "kind", "recipient"],
                name="notification_unique_per_lead_kind_recipient",
            ),
            models.CheckConstraint(
                condition=Q(state__in=NotificationState.values),
                name="notification_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state=NotificationState.SENDING)
                | Q(claimed_at__isnull=False),
                name="notification_sending_is_claimed",
            ),
            models.CheckConstraint(
                condition=~Q(state=NotificationState.SENT) | Q(sent_at__isnull=False),
                name="notification_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(
                    state__in=[NotificationState.PENDING, NotificationState.SENDING]
                ),
                name="notification_unfinished",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.lead}"

    def mark_sent(self):
        now = timezone.now()
        self._transition(
            Notification.objects.filter(pk=self.pk).exclude(state=self.State.SENT),
            state=self.State.SENT,
            sent_at=now,
            last_error="",
        )

    def mark_for_retry(self, error, *, delay):
        self._transition(
            self._while_claimed(),
            state=self.State.PENDING,
            last_error=error,
            next_attempt_at=timezone.now() + timedelta(seconds=delay),
        )

    def mark_failed(self, error):
        self._transition(
            self._while_claimed(), state=self.State.FAILED, last_error=error
        )

    def _while_claimed(self):
        # Only the worker holding the claim may put the row back or give up on it;
        # another may have taken over a claim it thought dead.
        return Notification.objects.filter(
            pk=self.pk, state=self.State.SENDING, claimed_at=self.claimed_at
        )

    def _transition(self, queryset, **changes):
        changes["updated_at"] = timezone.now()
        if "last_error" in changes:
            changes["last_error"] = changes["last_error"][:1000]
        if queryset.update(**changes):
            for name, value in changes.items():
                setattr(self, name, value)


NOTE_MAX_LENGTH = 5000


class LeadNote(models.Model):
    """What sales staff wrote about a request; never edited once written."""

    lead = models.ForeignKey(
        Lead,
        on_delete=models.CASCADE,
        related_name="notes",
        verbose_name=_("request for interest"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(
        _("note"), max_length=NOTE_MAX_LENGTH, validators=[multiline]
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), NOTE_MAX_LENGTH),
                name="lead_note_max_length",
            ),
        ]

    def __str__(self):
        return _("Note by %(author)s") % {"author": self.author or _("a former user")}


class LeadEventKind(models.TextChoices):
    STATUS = "status", _("Status changed")
    ASSIGNEE = "assignee", _("Assignee changed")
    NOTE = "note", _("Note added")
    LEGAL_HOLD = "legal_hold", _("Legal hold changed")
    RESENT = "resent", _("Failed emails sent again")
    REMINDED = "reminded", _("Reminder sent")
    ESCALATED = "escalated", _("Escalated to sales managers")


class LeadEvent(models.Model):
    """One change to a request: who made it, when, and from what to what."""

    Kind = LeadEventKind

    lead = models.ForeignKey(
        Lead,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("request for interest"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty when the portal did it: routing rules or deadlines."),
    )
    old_value = models.CharField(_("from"), max_length=200, blank=True)
    new_value = models.CharField(_("to"), max_length=200, blank=True)
    note = models.ForeignKey(
        LeadNote,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("note"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=LeadEventKind.values),
                name="lead_event_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.lead_id}"


class RoutingRuleQuerySet(models.QuerySet):
    def matching(self, lead):
        """Active rules for one of the lead's countries and sectors (an empty
        country or sector matches any), the most specific ranked highest."""
        countries = Lead.countries.through.objects.filter(lead=lead).values("country")
        sectors = LeadSector.objects.filter(lead=lead).values("sector")
        return (
            self.filter(is_active=True)
            .filter(Q(country__isnull=True) | Q(country__in=countries))
            .filter(Q(sector="") | Q(sector__in=sectors))
            .annotate(
                rank=models.Case(
                    models.When(country__isnull=True, then=Value(0)),
                    default=Value(2),
                )
                + models.Case(models.When(sector="", then=Value(0)), default=Value(1))
            )
        )


class RoutingRule(models.Model):
    """Which analysts a request for a country and sector goes to."""

    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="routing_rules",
        verbose_name=_("country"),
        help_text=_("Leave empty to match any country."),
    )
    sector = models.CharField(
        _("sector"),
        max_length=20,
        choices=Sector,
        blank=True,
        help_text=_("Leave empty to match any sector."),
    )
    analysts = models.ManyToManyField(
        Analyst,
        related_name="routing_rules",
        verbose_name=_("analysts"),
        help_text=_(
            "All of them are alerted; the one with the fewest open requests and a "
            "staff account is assigned."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RoutingRuleQuerySet.as_manager()

    class Meta:
        ordering = ["country__name", "sector", "id"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "sector"],
                condition=Q(country__isnull=False),
                name="routing_rule_unique",
                violation_error_message=_("A rule for this country and sector exists."),
            ),
            models.UniqueConstraint(
                fields=["sector"],
                condition=Q(country__isnull=True),
                name="routing_rule_unique_any_country",
                violation_error_message=_(
                    "A rule for any country and this sector exists."
                ),
            ),
            models.CheckConstraint(
                condition=Q(sector="") | Q(sector__in=Sector.values),
                name="routing_rule_sector_valid",
            ),
        ]

    def __str__(self):
        return "{} · {}".format(
            self.country or _("any country"),
            self.get_sector_display() if self.sector else _("any sector"),
        )


class RoutingRuleChange(models.Model):
    """A routing rule as it was before and after someone changed it."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        DELETED = "deleted", _("Deleted")

    rule = models.ForeignKey(
        RoutingRule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("routing rule"),
    )
    rule_label = models.CharField(_("rule"), max_length=200)
    action = models.CharField(_("action"), max_length=10, choices=Action)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    changed_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("routing rule change")
        verbose_name_plural = _("routing rule changes")

    def __str__(self):
        return f"{self.rule_label} · {self.get_action_display()}"


class ErasureRecord(models.Model):
    """That an erasure took place, and how much it wiped; nothing personal."""

    prospect = models.ForeignKey(
        Prospect,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prospect"),
    )
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("erased by"),
    )
    erased_at = models.DateTimeField(_("erased"), auto_now_add=True)
    leads = models.PositiveIntegerField(_("requests wiped"), default=0)
    notes = models.PositiveIntegerField(_("notes wiped"), default=0)
    notifications = models.PositiveIntegerField(_("emails deleted"), default=0)
    log_entries = models.PositiveIntegerField(_("admin log entries wiped"), default=0)

    class Meta:
        ordering = ["-erased_at", "-id"]
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")

    def __str__(self):
        return _("Erasure #%(pk)s") % {"pk": self.pk}
