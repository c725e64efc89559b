"""Locked-out logins, for sales managers (and superusers) to lift."""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import events


@admin.action(description=_("Unlock the selected logins"), permissions=["delete"])
def unlock(modeladmin, request, queryset):
    count, _by_model = queryset.delete()
    events.unlocked(by=request.user, count=count)
    modeladmin.message_user(
        request,
        ngettext("%(count)d login unlocked.", "%(count)d logins unlocked.", count)
        % {"count": count},
        messages.SUCCESS,
    )


@admin.register(AccessAttempt)
class AccessAttemptAdmin(admin.ModelAdmin):
    """Failed logins counted by django-axes; unlocking deletes the count."""

    list_display = [
        "attempt_time",
        "username",
        "ip_address",
        "failures_since_start",
        "locked",
    ]
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"
    fields = ["username", "ip_address", "failures_since_start", "attempt_time"]
    readonly_fields = fields
    actions = [unlock]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        events.unlocked(by=request.user, count=1)

    @admin.display(description=_("locked"), boolean=True)
    def locked(self, attempt):
        return attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT
