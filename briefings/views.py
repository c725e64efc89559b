import logging
import re
from urllib.parse import urlencode

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, TemplateView

from .cache import keep_out_of_cache
from .forms import BriefingFilterForm, SearchForm
from .maps import coverage_map
from .models import Analyst, Briefing, Country, Page, RelatedLink, Topic
from .search import ResultsPaginator
from .social import social_card

logger = logging.getLogger(__name__)

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
        countries = list(Country.objects.with_coverage())
        return super().get_context_data(
            featured=featured,
            latest=latest[:6],
            countries=[country for country in countries if country.briefing_count],
            coverage=coverage_map(countries),
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


class CountryListView(SubjectListView):
    """Every country, on the coverage map and in a list."""

    def get_queryset(self):
        return Country.objects.with_coverage()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["coverage"] = coverage_map(list(context["object_list"]))
        return context


class SubjectView(PublishedBriefingsMixin, ListView):
    """A country's or a topic's published briefings."""

    subject_model = Country

    def get_queryset(self):
        self.subject = get_object_or_404(self.subject_model, slug=self.kwargs["slug"])
        return super().get_queryset().filter(pk__in=self.subject.briefings.all())

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, **kwargs)


class CountryView(SubjectView):
    """A country's hub: its introduction, where it lies, its latest briefings,
    the analysts who cover it and the call to action."""

    template_name = "briefings/country.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            analysts=self.subject.analysts.all(),
            locator=coverage_map([], highlight=self.subject.iso_code),
            **kwargs,
        )


class AnalystListView(ListView):
    model = Analyst

    def get_queryset(self):
        return Analyst.objects.prefetch_related("countries")


class AnalystView(PublishedBriefingsMixin, ListView):
    """An analyst's profile and the published briefings they wrote."""

    template_name = "briefings/analyst_detail.html"

    def get_queryset(self):
        self.analyst = get_object_or_404(
            Analyst.objects.prefetch_related("countries"), slug=self.kwargs["slug"]
        )
        return super().get_queryset().filter(pk__in=self.analyst.briefings.all())

    def get_context_data(self, **kwargs):
        return super().get_context_data(analyst=self.analyst, **kwargs)


class PageView(DetailView):
    """About and Contact, as editors wrote them."""

    model = Page
    slug = Page.Slug.ABOUT

    def get_object(self, queryset=None):
        return get_object_or_404(Page, slug=self.slug)


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


def public_briefing(slug):
    return get_object_or_404(
        Briefing.objects.published().prefetch_related("countries", "topics", "authors"),
        slug=slug,
    )


def shared_for_a_while(response):
    patch_cache_control(response, public=True, max_age=settings.BRIEFINGS_PAGE_MAX_AGE)
    return response


def briefing_pdf_view(request, slug):
    """The briefing as a PDF; only a published one, even for staff."""
    # WeasyPrint is heavy to import (it parses its stylesheets): only the
    # processes that make PDFs pay for it.
    from .pdf import briefing_pdf

    briefing = public_briefing(slug)
    try:
        name = briefing_pdf(briefing)
    except Exception:
        # WeasyPrint fails in many ways (fonts, layout, storage); the reader is
        # sent back to the page, which never depends on the PDF.
        logger.exception("The PDF of briefing %s could not be made.", briefing.pk)
        return render(
            request,
            "briefings/pdf_unavailable.html",
            {"briefing": briefing},
            status=503,
        )
    response = FileResponse(
        default_storage.open(name, "rb"),
        content_type="application/pdf",
        filename=f"{briefing.slug}.pdf",
    )
    return shared_for_a_while(response)


def social_card_view(request, slug):
    """The picture for links shared on social networks (1200x630)."""
    content, content_type = social_card(public_briefing(slug))
    return shared_for_a_while(HttpResponse(content, content_type=content_type))
