"""The workspace's review of possible duplicates: the list, a pair side by
side, and what sales decide (merge, not the same person, undo a merge)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, View
from django.views.generic.detail import SingleObjectMixin

from ..models import DuplicatePair, Merge
from ..selectors.duplicates import merge_of, recent_merges, side_by_side, to_review
from ..services import merges
from .staff import StaffPage


class DuplicateListView(StaffPage, ListView):
    permission_required = "leads.view_duplicatepair"
    template_name = "staff/duplicates.html"
    section = "duplicates"
    paginate_by = 50

    def get_queryset(self):
        return to_review()

    def get_context_data(self, **kwargs):
        return super().get_context_data(merges=recent_merges(), **kwargs)


class DuplicateView(StaffPage, DetailView):
    permission_required = "leads.view_duplicatepair"
    template_name = "staff/duplicate.html"
    section = "duplicates"

    def get_queryset(self):
        return side_by_side()

    def get_context_data(self, **kwargs):
        pair = self.object
        return super().get_context_data(
            sides=[
                (pair.prospect, _("Older prospect, kept")),
                (pair.other, _("Newer prospect")),
            ],
            merge=merge_of(pair),
            **kwargs,
        )


class Decision(StaffPage, SingleObjectMixin, View):
    """A button on the review page: POST only, through a service that says
    when someone else decided first."""

    http_method_names = ["post"]

    def post(self, request, pk):
        self.object = self.get_object()
        try:
            done = self.decide(self.object)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            done = self.object
        else:
            messages.success(request, self.success_message)
        return redirect(self.next_url(done))

    def decide(self, obj):
        raise NotImplementedError

    def next_url(self, done):
        return reverse("leads:duplicate", args=[done.pk])


class MergeView(Decision):
    permission_required = ("leads.add_merge", "leads.change_duplicatepair")
    model = DuplicatePair
    success_message = _("Merged: the newer prospect's requests are the older one's.")

    def decide(self, pair):
        merges.merge(pair, by=self.request.user)
        return pair


class DismissView(Decision):
    permission_required = "leads.change_duplicatepair"
    model = DuplicatePair
    success_message = _("Marked as two people: this pair will not be proposed again.")

    def decide(self, pair):
        return merges.dismiss(pair, by=self.request.user)

    def next_url(self, pair):
        return reverse("leads:duplicates")


class UndoMergeView(Decision):
    permission_required = "leads.add_merge"
    model = Merge
    success_message = _("Merge undone: the requests are back with their prospect.")

    def decide(self, merge):
        merges.undo(merge, by=self.request.user)
        return merge

    def next_url(self, merge):
        pair = DuplicatePair.objects.get(prospect=merge.kept_id, other=merge.merged_id)
        return reverse("leads:duplicate", args=[pair.pk])
