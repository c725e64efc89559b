from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Lead, Notification, Prospect

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
    """Requests as they were sent; only status and assignee can change here."""

    list_display = [
        "reference",
        "full_name",
        "organisation",
        "status",
        "created_at",
        "notification_states",
    ]
    list_filter = ["status", "created_at"]
    search_fields = ["reference", "full_name", "organisation", "email"]
    date_hierarchy = "created_at"
    fieldsets = [
        (None, {"fields": ["status", "assignee"]}),
        (_("Request"), {"fields": SUBMITTED_FIELDS}),
    ]
    readonly_fields = SUBMITTED_FIELDS
    raw_id_fields = ["assignee"]
    inlines = [NotificationInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("prospect", "source_briefing")
            .prefetch_related("notifications")
        )

    def has_add_permission(self, request):
        return False

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
    list_display = ["email", "created_at"]
    search_fields = ["email"]
    readonly_fields = ["email", "created_at"]
    inlines = [LeadInline]

    def has_add_permission(self, request):
        return False
