"""The sales dashboard: figures for a date range and an assignee, each a link
to the requests it counts."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from ..admin.forms import DashboardForm
from ..selectors.dashboard import Scope, figures
from .staff import StaffPage


class DashboardView(StaffPage, TemplateView):
    permission_required = "leads.view_dashboard"
    template_name = "staff/dashboard.html"
    section = "dashboard"

    def get_context_data(self, **kwargs):
        scope = Scope.default()
        form = DashboardForm(self.request.GET, scope=scope)
        if form.is_bound and form.is_valid():
            scope = Scope(
                form.cleaned_data["received_from"],
                form.cleaned_data["received_to"],
                form.chosen_assignee(),
            )
        return super().get_context_data(
            form=form,
            scope=scope,
            figures=figures(scope),
            ranges=ranges(),
            response_hours=settings.LEADS_RESPONSE_HOURS,
            **kwargs,
        )


def ranges(today=None):
    """The ranges sales ask for most, as links."""
    today = today or timezone.localdate()
    month = today.replace(day=1)
    last_month = (month - datetime.timedelta(days=1)).replace(day=1)
    quarter = month.replace(month=1 + 3 * ((today.month - 1) // 3))
    default = Scope.default(today)
    return [
        (_("Last 12 weeks"), default.start, today),
        (_("This month"), month, today),
        (_("Last month"), last_month, month - datetime.timedelta(days=1)),
        (_("This quarter"), quarter, today),
        (_("This year"), today.replace(month=1, day=1), today),
    ]
