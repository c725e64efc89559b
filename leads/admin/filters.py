"""Filters of the request list that are not simply a field's values."""

import datetime

from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _

from briefings.models import Briefing, Country

from ..models import OPEN_STATUSES, Lead, LeadCountry, LeadStatus, Sector
from ..selectors.dashboard import FUNNEL, ORIGINS, midnight, reached
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
    OPEN, CLOSED, REQUESTS, ALL = "open", "closed", "requests", "all"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.effective = self.effective_value(request)

    def lookups(self, request, model_admin):
        return [
            (self.OPEN, _("Open work")),
            *LeadStatus.choices,
            (self.CLOSED, _("Closed (won or lost)")),
            (self.REQUESTS, _("All but spam")),
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
        if value == self.REQUESTS:
            return queryset.exclude(status=LeadStatus.SPAM)
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


class AssigneeFilter(admin.RelatedFieldListFilter):
    """Assignees by their names, as the list and the history show them.

    Only people who have a lead, each found by one probe of the assignee
    index rather than by reading every lead (which costs more the more
    leads there are)."""

    def field_choices(self, field, request, model_admin):
        users = get_user_model().objects.filter(
            Exists(Lead.objects.filter(assignee=OuterRef("pk")))
        )
        return sorted(
            ((user.pk, display_name(user)) for user in users), key=lambda c: c[1]
        )


class CountryFilter(admin.RelatedFieldListFilter):
    """The countries some lead names, each found by one index probe: the
    admin's own filter reads every lead's countries on every page."""

    def field_choices(self, field, request, model_admin):
        named = LeadCountry.objects.filter(country=OuterRef("pk"))
        return [
            (country.pk, str(country))
            for country in Country.objects.filter(Exists(named)).order_by("name")
        ]


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


class ReachedFilter(admin.SimpleListFilter):
    """Requests that reached a stage or went beyond it, as the dashboard's
    funnel counts them."""

    title = _("reached")
    parameter_name = "reached"

    def lookups(self, request, model_admin):
        return [(stage.value, stage.label) for stage in FUNNEL[1:]]

    def queryset(self, request, queryset):
        if self.value() in FUNNEL:
            return queryset.filter(reached(LeadStatus(self.value())))
        return queryset


class OriginFilter(admin.SimpleListFilter):
    title = _("came from")
    parameter_name = "origin"

    def lookups(self, request, model_admin):
        return [(name, label) for name, (label, _condition) in ORIGINS.items()]

    def queryset(self, request, queryset):
        if self.value() in ORIGINS:
            return queryset.filter(ORIGINS[self.value()][1])
        return queryset


class ReceivedFilter(admin.ListFilter):
    """Requests received from one day to another, both included: how the
    dashboard's figures open the list. A day that is no date is ignored, and
    the user told."""

    title = _("received")
    FROM, TO = "received_from", "received_to"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.days = {}
        for name in (self.FROM, self.TO):
            if name not in params:
                continue
            value = params.pop(name)[-1]
            try:
                self.days[name] = datetime.date.fromisoformat(value)
            except ValueError:
                messages.warning(
                    request,
                    _("“%(value)s” is not a date (YYYY-MM-DD): the list ignores it.")
                    % {"value": value[:20]},
                )

    def has_output(self):
        return bool(self.days)

    def expected_parameters(self):
        return [self.FROM, self.TO]

    def choices(self, changelist):
        yield {
            "selected": False,
            "query_string": changelist.get_query_string(remove=[self.FROM, self.TO]),
            "display": _("Any time"),
        }
        first, last = self.days.get(self.FROM), self.days.get(self.TO)
        yield {
            "selected": True,
            "query_string": changelist.get_query_string(),
            "display": " – ".join(
                dateformat.format(day, "j M Y") if day else "…" for day in (first, last)
            ),
        }

    def queryset(self, request, queryset):
        if first := self.days.get(self.FROM):
            queryset = queryset.filter(created_at__gte=midnight(first))
        if last := self.days.get(self.TO):
            queryset = queryset.filter(
                created_at__lt=midnight(last + datetime.timedelta(days=1))
            )
        return queryset


class SourceBriefingFilter(admin.SimpleListFilter):
    """The briefings that brought the most requests (all of them would make a
    list of thousands), and the one chosen if it is not among them."""

    title = _("source briefing")
    parameter_name = "briefing"
    SHOWN = 12

    def lookups(self, request, model_admin):
        top = list(
            model_admin.get_queryset(request)
            .order_by()
            .filter(source_briefing__isnull=False)
            .values("source_briefing")
            .annotate(count=Count("pk"))
            .order_by("-count", "source_briefing")
            .values_list("source_briefing", flat=True)[: self.SHOWN]
        )
        if (chosen := self.chosen()) and chosen not in top:
            top.append(chosen)
        titles = dict(Briefing.objects.filter(pk__in=top).values_list("pk", "title"))
        return [(str(pk), titles[pk]) for pk in top if pk in titles]

    def chosen(self):
        value = self.value()
        return int(value) if value and value.isdigit() else None

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(source_briefing=self.chosen())
