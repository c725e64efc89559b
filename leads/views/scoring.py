"""The weights of the lead score: sales managers change them and see what
they make of the open requests; the rest of sales read them."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from briefings.models import Country

from ..models import Lead, ScoringWeights
from ..models.sectors import Sector
from ..services import scoring
from ..services.roles import display_name
from .staff import StaffPage

PREVIEW = 10
MAX_POINTS = 50
MAX_HALF_LIFE_DAYS = 730


def points_field(label):
    return forms.IntegerField(
        label=label, min_value=0, max_value=MAX_POINTS, widget=forms.NumberInput
    )


class ScoringForm(forms.Form):
    """One number per weight: per sector, country, kind of help and timeline
    (named `<group>__<key>`), then the engagement and the half-life."""

    GROUPS = ("sectors", "countries", "help_wanted", "timeline")

    per_earlier_request = forms.IntegerField(
        label=gettext_lazy("Each other request of the last 90 days"),
        min_value=0,
        max_value=MAX_POINTS,
    )
    per_followed_subject = forms.IntegerField(
        label=gettext_lazy("Each country or topic followed by email"),
        min_value=0,
        max_value=MAX_POINTS,
    )
    from_an_alert = forms.IntegerField(
        label=gettext_lazy("A request that came from a briefing alert"),
        min_value=0,
        max_value=MAX_POINTS,
    )
    half_life_days = forms.IntegerField(
        label=gettext_lazy("Half-life (days)"),
        min_value=1,
        max_value=MAX_HALF_LIFE_DAYS,
        help_text=gettext_lazy(
            "After this many days a request's points count half, after twice "
            "as many a quarter."
        ),
    )

    def __init__(self, *args, weights, countries, **kwargs):
        super().__init__(*args, **kwargs)
        choices = {
            "sectors": Sector.choices,
            "countries": [(country.slug, country.name) for country in countries],
            "help_wanted": Lead.HelpWanted.choices,
            "timeline": Lead.Timeline.choices,
        }
        scalars = dict(self.fields)
        self.fields = {}
        for group in self.GROUPS:
            for key, label in choices[group]:
                name = f"{group}__{key}"
                self.fields[name] = points_field(label)
                self.initial[name] = weights.get(group, {}).get(key, 0)
        for name, field in scalars.items():
            self.fields[name] = field
            self.initial[name] = weights.get(name, 0)

    def sections(self):
        """(heading, bound fields) in the page's order."""
        headings = {
            "sectors": _("Sectors"),
            "countries": _("Countries"),
            "help_wanted": _("Help wanted"),
            "timeline": _("Timeline"),
            "": _("Engagement and cooling"),
        }

        def group_of(name):  # "" for the engagement and the half-life
            group, _sep, key = name.partition("__")
            return group if key else ""

        return [
            (heading, [self[name] for name in self.fields if group_of(name) == group])
            for group, heading in headings.items()
        ]

    def weights(self):
        """The weights as ScoringWeights keeps them; a zero is left out."""
        chosen = {group: {} for group in self.GROUPS}
        for name, value in self.cleaned_data.items():
            group, _sep, key = name.partition("__")
            if key:
                if value:
                    chosen[group][key] = value
            else:
                chosen[name] = value
        return chosen


class ScoringView(StaffPage, FormView):
    """The weights, and the ten open requests they score highest. Sales read
    them; only who may change them gets a form to submit."""

    permission_required = "leads.view_scoringweights"
    template_name = "staff/scoring.html"
    form_class = ScoringForm
    section = "scoring"
    success_url = reverse_lazy("leads:scoring")

    def may_change(self):
        return self.request.user.has_perm("leads.change_scoring")

    def post(self, request, *args, **kwargs):
        if not self.may_change():
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    @cached_property
    def current(self):
        return ScoringWeights.current()

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "weights": self.current.weights,
            "countries": Country.objects.order_by("name"),
        }

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.may_change():
            for field in form.fields.values():
                field.disabled = True
        return form

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            may_change=self.may_change(),
            current=self.current,
            updated_by=display_name(self.current.updated_by),
            top=Lead.objects.open()
            .order_by("-score", "-created_at")
            .only("reference", "full_name", "organisation", "score", "score_reasons")[
                :PREVIEW
            ],
            **kwargs,
        )

    def form_valid(self, form):
        scoring.change_weights(form.weights(), by=self.request.user)
        messages.success(
            self.request, _("Weights saved: the open requests are being rescored.")
        )
        return super().form_valid(form)
