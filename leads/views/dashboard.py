"""The sales dashboard."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from ..selectors.dashboard import figures


@method_decorator(never_cache, name="dispatch")
class DashboardView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Figures for sales staff: charts, and the same numbers as tables."""

    permission_required = "leads.view_dashboard"
    template_name = "leads/dashboard.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(figures=figures(), **kwargs)
