"""What every page of the sales workspace shares: the admin's login, second
step, look and roles; never cached."""

from django.contrib import admin
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache


@method_decorator(never_cache, name="dispatch")
class StaffPage(LoginRequiredMixin, PermissionRequiredMixin):
    """A workspace page: sales staff only (`permission_required`), in the
    admin's frame, with its header, user links and the workspace's menu."""

    login_url = reverse_lazy("admin:login")
    permission_required = "leads.view_lead"
    section = ""

    def handle_no_permission(self):
        # Logged in without the right: 403, as the admin answers; otherwise
        # the login page.
        self.raise_exception = self.request.user.is_authenticated
        return super().handle_no_permission()

    def get_context_data(self, **kwargs):
        frame = admin.site.each_context(self.request)
        # The workspace's own menu replaces the admin's list of models.
        frame["is_nav_sidebar_enabled"] = False
        return super().get_context_data(**frame, section=self.section, **kwargs)
