"""Routing rules: which recipients hear about which requests, and who of
them is given each one."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from briefings.models import Country

from .changes import ChangeRecord
from .recipients import LeadRecipient, validate_sectors
from .sectors import Sector


class RoutingRule(models.Model):
    """The recipients of requests for some countries and sectors.

    Empty countries or sectors match any. All the recipients of the most
    specific matching rules are alerted; the rule's assignment decides
    which of them owns the request.
    """

    class Assignment(models.TextChoices):
        FEWEST_OPEN = "fewest_open", _("the one with the fewest open leads")
        ROUND_ROBIN = "round_robin", _("each in turn (round-robin)")

    countries = models.ManyToManyField(
        Country,
        through="RoutingRuleCountry",
        blank=True,
        related_name="routing_rules",
        verbose_name=_("countries"),
        help_text=_("Leave empty to match any country."),
    )
    sectors = models.JSONField(
        _("sectors"),
        default=list,
        blank=True,
        validators=[validate_sectors],
        help_text=_("Leave empty to match any sector."),
    )
    recipients = models.ManyToManyField(
        LeadRecipient,
        related_name="routing_rules",
        verbose_name=_("recipients"),
        help_text=_("All of them are alerted; the assignment says who owns it."),
    )
    assignment = models.CharField(
        _("assign to"),
        max_length=20,
        choices=Assignment,
        default=Assignment.FEWEST_OPEN,
    )
    last_assigned = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("last given a lead"),
        help_text=_("Where the round-robin turn stands."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(assignment__in=["fewest_open", "round_robin"]),
                name="routing_rule_assignment_valid",
            ),
        ]

    def __str__(self):
        # Countries come from the prefetch cache when a page loaded them.
        countries = (
            ", ".join(sorted(str(c) for c in self.countries.all())) if (self.pk) else ""
        )
        sectors = ", ".join(str(Sector(s).label) for s in self.sectors)
        return "{} · {}".format(
            countries or _("any country"), sectors or _("any sector")
        )


class RoutingRuleCountry(models.Model):
    """A country a rule covers: a country named by a rule cannot be deleted,
    which would turn the rule into one for any country."""

    rule = models.ForeignKey(RoutingRule, on_delete=models.CASCADE)
    country = models.ForeignKey(Country, on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("country of a routing rule")
        verbose_name_plural = _("countries of routing rules")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "country"], name="routing_rule_country_unique"
            )
        ]

    def __str__(self):
        return str(self.country)


class RoutingRuleChange(ChangeRecord):
    """A routing rule as it was before and after someone changed it."""

    rule = models.ForeignKey(
        RoutingRule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("routing rule"),
    )
    rule_label = models.CharField(_("rule"), max_length=200)

    class Meta(ChangeRecord.Meta):
        verbose_name = _("routing rule change")
        verbose_name_plural = _("routing rule changes")

    def __str__(self):
        return f"{self.rule_label} · {self.get_action_display()}"
