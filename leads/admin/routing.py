"""Who receives lead data: routing rules and lead recipients, editable by sales
managers, each change kept with who made it and what it was before."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from briefings.models import Country

from ..models import (
    LeadRecipient,
    LeadRecipientChange,
    RoutingRule,
    RoutingRuleChange,
    Sector,
)
from ..services.roles import display_name
from ..services.routing import delete_with_history, save_with_history
from .forms import assignee_choices
from .readonly import ReadOnlyAdmin


class RecordedChangesAdmin(admin.ModelAdmin):
    """Every change goes through leads.services.routing, which keeps it in the
    object's history; the page shows that history."""

    readonly_fields = ["changes"]

    @admin.display(description=_("changes"))
    def changes(self, obj):
        return render_to_string(
            "admin/leads/_changes.html",
            {"changes": obj.changes.select_related("changed_by")},
        )

    def save_model(self, request, obj, form, change):
        """Saved with its many-to-many fields by save_related."""

    def save_related(self, request, form, formsets, change):
        related = {
            name: form.cleaned_data[name]
            for name, field in form.fields.items()
            if isinstance(field, forms.ModelMultipleChoiceField)
        }
        save_with_history(form.instance, by=request.user, related=related)

    def delete_model(self, request, obj):
        delete_with_history(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            delete_with_history(obj, by=request.user)


class SectorsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, model_field, **kwargs):
        super().__init__(
            label=model_field.verbose_name.capitalize(),
            choices=Sector.choices,
            required=False,
            help_text=model_field.help_text,
            **kwargs,
        )


class RoutingRuleForm(forms.ModelForm):
    # The countries go through a model of their own (which protects a named
    # country from deletion), so the admin offers no field: declared here.
    countries = forms.ModelMultipleChoiceField(
        Country.objects.all(),
        required=False,
        label=_("Countries"),
        help_text=RoutingRule._meta.get_field("countries").help_text,
        widget=FilteredSelectMultiple(_("countries"), False),
    )
    sectors = SectorsField(RoutingRule._meta.get_field("sectors"))

    class Meta:
        model = RoutingRule
        fields = ["countries", "sectors", "recipients", "assignment", "is_active"]

    def clean(self):
        """Two rules for the same countries and sectors would only make the
        routing harder to read: the second is refused."""
        cleaned = super().clean()
        countries = {country.pk for country in cleaned.get("countries") or ()}
        sectors = set(cleaned.get("sectors") or ())
        others = RoutingRule.objects.exclude(pk=self.instance.pk).prefetch_related(
            "countries"
        )
        for other in others:
            if {country.pk for country in other.countries.all()} == countries and set(
                other.sectors
            ) == sectors:
                raise forms.ValidationError(
                    _("A rule for these countries and sectors exists: %(rule)s."),
                    code="duplicate_rule",
                    params={"rule": other},
                )
        return cleaned


class RuleSectorFilter(admin.SimpleListFilter):
    title = _("sector")
    parameter_name = "sector"

    def lookups(self, request, model_admin):
        return [("any", _("Any sector")), *Sector.choices]

    def queryset(self, request, queryset):
        if self.value() == "any":
            return queryset.filter(sectors=[])
        if self.value() in Sector.values:
            # Few rules: read in Python, the same on every database.
            return queryset.filter(
                pk__in=[
                    rule.pk
                    for rule in queryset.only("sectors")
                    if self.value() in rule.sectors
                ]
            )
        return queryset


@admin.register(RoutingRule)
class RoutingRuleAdmin(RecordedChangesAdmin):
    form = RoutingRuleForm
    list_display = [
        "__str__",
        "recipient_names",
        "assignment",
        "is_active",
    ]
    list_filter = ["is_active", RuleSectorFilter, "countries", "assignment"]
    filter_horizontal = ["recipients"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("countries", "recipients__user")
        )

    def get_fields(self, request, obj=None):
        fields = ["countries", "sectors", "recipients", "assignment", "is_active"]
        return [*fields, "changes"] if obj else fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "recipients":
            kwargs["queryset"] = LeadRecipient.objects.select_related("user")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("recipients"))
    def recipient_names(self, rule):
        return ", ".join(str(recipient) for recipient in rule.recipients.all())


class LeadRecipientForm(forms.ModelForm):
    sectors = SectorsField(LeadRecipient._meta.get_field("sectors"))

    class Meta:
        model = LeadRecipient
        fields = ["user", "countries", "sectors", "takes_new_leads"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields:  # not on the view-only page
            # Only accounts that may see leads can receive them (and the one
            # this recipient has, so that it can still be edited or paused).
            self.fields["user"].queryset = assignee_choices(self.instance.user_id)
            self.fields["user"].label_from_instance = lambda user: (
                f"{display_name(user)} <{user.email or _('no email')}>"
            )

    def clean_user(self):
        user = self.cleaned_data["user"]
        if not user.email:
            raise forms.ValidationError(
                _("This account has no email address to send alerts to."),
                code="no_email",
            )
        return user


@admin.register(LeadRecipient)
class LeadRecipientAdmin(RecordedChangesAdmin):
    form = LeadRecipientForm
    list_display = ["__str__", "email", "country_names", "sectors", "takes_new_leads"]
    list_filter = ["takes_new_leads", "countries"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    filter_horizontal = ["countries"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("user")
            .prefetch_related("countries")
        )

    def get_fields(self, request, obj=None):
        fields = ["user", "countries", "sectors", "takes_new_leads"]
        return [*fields, "changes"] if obj else fields

    @admin.display(description=_("countries covered"))
    def country_names(self, recipient):
        return ", ".join(str(country) for country in recipient.countries.all())


class ChangeHistoryAdmin(ReadOnlyAdmin):
    list_filter = ["action"]
    list_select_related = ["changed_by"]


@admin.register(RoutingRuleChange)
class RoutingRuleChangeAdmin(ChangeHistoryAdmin):
    list_display = ["changed_at", "rule_label", "action", "changed_by"]
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


@admin.register(LeadRecipientChange)
class LeadRecipientChangeAdmin(ChangeHistoryAdmin):
    list_display = ["changed_at", "recipient_label", "action", "changed_by"]
    fields = [
        "changed_at",
        "recipient",
        "recipient_label",
        "action",
        "changed_by",
        "before",
        "after",
    ]
    readonly_fields = fields
