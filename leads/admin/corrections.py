"""The lead page's own pages and buttons: correcting the prospect's contact
details (rectification), on a small page beside the request, which otherwise
stays as sent; and "Save and go to the next lead"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import Lead
from ..services import triage
from .forms import CorrectionForm

NEXT_LEAD = "_save_next"


def next_lead_url(lead):
    """The request after this one in the list as it opens (open work, newest
    first), or the list itself after the last."""
    following = (
        Lead.objects.open()
        .filter(
            Q(created_at__lt=lead.created_at)
            | Q(created_at=lead.created_at, pk__lt=lead.pk)
        )
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if following is None:
        return reverse("admin:leads_lead_changelist")
    return reverse("admin:leads_lead_change", args=[following])


def correct_details_view(modeladmin, request, object_id):
    lead = get_object_or_404(Lead.objects.select_related("prospect"), pk=object_id)
    if not modeladmin.has_change_permission(request, lead):
        raise PermissionDenied
    if lead.prospect.erased_at:
        messages.error(request, _("This prospect's data was erased."))
        return redirect("admin:leads_lead_change", lead.pk)
    form = CorrectionForm(request.POST or None, instance=lead)
    if form.is_valid():
        changed = triage.correct_details(
            lead,
            by=request.user,
            **{name: form.cleaned_data[name] for name in form.changed_data},
        )
        if changed:
            messages.success(
                request,
                _("Corrected: %(fields)s. The history keeps the values before.")
                % {"fields": ", ".join(str(form[name].label) for name in changed)},
            )
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("admin:leads_lead_change", lead.pk)
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(
        request,
        "admin/leads/lead/correct.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Correct the details of %(reference)s")
            % {"reference": lead.reference},
            "opts": modeladmin.opts,
            "original": lead,
            "form": form,
        },
    )
