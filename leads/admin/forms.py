"""Forms of the triage admin: the request page, its own pages (corrections,
activities, emails, tasks) and the bulk actions."""

from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from briefings.models import Country

from ..forms import MultilineField
from ..models import (
    NOTE_MAX_LENGTH,
    Activity,
    Lead,
    LeadStatus,
    LostReason,
    Sector,
    Task,
)
from ..services.roles import assignable_users, display_name
from ..services.triage import CORRECTABLE_FIELDS
from ..validators import multiline, no_invisible_characters, single_line


class AssigneeField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return display_name(user)


def assignee_choices(current=None):
    """Staff who can work on requests, and whoever holds this one now."""
    condition = Q(pk__in=assignable_users().values("pk"))
    if current is not None:
        condition |= Q(pk=current)
    return (
        get_user_model()
        .objects.filter(condition)
        .order_by("first_name", "last_name", "username")
    )


class LeadAdminForm(forms.ModelForm):
    """Only triage fields; what the prospect sent is shown read-only."""

    note = MultilineField(
        label=_("Add a note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        validators=[multiline],
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Saved with your name and the time; notes cannot be edited."),
    )

    class Meta:
        model = Lead
        fields = [
            "status",
            "lost_reason",
            "assignee",
            "legal_hold",
            "deal_value",
            "deal_currency",
            "expected_close",
        ]
        field_classes = {"assignee": AssigneeField}
        widgets = {"expected_close": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "assignee" in self.fields:
            self.fields["assignee"].queryset = assignee_choices(
                self.instance.assignee_id
            )
            self.fields["assignee"].empty_label = _("Nobody (sales inbox)")
        if "lost_reason" in self.fields:
            self.fields["lost_reason"].queryset = LostReason.objects.filter(
                is_active=True
            )

    def clean(self):
        super().clean()
        if "status" in self.fields:
            require_lost_reason(self)
        return self.cleaned_data


class CorrectionForm(forms.ModelForm):
    """The prospect's contact details on one request, as sales correct them
    (right to rectification); the rest of the request stays as it was sent."""

    class Meta:
        model = Lead
        fields = CORRECTABLE_FIELDS
        help_texts = dict.fromkeys(CORRECTABLE_FIELDS, "")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators.append(no_invisible_characters)


class BulkActionForm(forms.Form):
    """The choice an intermediate page of a bulk action asks for."""

    title = ""


class AssignForm(BulkActionForm):
    title = _("Assign the selected requests")

    assignee = AssigneeField(
        label=_("Assign to"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Nobody (sales inbox)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignee_choices()


class ErasureForm(BulkActionForm):
    title = _("Erase the personal data of the selected prospects")

    reason = forms.CharField(
        label=_("Reason or the prospect's request reference"),
        max_length=200,
        validators=[single_line],
        help_text=_(
            "Kept on the erasure record for an auditor, so no name or address, e.g. "
            '"Email of 3 March, ticket 1234".'
        ),
    )


class LostReasonField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=LostReason.objects.filter(is_active=True),
            label=_("Why was it lost?"),
            required=False,
            help_text=_("Needed when the status is Lost."),
            **kwargs,
        )


def require_lost_reason(form, status_field="status"):
    """A lost deal says why; any other status has no lost reason."""
    data = form.cleaned_data
    if data.get(status_field) == LeadStatus.LOST:
        if not data.get("lost_reason"):
            form.add_error("lost_reason", _("Say why the deal was lost."))
    else:
        data["lost_reason"] = None


class StatusForm(BulkActionForm):
    title = _("Set the status of the selected requests")

    status = forms.ChoiceField(label=_("New status"), choices=LeadStatus.choices)
    lost_reason = LostReasonField()

    def clean(self):
        super().clean()
        require_lost_reason(self)
        return self.cleaned_data


class StageForm(forms.Form):
    """A card's move on the pipeline board."""

    status = forms.ChoiceField(label=_("Move to"), choices=LeadStatus.choices)
    lost_reason = LostReasonField()

    def clean(self):
        super().clean()
        require_lost_reason(self)
        return self.cleaned_data


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's own date and time picker; no JavaScript of ours."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class ActivityForm(forms.ModelForm):
    """A call, meeting or email that happened outside the portal."""

    class Meta:
        model = Activity
        fields = ["kind", "occurred_at", "subject", "outcome", "body"]
        widgets = {
            "occurred_at": LocalDateTimeInput(),
            "body": forms.Textarea(attrs={"rows": 6, "cols": 80}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An email sent from the portal logs itself.
        self.fields["kind"].choices = [
            choice
            for choice in self.fields["kind"].choices
            if choice[0] not in ("", Activity.Kind.EMAIL_OUT)
        ]
        self.fields["kind"].initial = Activity.Kind.CALL
        self.fields["occurred_at"].initial = timezone.localtime().replace(
            second=0, microsecond=0
        )

    def clean_occurred_at(self):
        occurred_at = self.cleaned_data["occurred_at"]
        if occurred_at > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(
                _("Log what has happened; plan what will happen as a task.")
            )
        return occurred_at


class ProspectEmailForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"), max_length=200, validators=[single_line]
    )
    body = MultilineField(
        label=_("Message"),
        max_length=10000,
        validators=[multiline],
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        help_text=_(
            "Sent from the consultancy's address with your signature; "
            "the prospect's reply comes to you."
        ),
    )


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title", "due_at", "owner"]
        field_classes = {"owner": AssigneeField}
        widgets = {"due_at": LocalDateTimeInput()}
        help_texts = {"owner": _("Reminded by email once, when it falls due.")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = assignable_users()
        if user is not None:
            self.fields["owner"].initial = user.pk


class DashboardForm(forms.Form):
    """Which requests the dashboard counts: a date range and an assignee."""

    NOBODY = "none"
    LONGEST = timedelta(days=5 * 366)

    received_from = forms.DateField(
        label=_("Received from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("to"), widget=forms.DateInput(attrs={"type": "date"})
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)

    def __init__(self, data=None, *, scope):
        initial = {"received_from": scope.start, "received_to": scope.end}
        super().__init__(data or None, initial=initial)
        self.fields["assignee"].choices = [
            ("", _("Everyone")),
            (self.NOBODY, _("Nobody yet")),
            *(
                (str(user.pk), display_name(user))
                for user in get_user_model()
                .objects.filter(
                    Q(pk__in=assignable_users().values("pk"))
                    | Q(Exists(Lead.objects.filter(assignee=OuterRef("pk"))))
                )
                .order_by("first_name", "last_name", "username")
            ),
        ]

    def clean(self):
        data = super().clean()
        first, last = data.get("received_from"), data.get("received_to")
        if first and last and first > last:
            self.add_error("received_to", _("The range ends before it starts."))
        elif first and last and last - first > self.LONGEST:
            self.add_error("received_to", _("Choose a range of five years at most."))
        return data

    def chosen_assignee(self):
        value = self.cleaned_data.get("assignee")
        if value == self.NOBODY:
            return value
        if value:
            return get_user_model().objects.filter(pk=value).first()
        return None


class WhereWouldItGoForm(forms.Form):
    """A draft lead's countries and sectors, to see where it would go."""

    countries = forms.ModelMultipleChoiceField(
        Country.objects.order_by("name"),
        label=_("Countries"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
