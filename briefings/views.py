from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView, TemplateView

from .forms import BriefingFilterForm, SearchForm
from .models import Briefing, Country, RelatedLink

PAGE_SIZE = 12


class PublishedBriefingsMixin:
    """Published briefings by pages whose links keep the other query parameters."""

    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Briefing.objects.published().with_cards()

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(query_string=query.urlencode(), **kwargs)


class HomeView(TemplateView):
    template_name = "briefings/home.html"

    def get_context_data(self, **kwargs):
        published = Briefing.objects.published().with_cards()
        featured = list(published.filter(featured=True)[:3])
        latest = published.exclude(pk__in=[briefing.pk for briefing in featured])
        return super().get_context_data(
            featured=featured,
            latest=latest[:6],
            countries=Country.objects.with_published_briefings(),
            **kwargs,
        )


class BriefingListView(PublishedBriefingsMixin, ListView):
    template_name = "briefings/briefing_list.html"

    def get_queryset(self):
        self.filter_form = BriefingFilterForm(self.request.GET)
        return self.filter_form.filter(super().get_queryset())

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class SubjectView(PublishedBriefingsMixin, ListView):
    """A country's or a topic's published briefings."""

    subject_model = Country

    def get_queryset(self):
        self.subject = get_object_or_404(self.subject_model, slug=self.kwargs["slug"])
        return super().get_queryset().filter(pk__in=self.subject.briefings.all())

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, **kwargs)


class SearchView(PublishedBriefingsMixin, ListView):
    template_name = "briefings/search.html"

    def get_queryset(self):
        self.form = SearchForm(self.request.GET)
        return self.form.search(super().get_queryset())

    def get_context_data(self, **kwargs):
        query = self.form.cleaned_data.get("q", "") if self.form.is_valid() else ""
        return super().get_context_data(form=self.form, query=query, **kwargs)


class BriefingDetailView(DetailView):
    """A published briefing; drafts and scheduled ones only as a staff preview."""

    def get_queryset(self):
        briefings = Briefing.objects.prefetch_related(
            "countries",
            "topics",
            "authors",
            Prefetch("related_links", queryset=RelatedLink.objects.visible()),
        )
        user = self.request.user
        if user.is_staff and user.has_perm("briefings.view_briefing"):
            return briefings
        return briefings.published()

    def get_context_data(self, **kwargs):
        curated, similar = self.object.discover_more()
        return super().get_context_data(
            is_preview=not self.object.is_published,
            curated_links=curated,
            similar_briefings=similar,
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["is_preview"]:
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex"
        return response
