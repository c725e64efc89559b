import re

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from briefings.models import Briefing, Country, Topic

from .models import SUBMITTED_FIELDS, Channel, Frequency, Lead, Sector
from .services.intake import Source
from .services.intake.stamps import Expired, Stamp
from .validators import no_invisible_characters, plain_email_address, single_line

NAME_FIELDS = ("full_name", "organisation", "job_title")
# A person asked to check the form reads the note before sending it again.
RESEND_MIN_SECONDS = 1
ID = re.compile(r"[0-9]{1,18}")


class TelInput(forms.TextInput):
    input_type = "tel"


class MultilineField(forms.CharField):
    """Browsers send CRLF yet count a line break as one character against
    maxlength; store LF so both counts agree."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


class CountriesField(forms.ModelMultipleChoiceField):
    """Ids checked before the query: a number too large for the column is a
    database error (OverflowError on SQLite), not a choice that does not exist."""

    def clean(self, value):
        for pk in value or ():
            if not ID.fullmatch(str(pk)):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class BotDefencesForm(forms.Form):
    """A public form's defences against bots, without a CAPTCHA: a honeypot, and
    the signed stamp of when the form was rendered (leads.services.intake.stamps).
    A form sent back too soon, or too late, is shown again to be sent once more:
    autofill and paste make people fast too."""

    # The honeypot: hidden from people (and screen readers), filled by bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    @cached_property
    def posted_stamp(self):
        """The posted stamp; raises BadSignature (bot) or Expired (slow human)."""
        return Stamp.unsign(self.data.get("stamp", ""))

    def bot_reason(self):
        """Why this POST comes from a bot, or "" when a person may have sent it.

        Speed alone does not make a bot (autofill, paste): a form sent too soon
        is shown again by clean().
        """
        if self.data.get("website"):
            return "honeypot filled"
        try:
            self.posted_stamp  # noqa: B018
        except Expired:
            return ""  # a genuine form left open: the person is asked to resend
        except signing.BadSignature:
            return "form stamp missing or forged"
        return ""

    def clean(self):
        cleaned_data = super().clean()
        try:
            stamp = self.posted_stamp
        except Expired as expired:
            self.renew_stamp(expired.stamp)
            raise ValidationError(
                _(
                    "This form was open for a long time, so we could not accept "
                    "it. Please check your details and send it again."
                ),
                code="expired",
            ) from None
        except signing.BadSignature:
            raise ValidationError(
                _("Please reload the page and send the form again."), code="stamp"
            ) from None
        if stamp.age < self.min_fill_seconds(stamp):
            self.renew_stamp(stamp)
            raise ValidationError(
                _("Please check your details and send the form again."),
                code="too_fast",
            )
        return cleaned_data

    @staticmethod
    def min_fill_seconds(stamp):
        """How soon the form may come back; sooner, it is sent back to be checked.

        Once sent back, the person may send it again at once; a script posting
        it straight back within a second is only asked again, so it waits too.
        """
        if stamp.renewed:
            return min(RESEND_MIN_SECONDS, settings.LEADS_MIN_FILL_SECONDS)
        return settings.LEADS_MIN_FILL_SECONDS

    def renew_stamp(self, stamp):
        """Renewed, so that sending again works; what was typed is kept."""
        self.data = self.data.copy()
        self.data["stamp"] = stamp.renew()


class RequestForm(forms.ModelForm):
    """What a request says, as the public form asks it and sales type it in.
    Status, assignee, reference and the rest are set by the server and are
    not fields here, so a POST cannot set them."""

    sectors = forms.MultipleChoiceField(
        label=_("Sectors of interest"),
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose every sector that applies."),
    )

    class Meta:
        model = Lead
        fields = SUBMITTED_FIELDS
        field_classes = {"requirements": MultilineField, "countries": CountriesField}
        widgets = {
            "countries": forms.CheckboxSelectMultiple,
            "help_wanted": forms.RadioSelect,
            "requirements": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in NAME_FIELDS:
            self.fields[name].validators.append(no_invisible_characters)
        self.fields["email"].validators.append(plain_email_address)
        self.fields["countries"].queryset = Country.objects.all()
        self.fields["help_wanted"].choices = Lead.HelpWanted.choices
        self.fields["timeline"].choices = [
            ("", _("Choose one")),
            *Lead.Timeline.choices,
        ]

    def submission(self):
        """The keyword arguments of services.submit_lead for a valid form."""
        data = self.cleaned_data
        return {
            "submitted": {name: data[name] for name in SUBMITTED_FIELDS},
            "sectors": data["sectors"],
        }


class LeadForm(BotDefencesForm, RequestForm):
    """What a prospect fills in on the public site."""

    privacy = forms.BooleanField()

    # Read by crispy's |as_crispy_field; the layout is the template's.
    helper = FormHelper()

    class Meta(RequestForm.Meta):
        labels = {
            "help_wanted": _("What kind of help do you need?"),
            "timeline": _("When do you need it?"),
            "requirements": _("Your requirements"),
            "marketing_opt_in": _("Send me new briefings by email"),
        }
        help_texts = {
            "countries": _(
                "Leave all unticked if your interest is Africa-wide or the country "
                "is not listed, and say so below."
            ),
            "marketing_opt_in": _("Optional. You can unsubscribe at any time."),
        }
        widgets = {
            **RequestForm.Meta.widgets,
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "phone": TelInput(attrs={"autocomplete": "tel"}),
        }

    def __init__(self, *args, briefing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._briefing = briefing
        self.fields["privacy"].label = _(
            "I have read the privacy notice (version %(version)s) and agree that "
            "ASA keeps these details to answer my request."
        ) % {"version": settings.LEADS_PRIVACY_NOTICE_VERSION}

    @cached_property
    def briefing(self):
        """The published briefing the form answers, re-checked on every POST."""
        if not self.is_bound:
            return self._briefing
        try:
            briefing_id = self.posted_stamp.briefing_id
        except Expired as expired:
            briefing_id = expired.stamp.briefing_id
        except signing.BadSignature:
            return None
        if briefing_id is None:
            return None
        return (
            Briefing.objects.published()
            .only("title", "slug")
            .filter(pk=briefing_id)
            .first()
        )

    def submission(self):
        return {
            **super().submission(),
            "privacy_notice_version": self.posted_stamp.privacy_notice_version
            or settings.LEADS_PRIVACY_NOTICE_VERSION,
            "source": Source(
                briefing=self.briefing,
                referrer_domain=self.posted_stamp.referrer_domain,
                utm=self.posted_stamp.utm,
            ),
        }


class HandMadeLeadForm(RequestForm):
    """A request sales type in after a call, a meeting, an email or a
    referral: what the public form asks, and how it came. No privacy notice
    was shown, so none is recorded as acknowledged."""

    channel = forms.ChoiceField(
        label=_("It came through"),
        choices=[(v, label) for v, label in Channel.choices if v != Channel.WEB],
        widget=forms.RadioSelect,
    )

    class Meta(RequestForm.Meta):
        help_texts = {
            "email": _("The prospect's own address: they are recognised by it."),
            "requirements": _("What they need to know or decide, where, and by when."),
            "marketing_opt_in": _(
                "Only if they asked: they receive an email to confirm it."
            ),
        }

    def submission(self):
        return {
            **super().submission(),
            "privacy_notice_version": "",
            "channel": self.cleaned_data["channel"],
        }


class SearchForm(forms.Form):
    """A workspace list's search box: junk (a NUL, an array) searches nothing."""

    q = forms.CharField(required=False, max_length=200)

    @property
    def terms(self):
        return self.cleaned_data["q"] if self.is_valid() else ""


class SubjectsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, required=False, **kwargs)


class FollowForm(BotDefencesForm):
    """A reader asks for briefing alerts: nothing is followed until the link
    in the confirmation email is confirmed."""

    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        validators=[single_line, plain_email_address],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    countries = SubjectsField(Country.objects.all(), label=_("Countries"))
    topics = SubjectsField(Topic.objects.all(), label=_("Topics"))
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        initial=Frequency.EACH,
        widget=forms.RadioSelect,
    )

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("countries") and not cleaned_data.get("topics"):
            raise ValidationError(
                _("Choose at least one country or topic to follow."), code="empty"
            )
        return cleaned_data


class PreferencesForm(forms.Form):
    """What a subscriber follows and how often, from the link in any email."""

    countries = SubjectsField(Country.objects.all(), label=_("Countries"))
    topics = SubjectsField(Topic.objects.all(), label=_("Topics"))
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, widget=forms.RadioSelect
    )
    paused = forms.BooleanField(
        label=_("Pause all alerts for now"),
        required=False,
        help_text=_("Nothing is sent while paused; your choices are kept."),
    )
