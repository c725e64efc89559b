from django.contrib import admin
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _

from . import actions, triage
from .admin_forms import LeadAdminForm
from .filters import MineFilter, OverdueFilter, SectorFilter
from .models import (
    ErasureRecord,
    Lead,
    Notification,
    Prospect,
    RoutingRule,
    RoutingRuleChange,
)
from .roles import display_name
from .routing import describe_rule, record_rule_change

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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by the portal itself: to look at, never to edit."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
        return display_name(lead.assignee) or None

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


class LeadInline(admin.TabularInline):
    model = Lead
    fields = ["reference", "organisation", "status", "created_at"]
    readonly_fields = fields
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Prospect)
class ProspectAdmin(admin.ModelAdmin):
    list_display = ["email", "created_at", "request_count", "erased_at"]
    search_fields = ["email"]
    readonly_fields = ["email", "created_at", "erased_at"]
    inlines = [LeadInline]
    actions = [actions.download_personal_data, actions.erase_personal_data]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(request_count=Count("leads"))

    def has_add_permission(self, request):
        return False

    def has_erase_permission(self, request):
        return request.user.has_perm("leads.erase_prospect")

    def has_export_permission(self, request):
        return request.user.has_perm("leads.export_prospect")

    @admin.display(description=_("requests"), ordering="request_count")
    def request_count(self, prospect):
        return prospect.request_count


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    """Editable by sales managers; every change is kept as a RoutingRuleChange."""

    list_display = ["__str__", "country", "sector", "analyst_names", "is_active"]
    list_filter = ["is_active", "sector", "country"]
    filter_horizontal = ["analysts"]
    readonly_fields = ["changes"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("country")
            .prefetch_related("analysts")
        )

    def get_fields(self, request, obj=None):
        fields = ["country", "sector", "analysts", "is_active"]
        return [*fields, "changes"] if obj else fields

    @admin.display(description=_("analysts"))
    def analyst_names(self, rule):
        return ", ".join(analyst.name for analyst in rule.analysts.all())

    @admin.display(description=_("changes"))
    def changes(self, rule):
        return render_to_string(
            "admin/leads/routingrule/_changes.html",
            {"changes": rule.changes.select_related("changed_by")},
        )

    def save_model(self, request, obj, form, change):
        form.rule_before = (
            describe_rule(RoutingRule.objects.get(pk=obj.pk)) if change else {}
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # After the analysts are saved, so that "after" shows them.
        super().save_related(request, form, formsets, change)
        action = (
            RoutingRuleChange.Action.CHANGED
            if change
            else (RoutingRuleChange.Action.CREATED)
        )
        if describe_rule(form.instance) != form.rule_before:
            record_rule_change(
                form.instance, action=action, before=form.rule_before, by=request.user
            )

    def delete_model(self, request, obj):
        self.record_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for rule in queryset:
            self.record_deletion(request, rule)
        super().delete_queryset(request, queryset)

    def record_deletion(self, request, rule):
        record_rule_change(
            rule,
            action=RoutingRuleChange.Action.DELETED,
            before=describe_rule(rule),
            by=request.user,
        )


@admin.register(RoutingRuleChange)
class RoutingRuleChangeAdmin(ReadOnlyAdmin):
    list_display = ["changed_at", "rule_label", "action", "changed_by"]
    list_filter = ["action"]
    list_select_related = ["changed_by"]
    fields = [
        "changed_at",
        "rule",
        "rule_label",
        "action",
        "changed_by",
        "before",
        "after",
    ]
    readonly_fields = fields


@admin.register(ErasureRecord)
class ErasureRecordAdmin(ReadOnlyAdmin):
    list_display = [
        "erased_at",
        "prospect",
        "erased_by",
        "leads",
        "notes",
        "notifications",
        "log_entries",
    ]
    list_select_related = ["prospect", "erased_by"]
    fields = list_display
    readonly_fields = fields
