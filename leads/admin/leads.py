"""The triage of requests for interest and the emails sent about them."""

from functools import partial

from django.contrib import admin
from django.contrib.admin import helpers
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.template.defaultfilters import linebreaks_filter
from django.template.loader import render_to_string
from django.urls import path
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _

from ..models import Lead, OutgoingEmail
from ..selectors.timeline import timeline
from ..services import triage
from ..services.roles import display_name
from . import actions, lead_pages
from .filters import (
    AssigneeFilter,
    ClosingFilter,
    CountryFilter,
    MineFilter,
    OriginFilter,
    OverdueFilter,
    ReachedFilter,
    ReceivedFilter,
    RoutingFilter,
    SectorFilter,
    SourceBriefingFilter,
    StatusFilter,
)
from .forms import LeadAdminForm
from .organisations import OrganisationFields

# What the prospect sent, the requirements first; email, phone and requirements
# by methods, so that staff see links and not the help written for prospects.
REQUEST_FIELDS = [
    "requirements_text",
    "help_wanted",
    "timeline",
    "country_list",
    "sector_list",
]
CONTACT_FIELDS = [
    "full_name",
    "organisation",
    "job_title",
    "email_link",
    "phone_link",
    "prospect",
    "organisation_link",
    "duplicates",
]
SOURCE_FIELDS = [
    "reference",
    "channel",
    "created_at",
    "updated_at",
    "source_briefing",
    "referrer_domain",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "privacy_notice_version",
    "marketing_opt_in",
    "spam_reason",
]
SUBMITTED_FIELDS = [*REQUEST_FIELDS, *CONTACT_FIELDS, *SOURCE_FIELDS]
DEAL_HEADING = _("Deal")
# The latest of a lead's timeline, the rest a click away.
TIMELINE_SHOWN = 30
CLOCK_FIELDS = ["response_deadline", "first_response_at", "reminded_at", "escalated_at"]


class EmailInline(admin.TabularInline):
    model = OutgoingEmail
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

    def get_queryset(self, request):
        # Each row names its email by its lead: read with it, not once a row.
        return super().get_queryset(request).select_related("lead")


@admin.register(Lead)
class LeadAdmin(OrganisationFields, admin.ModelAdmin):
    """The triage of requests: submitted fields are read-only; status, assignee,
    legal hold and notes change through leads.services.triage, which keeps the
    history."""

    form = LeadAdminForm
    # Where each request stands comes first, so that it is in view at 1366 px
    # beside the sidebars; who and what about follow.
    list_display = [
        "reference",
        "status",
        "scored",
        "assigned_to",
        "age",
        "response_deadline",
        "prospect_name",
        "country_list",
        "failed_emails",
    ]
    list_filter = [
        StatusFilter,
        MineFilter,
        ("assignee", AssigneeFilter),
        ("countries", CountryFilter),
        SectorFilter,
        SourceBriefingFilter,
        OverdueFilter,
        RoutingFilter,
        ClosingFilter,
        ReachedFilter,
        OriginFilter,
        ReceivedFilter,
    ]
    list_select_related = ["assignee"]
    list_per_page = 50
    search_fields = ["reference", "full_name", "email", "organisation", "requirements"]
    search_help_text = _("Name, email, organisation, reference or requirements.")
    date_hierarchy = "created_at"
    actions = [
        actions.assign_to_me,
        actions.assign_to,
        actions.set_status,
        actions.mark_spam,
        actions.release_from_spam,
        actions.resend_emails,
        actions.export_leads,
    ]
    inlines = [EmailInline]

    class Media:
        css = {"all": ["css/leads-admin.css"]}

    def action_checkbox(self, lead):
        """The admin's checkbox, the same markup written directly: rendering
        a widget's template for each row took a third of the list's time."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" '
            'aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            lead.pk,
            format_html(_("Select this object for an action - {}"), str(lead)),
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("prospect__organisation", "assignee")
            .prefetch_related(
                "countries",
                "sectors",
                # Only the failed ones, which the list shows: few rows.
                Prefetch(
                    "emails",
                    OutgoingEmail.objects.filter(state=OutgoingEmail.State.FAILED),
                    to_attr="failed_emails_list",
                ),
            )
        )

    def get_fieldsets(self, request, obj=None):
        triage_fields = [
            "status",
            "lost_reason",
            "assignee",
            "legal_hold",
            *CLOCK_FIELDS,
        ]
        deal_fields = [*triage.DEAL_FIELDS, "won_at", "score_explained"]
        notes = []
        if self.has_change_permission(request, obj) and request.user.has_perm(
            "leads.add_leadnote"
        ):
            notes = [(_("Notes"), {"fields": ["note"]})]
        # The timeline follows the deal (see change_form.html).
        return [
            (_("Request"), {"fields": REQUEST_FIELDS}),
            (_("Triage"), {"fields": triage_fields}),
            (DEAL_HEADING, {"fields": deal_fields}),
            *notes,
            (_("Prospect"), {"fields": [*CONTACT_FIELDS, "other_requests"]}),
            (_("Source"), {"fields": SOURCE_FIELDS}),
            (_("History"), {"fields": ["history"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            *SUBMITTED_FIELDS,
            *CLOCK_FIELDS,
            "won_at",
            "score_explained",
            "other_requests",
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
        # Each change is written, with its history entry, by leads.services.triage.
        data, by = form.cleaned_data, request.user
        if "assignee" in form.changed_data:
            triage.assign(obj, data["assignee"], by=by)
        if {"status", "lost_reason"} & set(form.changed_data):
            triage.set_status(
                obj, data["status"], by=by, lost_reason=data.get("lost_reason")
            )
        deal = {
            name: data[name] for name in triage.DEAL_FIELDS if name in form.changed_data
        }
        if deal:
            triage.update_deal(obj, by=by, **deal)
        if "legal_hold" in form.changed_data:
            triage.set_legal_hold(obj, data["legal_hold"], by=by)
        if data.get("note"):
            triage.add_note(obj, data["note"], by=by)

    def get_urls(self):
        def page(view):
            return self.admin_site.admin_view(partial(view, self), cacheable=False)

        return [
            path(
                "<path:object_id>/correct/",
                page(lead_pages.correct_details_view),
                name="leads_lead_correct",
            ),
            path(
                "<path:object_id>/log/",
                page(lead_pages.log_activity_view),
                name="leads_lead_log",
            ),
            path(
                "<path:object_id>/email/",
                page(lead_pages.email_prospect_view),
                name="leads_lead_email",
            ),
            path(
                "<path:object_id>/tasks/add/",
                page(lead_pages.add_task_view),
                name="leads_lead_add_task",
            ),
            path(
                "<path:object_id>/tasks/<int:task_id>/done/",
                page(lead_pages.complete_task_view),
                name="leads_lead_task_done",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None:
            entries = timeline(obj)
            whole = request.GET.get("timeline") == "all"
            context.update(
                timeline_after=DEAL_HEADING,
                entries=entries if whole else entries[:TIMELINE_SHOWN],
                entries_hidden=0 if whole else max(0, len(entries) - TIMELINE_SHOWN),
                open_tasks=obj.tasks.open().select_related("owner"),
            )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def response_change(self, request, obj):
        if lead_pages.NEXT_LEAD in request.POST:
            self.message_user(request, _("Saved %(lead)s.") % {"lead": obj})
            return redirect(lead_pages.next_lead_url(obj))
        return super().response_change(request, obj)

    @admin.display(description=_("score"))
    def score_explained(self, lead):
        if not lead.score_reasons:
            return lead.score
        return f"{lead.score}: {', '.join(lead.score_reasons)}"

    # The highest first at the first click: a score is read from the top.
    @admin.display(description=_("score"), ordering="-score")
    def scored(self, lead):
        """The score, with its reasons on hover."""
        if not lead.score_reasons:
            return lead.score
        return format_html(
            '<span class="lead-score" title="{}">{}</span>',
            ", ".join(lead.score_reasons),
            lead.score,
        )

    @admin.display(description=_("emails"))
    def failed_emails(self, lead):
        failed = [email.get_kind_display() for email in lead.failed_emails_list]
        if not failed:
            return "-"
        return format_html(
            '<span class="lead-failed">{}: {}</span>', _("Failed"), ", ".join(failed)
        )

    @admin.display(description=_("prospect"), ordering="full_name")
    def prospect_name(self, lead):
        return format_html(
            '{}<span class="lead-organisation">{}</span>',
            lead.full_name,
            lead.organisation,
        )

    @admin.display(description=_("requirements"))
    def requirements_text(self, lead):
        return linebreaks_filter(lead.requirements, autoescape=True)

    @admin.display(description=_("work email"))
    def email_link(self, lead):
        return format_html('<a href="mailto:{}">{}</a>', lead.email, lead.email)

    @admin.display(description=_("phone"))
    def phone_link(self, lead):
        if not lead.phone:
            return "-"
        dial = "".join(c for c in lead.phone if c.isdigit() or c == "+")
        return format_html('<a href="tel:{}">{}</a>', dial, lead.phone)

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
        due = dateformat.format(timezone.localtime(lead.response_due_at), "j M H:i")
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

    @admin.display(description=_("history"))
    def history(self, lead):
        return render_to_string(
            "admin/leads/lead/_history.html",
            {"events": lead.events.select_related("actor", "note")},
        )


def saved_views():
    """The lists sales come back to, as links anyone may share: (label, query
    of the lead list)."""
    deadline = 1 + LeadAdmin.list_display.index("response_deadline")
    score = 1 + LeadAdmin.list_display.index("scored")
    return [
        (_("My open leads, overdue first"), f"mine=me&status=open&o={deadline}"),
        (_("Open leads, best score first"), f"status=open&o={score}"),
        (_("Unrouted"), "routing=unrouted&status=open"),
        (_("Proposal sent, closing this month"), "status=proposal_sent&closing=month"),
    ]
