"""The list of reasons a deal is lost, which sales managers keep."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from ..models import LostReason


@admin.register(LostReason)
class LostReasonAdmin(admin.ModelAdmin):
    """Sales choose from the reasons offered; a reason a lost deal names
    cannot be deleted (the deal would lose its why), only no longer offered."""

    list_display = ["name", "is_active", "position", "deals"]
    list_editable = ["is_active", "position"]
    search_fields = ["name"]
    fields = ["name", "is_active", "position"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(deal_count=Count("leads"))

    @admin.display(description=_("deals lost for it"), ordering="deal_count")
    def deals(self, reason):
        return reason.deal_count
