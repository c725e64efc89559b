"""The weights of the lead score, which sales managers change."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def default_weights():
    return {
        "sectors": {"mining": 15, "investment": 12, "construction": 10},
        "help_wanted": {"due_diligence": 15, "risk_assessment": 12, "monitoring": 10},
        "timeline": {"immediate": 20, "quarter": 12, "half_year": 6},
        "countries": {},
        "per_followed_subject": 3,
        "per_earlier_request": 10,
        "from_an_alert": 10,
        "half_life_days": 60,
    }


class ScoringWeights(models.Model):
    """One row: the points each fact about a lead is worth."""

    weights = models.JSONField(_("weights"), default=default_weights)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("scoring weights")
        verbose_name_plural = _("scoring weights")
        permissions = [("change_scoring", _("Can change the lead score's weights"))]

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls):
        return cls.objects.order_by("pk").first() or cls(weights=default_weights())
