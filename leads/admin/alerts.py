"""Readers who follow briefings by email, for sales: an intent signal."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import FollowedCountry, FollowedTopic, Subscriber


class FollowedInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FollowedCountryInline(FollowedInline):
    model = FollowedCountry
    fields = readonly_fields = ["country", "created_at"]


class FollowedTopicInline(FollowedInline):
    model = FollowedTopic
    fields = readonly_fields = ["topic", "created_at"]


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("active", _("Receiving alerts")),
            ("unconfirmed", _("Not confirmed")),
            ("unsubscribed", _("Unsubscribed")),
            ("refused", _("Refused by their server")),
        ]

    def queryset(self, request, queryset):
        return {
            "active": lambda: queryset.active(),
            "unconfirmed": lambda: queryset.filter(confirmed_at__isnull=True),
            "unsubscribed": lambda: queryset.filter(unsubscribed_at__isnull=False),
            "refused": lambda: queryset.filter(suppressed_at__isnull=False),
        }.get(self.value(), lambda: queryset)()


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "state", "frequency", "followed", "created_at"]
    list_filter = [StateFilter, "frequency", "consent_source", "countries", "topics"]
    search_fields = ["email"]
    fields = readonly_fields = [
        "email",
        "frequency",
        "paused",
        "created_at",
        "confirmed_at",
        "consent_source",
        "consent_version",
        "consented_at",
        "unsubscribed_at",
        "suppressed_at",
        "suppression_reason",
    ]
    inlines = [FollowedCountryInline, FollowedTopicInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries", "topics")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("state"))
    def state(self, subscriber):
        if subscriber.suppressed_at:
            return _("Refused by their server")
        if subscriber.unsubscribed_at:
            return _("Unsubscribed")
        if not subscriber.confirmed_at:
            return _("Not confirmed")
        return _("Paused") if subscriber.paused else _("Receiving alerts")

    @admin.display(description=_("follows"))
    def followed(self, subscriber):
        subjects = [*subscriber.countries.all(), *subscriber.topics.all()]
        return ", ".join(str(subject) for subject in subjects) or "-"
