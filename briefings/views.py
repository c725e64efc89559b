import re
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, TemplateView

from .cache import keep_out_of_cache
from .forms import BriefingFilterForm, SearchForm
from .models import Briefing, Country, RelatedLink, Topic
from .search import ResultsPaginator

PAGE_SIZE = 12
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")


class PublishedBriefingsMixin:
    """Published briefings by pages whose links keep the page's other parameters.

    `query_params` are the parameters the page reads: the page cache keys it by
    them alone, and page links carry them and nothing else.
    """

    paginate_by = PAGE_SIZE
    query_params = ("page",)

    def get_queryset(self):
        return Briefing.objects.published().with_cards()

    def paginate_queryset(self, queryset, page_size):
        # Django reads "01", "1_0" or "last" as page numbers too: one page each,
        # under as many URLs as anyone cares to make up.
        page = self.request.GET.get(self.page_kwarg)
        if page is not None and not PAGE_NUMBER.fullmatch(page):
            raise Http404(_("There is no such page."))
        return super().paginate_queryset(queryset, page_size)

    def get_context_data(self, **kwargs):
        query = urlencode(
            [
                (name, self.request.GET[name])
                for name in self.query_params
                if name != self.page_kwarg and self.request.GET.get(name)
            ]
        )
        return super().get_context_data(query_string=query, **kwargs)


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
    query_params = ("page", "country", "topic")

    def get_queryset(self):
        self.filter_form = BriefingFilterForm(self.request.GET)
        return self.filter_form.filter(super().get_queryset())

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.filter_form.is_valid():
            keep_out_of_cache(response)
        return response


class SubjectListView(ListView):
    """Every country or every topic, with its count of published briefings."""

    template_name = "briefings/subject_list.html"
    subject_model = Country
    title = gettext_lazy("Countries")
    introduction = gettext_lazy(
        "Every country our analysts cover, with the number of briefings "
        "published on it."
    )

    def get_queryset(self):
        return self.subject_model.objects.with_published_counts()


class SubjectView(PublishedBriefingsMixin, ListView):
    """A country's or a topic's published briefings."""

    subject_model = Country

    def get_queryset(self):
        self.subject = get_object_or_404(self.subject_model, slug=self.kwargs["slug"])
        return super().get_queryset().filter(pk__in=self.subject.briefings.all())

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, **kwargs)


class SearchView(PublishedBriefingsMixin, ListView):
    """Results are built for each search: there are as many as readers type."""

    template_name = "briefings/search.html"
    query_params = ("page", "q")
    paginator_class = ResultsPaginator

    def get_queryset(self):
        self.form = SearchForm(self.request.GET)
        return self.form.search(super().get_queryset())

    def get_context_data(self, **kwargs):
        query = self.form.cleaned_data.get("q", "") if self.form.is_valid() else ""
        context = super().get_context_data(form=self.form, query=query, **kwargs)
        if not context["page_obj"].object_list:
            # No dead end: where to read on, and whom to ask.
            context["countries"] = Country.objects.with_published_briefings()
            context["topics"] = Topic.objects.with_published_briefings()
        return context

    @staticmethod
    def is_personal(request):
        """A search for words: its page is made for one reader."""
        return bool(request.GET.get("q"))

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.is_personal(self.request):
            keep_out_of_cache(response)
        return response


class BriefingDetailView(DetailView):
    """A published briefing; drafts and scheduled ones only as a staff preview.

    An address the briefing had before its slug changed redirects to it.
    """

    def visible_briefings(self):
        user = self.request.user
        if user.is_staff and user.has_perm("briefings.view_briefing"):
            return Briefing.objects.all()
        return Briefing.objects.published()

    def get_queryset(self):
        return self.visible_briefings().prefetch_related(
            "countries",
            "topics",
            "authors",
            Prefetch("related_links", queryset=RelatedLink.objects.visible()),
        )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = self.visible_briefings().filter(former_slugs__slug=kwargs["slug"])
            briefing = moved.only("slug").first()
            if briefing is None:
                raise
            return HttpResponsePermanentRedirect(briefing.get_absolute_url())

    def get_context_data(self, **kwargs):
        curated, similar = self.object.discover_more()
        user = self.request.user
        can_edit = user.is_staff and user.has_perm("briefings.change_briefing")
        return super().get_context_data(
            is_preview=not self.object.is_published,
            curated_links=curated,
            similar_briefings=similar,
            edit_url=reverse("admin:briefings_briefing_change", args=[self.object.pk])
            if can_edit
            else None,
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["edit_url"] or context["is_preview"]:
            # A page for staff only: never one for the shared cache.
            add_never_cache_headers(response)
        if context["is_preview"]:
            response["X-Robots-Tag"] = "noindex"
        return response
