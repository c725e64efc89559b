"""Routing seen whole: the coverage grid, where a draft lead would go, and
the unrouted leads sent again through the rules."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View

from ..admin.forms import WhereWouldItGoForm
from ..models import Lead
from ..selectors.coverage import coverage
from ..services.intake import reroute
from ..services.routing import RoutingTable
from .staff import StaffPage


class CoverageView(StaffPage, TemplateView):
    permission_required = "leads.view_routingrule"
    template_name = "staff/coverage.html"
    section = "coverage"

    def get_context_data(self, **kwargs):
        table = RoutingTable.load()
        form = WhereWouldItGoForm(self.request.GET or None)
        draft = None
        if form.is_bound and form.is_valid():
            draft = table.resolve(
                [country.pk for country in form.cleaned_data["countries"]],
                form.cleaned_data["sectors"],
            )
        return super().get_context_data(
            coverage=coverage(table), form=form, draft=draft, **kwargs
        )


class RerouteView(StaffPage, View):
    """Send the open, unrouted leads through the rules again (a POST)."""

    permission_required = "leads.change_routingrule"
    http_method_names = ["post"]

    def post(self, request):
        routed = reroute(Lead.objects.all(), by=request.user)
        if routed:
            messages.success(
                request,
                ngettext(
                    "%(count)d unrouted lead was routed by the current rules.",
                    "%(count)d unrouted leads were routed by the current rules.",
                    routed,
                )
                % {"count": routed},
            )
        else:
            messages.warning(request, _("No rule covers the unrouted leads yet."))
        return redirect("leads:coverage")
