"""Filters of the request list that are not simply a field's values."""

from django.contrib import admin
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import OPEN_STATUSES, LeadStatus, Sector
from ..services.roles import display_name


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
                # The sales inbox: what nobody works on yet, quarantine aside.
                return queryset.filter(assignee__isnull=True).exclude(
                    status=LeadStatus.SPAM
                )
        return queryset


class StatusFilter(admin.SimpleListFilter):
    """The list opens on open work; closed requests and spam are one click away.

    A search looks through every status unless one is chosen, so a reference
    quoted on the phone is found whatever became of the request.
    """

    title = _("status")
    parameter_name = "status"
    OPEN, CLOSED, ALL = "open", "closed", "all"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.effective = self.effective_value(request)

    def lookups(self, request, model_admin):
        return [
            (self.OPEN, _("Open work")),
            *LeadStatus.choices,
            (self.CLOSED, _("Closed (won or lost)")),
            (self.ALL, _("All")),
        ]

    def effective_value(self, request):
        if self.value() is not None:
            return self.value()
        return self.ALL if request.GET.get(SEARCH_VAR) else self.OPEN

    def queryset(self, request, queryset):
        value = self.effective
        if value == self.OPEN:
            return queryset.filter(status__in=OPEN_STATUSES)
        if value == self.CLOSED:
            return queryset.filter(status__in=[LeadStatus.WON, LeadStatus.LOST])
        if value in LeadStatus.values:
            return queryset.filter(status=value)
        return queryset

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.effective == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value}
                ),
                "display": label,
            }


class AssigneeFilter(admin.RelatedOnlyFieldListFilter):
    """Assignees by their names, as the list and the history show them."""

    def field_choices(self, field, request, model_admin):
        pks = model_admin.get_queryset(request).values_list(
            f"{self.field_path}__pk", flat=True
        )
        users = get_user_model().objects.filter(pk__in=pks)
        return sorted(
            ((user.pk, display_name(user)) for user in users), key=lambda c: c[1]
        )


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


class ClosingFilter(admin.SimpleListFilter):
    title = _("expected close")
    parameter_name = "closing"

    def lookups(self, request, model_admin):
        return [
            ("month", _("This month")),
            ("overdue", _("Past, still open")),
            ("none", _("Not set")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "month":
            return queryset.filter(
                expected_close__year=today.year, expected_close__month=today.month
            )
        if self.value() == "overdue":
            return queryset.filter(expected_close__lt=today, status__in=OPEN_STATUSES)
        if self.value() == "none":
            return queryset.filter(expected_close__isnull=True)
        return queryset
