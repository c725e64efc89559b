"""The triage of requests for interest and the emails sent about them."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _

from .. import actions, triage
from ..admin_forms import LeadAdminForm
from ..filters import MineFilter, OverdueFilter, RoutingFilter, SectorFilter
from ..models import Lead, Notification
from ..roles import display_name

SUBMITTED_FIELDS = [
    "reference",
    "prospect",
    "full_name",
    "email",
    "organisation",
    "job_title",
    "phone",
    "country_list",
    "sector_list",
    "help_wanted",
    "timeline",
    "requirements",
    "privacy_notice_version",
    "marketing_opt_in",
    "source_briefing",
    "referrer_domain",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "spam_reason",
    "created_at",
    "updated_at",
]
CLOCK_FIELDS = ["response_deadline", "first_response_at", "reminded_at", "escalated_at"]


class NotificationInline(admin.TabularInline):
    model = Notification
    fields = [
        "kind",
        "recipient",
        "state",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    """The triage of requests: submitted fields are read-only; status, assignee,
    legal hold and notes change through leads.triage, which keeps the history."""

    form = LeadAdminForm
    list_display = [
        "reference",
        "full_name",
        "organisation",
        "country_list",
        "sector_list",
        "source_briefing",
        "status",
        "assigned_to",
        "age",
        "response_deadline",
        "notification_states",
    ]
    list_filter = [
        "status",
        MineFilter,
        ("assignee", admin.RelatedOnlyFieldListFilter),
        ("countries", admin.RelatedOnlyFieldListFilter),
        SectorFilter,
        ("source_briefing", admin.RelatedOnlyFieldListFilter),
        OverdueFilter,
        RoutingFilter,
    ]
    list_select_related = ["source_briefing", "assignee"]
    search_fields = ["reference", "full_name", "email", "organisation", "requirements"]
    search_help_text = _("Name, email, organisation, reference or requirements.")
    date_hierarchy = "created_at"
    actions = [
        actions.assign_to_me,
        actions.assign_to,
        actions.set_status,
        actions.mark_spam,
        actions.release_from_spam,
        actions.resend_notifications,
        actions.export_leads,
    ]
    inlines = [NotificationInline]

    class Media:
        css = {"all": ["css/leads-admin.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("prospect", "source_briefing", "assignee")
            .prefetch_related("countries", "sectors", "notifications")
        )

    def get_fieldsets(self, request, obj=None):
        triage_fields = ["status", "assignee", "legal_hold", *CLOCK_FIELDS]
        note_fields = ["notes"]
        if self.has_change_permission(request, obj) and request.user.has_perm(
            "leads.add_leadnote"
        ):
            note_fields.append("note")
        return [
            (_("Triage"), {"fields": triage_fields}),
            (_("Notes"), {"fields": note_fields}),
            (_("Request"), {"fields": [*SUBMITTED_FIELDS, "other_requests"]}),
            (_("History"), {"fields": ["history"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            *SUBMITTED_FIELDS,
            *CLOCK_FIELDS,
            "other_requests",
            "notes",
            "history",
        ]
        if not request.user.has_perm("leads.erase_prospect"):
            readonly.append("legal_hold")
        return readonly

    def has_add_permission(self, request):
        return False

    def has_export_permission(self, request):
        return request.user.has_perm("leads.export_lead")

    def save_model(self, request, obj, form, change):
        # Each change is written, with its history entry, by leads.triage.
        data, by = form.cleaned_data, request.user
        if "assignee" in form.changed_data:
            triage.assign(obj, data["assignee"], by=by)
        if "status" in form.changed_data:
            triage.set_status(obj, data["status"], by=by)
        if "legal_hold" in form.changed_data:
            triage.set_legal_hold(obj, data["legal_hold"], by=by)
        if data.get("note"):
            triage.add_note(obj, data["note"], by=by)

    @admin.display(description=_("emails"))
    def notification_states(self, lead):
        return ", ".join(
            f"{n.get_kind_display()}: {n.get_state_display()}"
            for n in lead.notifications.all()
        )

    @admin.display(description=_("countries of interest"))
    def country_list(self, lead):
        return lead.country_names

    @admin.display(description=_("sectors of interest"))
    def sector_list(self, lead):
        return lead.sector_names

    @admin.display(description=_("assignee"), ordering="assignee__first_name")
    def assigned_to(self, lead):
        name = display_name(lead.assignee) or "-"
        if lead.unrouted:
            return format_html(
                '{} <span class="lead-unrouted" title="{}">{}</span>',
                name,
                _("No routing rule matched: check who should own it."),
                _("unrouted"),
            )
        return name

    @admin.display(description=_("age"), ordering="created_at")
    def age(self, lead):
        return timesince(lead.created_at, depth=1)

    @admin.display(description=_("response due"), ordering="response_due_at")
    def response_deadline(self, lead):
        if lead.response_due_at is None or lead.status != Lead.Status.NEW:
            return "-"
        due = timezone.localtime(lead.response_due_at).strftime("%Y-%m-%d %H:%M")
        if lead.is_overdue:
            return format_html(
                '<span class="lead-overdue">{} ({})</span>', due, _("overdue")
            )
        return due

    @admin.display(description=_("the prospect's other requests"))
    def other_requests(self, lead):
        return render_to_string(
            "admin/leads/lead/_other_requests.html",
            {"leads": lead.prospect.leads.exclude(pk=lead.pk).order_by("-created_at")},
        )

    @admin.display(description=_("notes"))
    def notes(self, lead):
        return render_to_string(
            "admin/leads/lead/_notes.html",
            {"notes": lead.notes.select_related("author")},
        )

    @admin.display(description=_("history"))
    def history(self, lead):
        return render_to_string(
            "admin/leads/lead/_history.html",
            {"events": lead.events.select_related("actor", "note")},
        )
