"""Routing rules, editable by sales managers, and their change history."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from ..models import RoutingRule, RoutingRuleChange
from ..routing import describe_rule, record_rule_change
from .readonly import ReadOnlyAdmin


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    """Editable by sales managers; every change is kept as a RoutingRuleChange."""

    list_display = ["__str__", "country", "sector", "analyst_names", "is_active"]
    list_filter = ["is_active", "sector", "country"]
    filter_horizontal = ["analysts"]
    readonly_fields = ["changes"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("country")
            .prefetch_related("analysts")
        )

    def get_fields(self, request, obj=None):
        fields = ["country", "sector", "analysts", "is_active"]
        return [*fields, "changes"] if obj else fields

    @admin.display(description=_("analysts"))
    def analyst_names(self, rule):
        return ", ".join(analyst.name for analyst in rule.analysts.all())

    @admin.display(description=_("changes"))
    def changes(self, rule):
        return render_to_string(
            "admin/leads/routingrule/_changes.html",
            {"changes": rule.changes.select_related("changed_by")},
        )

    def save_model(self, request, obj, form, change):
        form.rule_before = (
            describe_rule(RoutingRule.objects.get(pk=obj.pk)) if change else {}
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # After the analysts are saved, so that "after" shows them.
        super().save_related(request, form, formsets, change)
        action = (
            RoutingRuleChange.Action.CHANGED
            if change
            else (RoutingRuleChange.Action.CREATED)
        )
        if describe_rule(form.instance) != form.rule_before:
            record_rule_change(
                form.instance, action=action, before=form.rule_before, by=request.user
            )

    def delete_model(self, request, obj):
        self.record_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for rule in queryset:
            self.record_deletion(request, rule)
        super().delete_queryset(request, queryset)

    def record_deletion(self, request, rule):
        record_rule_change(
            rule,
            action=RoutingRuleChange.Action.DELETED,
            before=describe_rule(rule),
            by=request.user,
        )


@admin.register(RoutingRuleChange)
class RoutingRuleChangeAdmin(ReadOnlyAdmin):
    list_display = ["changed_at", "rule_label", "action", "changed_by"]
    list_filter = ["action"]
    list_select_related = ["changed_by"]
    fields = [
        "changed_at",
        "rule",
        "rule_label",
        "action",
        "changed_by",
        "before",
        "after",
    ]
    readonly_fields = fields
