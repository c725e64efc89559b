"""The workspace's day and the pipeline board."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from ..admin.forms import StageForm
from ..admin.leads import saved_views
from ..models import Lead, LeadStatus, Task
from ..selectors.pipeline import board
from ..services import triage
from .staff import StaffPage


class MyDayView(StaffPage, TemplateView):
    """Where a member of sales starts: their tasks due today and overdue,
    their open leads, and the lists they come back to."""

    template_name = "staff/my_day.html"
    section = "home"

    def get_context_data(self, **kwargs):
        user = self.request.user
        end_of_today = timezone.localtime().replace(hour=23, minute=59, second=59)
        tasks = (
            Task.objects.open()
            .filter(owner=user, due_at__lte=end_of_today)
            .select_related("lead")
        )
        mine = (
            Lead.objects.open()
            .filter(assignee=user)
            .aggregate(
                open=Count("pk"),
                overdue=Count(
                    "pk",
                    filter=Q(
                        status=LeadStatus.NEW, response_due_at__lte=timezone.now()
                    ),
                ),
            )
        )
        lead_list = reverse("admin:leads_lead_changelist")
        return super().get_context_data(
            tasks=tasks,
            mine=mine,
            views=[(label, f"{lead_list}?{query}") for label, query in saved_views()],
            **kwargs,
        )


class PipelineView(StaffPage, TemplateView):
    """Leads by stage with the count and value of each; each card moves to
    another stage through the same service as the lead page."""

    template_name = "staff/pipeline.html"
    section = "pipeline"

    def get_context_data(self, **kwargs):
        leads = Lead.objects.all()
        mine = self.request.GET.get("mine") == "me"
        if mine:
            leads = leads.filter(assignee=self.request.user)
        stages = board(leads)
        # Every card of a stage offers the same choices: drawn once a stage,
        # not once a card.
        change_url, move_url = (
            addresses("admin:leads_lead_change"),
            addresses("leads:move"),
        )
        for stage in stages:
            form = StageForm(auto_id=False, initial={"status": stage.status})
            stage.move_to = str(form["status"])
            for lead in stage.cards:
                lead.change_url, lead.move_url = change_url(lead.pk), move_url(lead.pk)
        return super().get_context_data(
            stages=stages,
            mine=mine,
            lost_reasons=str(StageForm(auto_id=False)["lost_reason"]),
            **kwargs,
        )

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["staff/_board.html"]
        return [self.template_name]


class MoveView(StaffPage, FormView):
    """A card moved to another stage (a form on each card; htmx sends it
    without leaving the board)."""

    permission_required = "leads.change_lead"
    form_class = StageForm

    def dispatch(self, request, pk):
        self.lead = get_object_or_404(Lead, pk=pk)
        return super().dispatch(request, pk)

    def get(self, request, pk):
        return redirect("leads:pipeline")

    def form_valid(self, form):
        try:
            triage.set_status(
                self.lead,
                form.cleaned_data["status"],
                by=self.request.user,
                lost_reason=form.cleaned_data["lost_reason"],
            )
        except ValidationError as error:
            messages.error(self.request, error.messages[0])
        else:
            messages.success(
                self.request,
                _("%(lead)s moved to %(stage)s.")
                % {"lead": self.lead, "stage": self.lead.get_status_display()},
            )
        return self.back()

    def form_invalid(self, form):
        messages.error(self.request, " ".join(form.errors.get("lost_reason", [])))
        return self.back()

    def back(self):
        url = reverse("leads:pipeline")
        if self.request.POST.get("mine") == "me":
            url += "?mine=me"
        response = redirect(url)
        if self.request.headers.get("HX-Request"):
            # htmx follows the redirect and swaps the board in.
            response.status_code = 303
        return response


def addresses(name):
    """A function giving the address of `name` for a lead: reversed once for
    the whole board rather than once a card."""
    marker = 2**31 - 1
    pattern = reverse(name, args=[marker])
    return lambda pk: pattern.replace(str(marker), str(int(pk)))
