"""The export of requests for interest, written by django-import-export.

Excel opens it correctly: UTF-8 with a byte order mark, so non-Latin names
survive, and any text a spreadsheet would run as a formula is neutralised.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.formats.base_formats import CSV

from ..models import SOURCE_FIELDS, SUBMITTED_FIELDS, Lead
from ..services.roles import display_name

ENCODING = "utf-8-sig"
# What Excel, LibreOffice and Google Sheets read as the start of a formula.
# import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only strips "=".
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def local_time(moment):
    """A time as people read it, in the portal's time zone (TIME_ZONE), which
    the column's title names."""
    if moment is None:
        return ""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def neutralise_formula(value):
    """Prefix a cell that would start a formula with a quote (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class LeadResource(resources.ModelResource):
    """A row per lead: where it stands, then what the prospect sent
    (Lead's SUBMITTED_FIELDS and SOURCE_FIELDS), each as people read it."""

    received = fields.Field(column_name=_("Received"))
    status = fields.Field(column_name=_("Status"))
    assignee = fields.Field(column_name=_("Assignee"))
    sectors = fields.Field(column_name=_("Sectors"))
    source_briefing = fields.Field(column_name=_("Source briefing"))
    response_due_at = fields.Field(column_name=_("Response due"))
    first_response_at = fields.Field(column_name=_("First response"))

    class Meta:
        model = Lead
        fields = [
            "reference",
            "received",
            "status",
            "assignee",
            *SUBMITTED_FIELDS,
            "sectors",
            "source_briefing",
            *SOURCE_FIELDS,
            "response_due_at",
            "first_response_at",
        ]
        export_order = fields

    def get_export_headers(self, selected_fields=None):
        """Column titles people read: a model field's verbose name."""
        headers = []
        for field in self.get_export_fields(selected_fields):
            if field.column_name == field.attribute:
                name = Lead._meta.get_field(field.attribute).verbose_name
                headers.append(capfirst(str(name)))
            elif field.column_name in self.time_columns():
                headers.append(f"{field.column_name} ({settings.TIME_ZONE})")
            else:
                headers.append(str(field.column_name))
        return headers

    def time_columns(self):
        return {
            self.fields[name].column_name
            for name in ("received", "response_due_at", "first_response_at")
        }

    def export_field(self, field, instance, **kwargs):
        if field.attribute in SUBMITTED_FIELDS:
            value = instance.displayed(field.attribute)
        else:
            value = super().export_field(field, instance, **kwargs)
        return neutralise_formula(str(value) if value is not None else "")

    def dehydrate_received(self, lead):
        return local_time(lead.created_at)

    def dehydrate_response_due_at(self, lead):
        return local_time(lead.response_due_at)

    def dehydrate_first_response_at(self, lead):
        return local_time(lead.first_response_at)

    def dehydrate_status(self, lead):
        return lead.get_status_display()

    def dehydrate_assignee(self, lead):
        return display_name(lead.assignee)

    def dehydrate_sectors(self, lead):
        return lead.sector_names

    def dehydrate_source_briefing(self, lead):
        return lead.source_briefing.title if lead.source_briefing else ""


def export_csv(queryset):
    """The requests as CSV bytes, and a file name for them."""
    dataset = LeadResource().export(queryset=queryset)
    data = CSV().export_data(dataset).encode(ENCODING)
    filename = f"requests-for-interest-{timezone.now():%Y-%m-%d}.csv"
    return data, filename
