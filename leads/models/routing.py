"""Routing rules: which recipients hear about which requests."""

from django.db import models
from django.db.models import Q, Value
from django.utils.translation import gettext_lazy as _

from briefings.models import Country

from .changes import ChangeRecord
from .leads import Lead
from .recipients import LeadRecipient
from .sectors import LeadSector, Sector


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
    """Which recipients a request for a country and sector goes to."""

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
    recipients = models.ManyToManyField(
        LeadRecipient,
        related_name="routing_rules",
        verbose_name=_("recipients"),
        help_text=_(
            "All of them are alerted; the one with the fewest open requests is "
            "assigned."
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
