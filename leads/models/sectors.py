"""The sectors a request is about."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .leads import Lead


class Sector(models.TextChoices):
    STRATEGIC = "strategic", _("Strategic")
    ECONOMIC = "economic", _("Economic")
    FINANCIAL = "financial", _("Financial")
    CONSTRUCTION = "construction", _("Construction")
    MINING = "mining", _("Mining")
    INVESTMENT = "investment", _("Investment")
    OTHER = "other", _("Other")


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
