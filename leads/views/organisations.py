"""The workspace's organisations: the list, with search, and one
organisation's people, requests, subscriptions and pipeline."""

from django.views.generic import DetailView, ListView

from ..forms import SearchForm
from ..models import Organisation
from ..selectors.organisations import organisation_page, organisations
from .staff import StaffPage


class OrganisationListView(StaffPage, ListView):
    permission_required = "leads.view_organisation"
    template_name = "staff/organisations.html"
    section = "organisations"
    paginate_by = 50

    def get_queryset(self):
        self.search = SearchForm(self.request.GET).terms
        return organisations(self.search)

    def get_context_data(self, **kwargs):
        return super().get_context_data(search=self.search, **kwargs)


class OrganisationView(StaffPage, DetailView):
    permission_required = "leads.view_organisation"
    model = Organisation
    template_name = "staff/organisation.html"
    section = "organisations"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=organisation_page(self.object), **kwargs)
