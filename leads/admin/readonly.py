from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by the portal itself: to look at, never to edit."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
