"""What the lead and prospect pages say of the prospect's organisation and
possible duplicates, linking to the workspace's pages."""

from django.contrib import admin
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import DuplicatePair, Merge


def _prospect(obj):
    """The prospect of a lead page, or of a prospect page."""
    return getattr(obj, "prospect", obj)


class OrganisationFields:
    """Read-only fields for an admin whose object is a lead or a prospect."""

    @admin.display(description=_("grouped under"))
    def organisation_link(self, obj):
        organisation = _prospect(obj).organisation
        if organisation is None:
            return _("No organisation: a webmail address and no organisation named.")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("leads:organisation", args=[organisation.pk]),
            organisation,
        )

    @admin.display(description=_("possible duplicates"))
    def duplicates(self, obj):
        prospect = _prospect(obj)
        pairs = DuplicatePair.objects.filter(
            Q(prospect=prospect) | Q(other=prospect)
        ).select_related("prospect", "other")
        merge = (
            Merge.objects.filter(merged=prospect, undone_at=None)
            .select_related("kept")
            .first()
        )
        return render_to_string(
            "admin/leads/_duplicates.html",
            {"prospect": prospect, "pairs": pairs, "merge": merge},
        )
