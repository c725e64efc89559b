"""Filters of the request list that are not simply a field's values."""

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import LeadStatus, Sector


class MineFilter(admin.SimpleListFilter):
    title = _("mine")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [
            ("me", _("Assigned to me")),
            ("nobody", _("Unassigned (sales inbox)")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "me":
                return queryset.filter(assignee=request.user)
            case "nobody":
                return queryset.filter(assignee__isnull=True)
        return queryset


class SectorFilter(admin.SimpleListFilter):
    title = _("sector")
    parameter_name = "sector"

    def lookups(self, request, model_admin):
        return Sector.choices

    def queryset(self, request, queryset):
        if self.value() in Sector.values:
            return queryset.filter(sectors__sector=self.value())
        return queryset


class RoutingFilter(admin.SimpleListFilter):
    title = _("routing")
    parameter_name = "routing"

    def lookups(self, request, model_admin):
        return [
            ("unrouted", _("Unrouted (no rule matched)")),
            ("routed", _("Routed by a rule")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "unrouted":
                return queryset.filter(unrouted=True)
            case "routed":
                return queryset.filter(unrouted=False).exclude(status=LeadStatus.SPAM)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("response deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("pending", _("Not yet due")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        match self.value():
            case "overdue":
                return queryset.overdue(now)
            case "pending":
                return queryset.filter(
                    Q(response_due_at__gt=now) | Q(response_due_at__isnull=True),
                    status=LeadStatus.NEW,
                )
        return queryset
