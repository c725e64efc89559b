from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Briefing, Country, Topic
from .publication import publication_errors
from .search import MAX_QUERY_LENGTH


class BriefingFilterForm(forms.Form):
    """The countries and topics readers can filter by: those with a briefing
    published now (the choices are read per form, as publication moves on)."""

    country = forms.ModelChoiceField(
        Country.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All countries"),
        label=_("Country"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    topic = forms.ModelChoiceField(
        Topic.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
        label=_("Topic"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.with_published_briefings()
        self.fields["topic"].queryset = Topic.objects.with_published_briefings()

    def filter(self, briefings):
        """Narrow the briefings; an unknown country or topic matches nothing."""
        if not self.is_valid():
            return briefings.none()
        if country := self.cleaned_data["country"]:
            briefings = briefings.filter(countries=country)
        if topic := self.cleaned_data["topic"]:
            briefings = briefings.filter(topics=topic)
        return briefings


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search briefings"), required=False)

    def clean_q(self):
        """The words, cut (not refused) at a word boundary when too long."""
        query = " ".join(self.cleaned_data["q"].split())
        if len(query) > MAX_QUERY_LENGTH:
            query = query[: MAX_QUERY_LENGTH + 1].rsplit(" ", 1)[0]
        return query[:MAX_QUERY_LENGTH]

    def search(self, briefings):
        if not self.is_valid() or not self.cleaned_data["q"]:
            return briefings.none()
        return briefings.search(self.cleaned_data["q"])


class BriefingAdminForm(forms.ModelForm):
    """The editors' form; BriefingAdmin supplies the model and the fields.

    A draft needs only a title and a slug; publishing or scheduling needs the
    rest (briefings.publication), each message by its field.
    """

    class Meta:
        widgets = {
            name: forms.TextInput(attrs={"class": "vLargeTextField"})
            for name in ("title", "standfirst", "seo_title", "seo_description")
        }

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("status") == Briefing.Status.PUBLISHED:
            for name, error in publication_errors(cleaned_data).items():
                if name not in self.errors:
                    self.add_error(name, error)
        return cleaned_data

    def full_clean(self):
        super().full_clean()
        # Browsers never send a file back: an image chosen on a page that comes
        # back with errors must be chosen again, and the editor is told so.
        if (
            self.is_bound
            and self._errors
            and self.add_prefix("image") in self.files
            and "image" not in self._errors
        ):
            self.add_error(
                "image",
                ValidationError(
                    _(
                        "The image you chose was not saved because of the errors "
                        "on this page: choose it again before saving."
                    ),
                    code="image_not_kept",
                ),
            )
