"""Erasure records: what an erasure wiped, for sales managers to look at."""

from django.contrib import admin

from ..models import ErasureRecord
from .readonly import ReadOnlyAdmin


@admin.register(ErasureRecord)
class ErasureRecordAdmin(ReadOnlyAdmin):
    list_display = [
        "erased_at",
        "prospect",
        "erased_by",
        "leads",
        "notes",
        "emails",
        "subscribers",
        "log_entries",
        "reason",
    ]
    list_select_related = ["prospect", "erased_by"]
    fields = list_display
    readonly_fields = fields
