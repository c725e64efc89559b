"""Prospects and the requests each of them sent."""

from django.contrib import admin
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from ..models import Lead, Prospect, Subscriber
from . import actions
from .organisations import OrganisationFields


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
class ProspectAdmin(OrganisationFields, admin.ModelAdmin):
    list_display = ["email", "created_at", "request_count", "erased_at"]
    search_fields = [
        "email",
        "leads__full_name",
        "leads__organisation",
        "leads__reference",
    ]
    search_help_text = _("Email, name, organisation or a request's reference.")
    # The organisation is shown as a link to its page.
    exclude = ["organisation"]
    readonly_fields = [
        "email",
        "created_at",
        "erased_at",
        "organisation_link",
        "merged_into",
        "duplicates",
        "alerts",
    ]
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

    @admin.display(description=_("briefing alerts"))
    def alerts(self, prospect):
        """What they follow and since when: an intent signal."""
        return render_to_string(
            "admin/leads/prospect/_alerts.html",
            {
                "subscribers": Subscriber.objects.with_email(
                    prospect.email
                ).prefetch_related(
                    "followedcountry_set__country", "followedtopic_set__topic"
                )
            },
        )

    @admin.display(description=_("requests"), ordering="request_count")
    def request_count(self, prospect):
        return prospect.request_count
