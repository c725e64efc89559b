"""The Request for Interest: the form, its confirmation, the privacy notice."""

import logging

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from ..forms import LeadForm
from ..models import new_reference
from ..services.intake import formcache, submit_lead
from ..services.intake.stamps import Stamp
from ..services.intake.throttling import is_over_limit

logger = logging.getLogger(__name__)


# Every rendering carries its own CSRF token and stamp: no shared cache may keep it.
@method_decorator(never_cache, name="dispatch")
class LeadFormView(FormView):
    form_class = LeadForm
    template_name = "leads/lead_form.html"

    def get(self, request, *args, **kwargs):
        self.generation = formcache.current_generation()
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method in ("GET", "HEAD"):
            briefing, countries = formcache.answered_briefing(
                self.generation, self.request.GET.get("briefing", "")
            )
            if not briefing:
                # A country hub's call to action: that country ticked.
                countries = formcache.country_ids(self.request.GET.get("country", ""))
            kwargs["briefing"] = briefing
            kwargs["initial"] = {
                "stamp": Stamp.for_request(self.request, briefing).sign(),
                "countries": countries,
            }
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["briefing"] = form.briefing
        context["privacy_notice_version"] = settings.LEADS_PRIVACY_NOTICE_VERSION
        if not form.is_bound:
            # The empty form's fields are kept by the template's {% cache %}.
            context["cache_seconds"] = settings.BRIEFINGS_PAGE_CACHE_SECONDS
            context["generation"] = self.generation
            context["ticked"] = sorted(form.initial.get("countries", ()))
        return context

    def post(self, request, *args, **kwargs):
        if is_over_limit(request):
            return TemplateResponse(
                request, "leads/429.html", status=429, headers={"Retry-After": "60"}
            )
        form = self.get_form()
        if reason := form.bot_reason():
            # The bot sees what a person sees; nothing is stored or sent.
            logger.info("Request for interest refused: %s", reason)
            return redirect("leads:thanks", reference=new_reference())
        if form.is_valid():
            return self.form_valid(form)
        if form.has_error(NON_FIELD_ERRORS, "too_fast"):
            logger.info("Request for interest sent back: posted too soon")
        return self.form_invalid(form)

    def form_valid(self, form):
        lead = submit_lead(**form.submission())
        logger.info(
            "Request for interest %s stored (%s)",
            lead.pk,
            lead.status,
            extra={"lead_id": lead.pk},
        )
        return redirect("leads:thanks", reference=lead.reference)


class ThanksView(TemplateView):
    """The same page for every reference: it reads nothing from the database, so
    it shows nobody else's request and does not tell a bot it was refused."""

    template_name = "leads/thanks.html"


class PrivacyNoticeView(TemplateView):
    """The privacy notice on a page of its own: the version the form shows and
    prospects acknowledge, and whom to write to about their data."""

    template_name = "leads/privacy.html"
    query_params = ()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            privacy_notice_version=settings.LEADS_PRIVACY_NOTICE_VERSION, **kwargs
        )
