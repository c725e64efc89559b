"""A request sales type in after a call, a meeting, an email or a referral,
received as the web form's are (routing, deadline, alerts)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from ..forms import HandMadeLeadForm
from ..services.intake import submit_lead
from .staff import StaffPage


class NewLeadView(StaffPage, FormView):
    permission_required = "leads.add_lead"
    form_class = HandMadeLeadForm
    template_name = "staff/new_lead.html"
    section = "new_lead"

    def form_valid(self, form):
        lead = submit_lead(**form.submission())
        messages.success(
            self.request,
            _("%(lead)s created, as if it had come through the form.") % {"lead": lead},
        )
        return redirect("admin:leads_lead_change", lead.pk)
