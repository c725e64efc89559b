"""Bulk actions of the leads admin; every change goes through the services."""

import json

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from accounts import events
from accounts.recheck import requires_recent_check

from ..models import Lead, LeadStatus
from ..services import triage
from ..services.privacy import erase_prospect, personal_data
from .forms import AssignForm, ErasureForm, StatusForm
from .resources import export_csv

CONFIRMED = "confirmed"


def confirmation_page(modeladmin, request, queryset, *, action, form=None, **extra):
    """The page between choosing an action and applying it; it posts the same
    selection (or "all matching") back to the list with CONFIRMED set.

    `action` is the name the list knows the action by (its function's name):
    the page posts it back, so any other name would choose no action at all.
    """
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(
        request,
        [
            f"admin/leads/{modeladmin.opts.model_name}/{action}.html",
            "admin/leads/action_confirmation.html",
        ],
        {
            **modeladmin.admin_site.each_context(request),
            "title": form.title if form else extra.get("title", ""),
            "opts": modeladmin.opts,
            "form": form,
            "action": action,
            "objects": queryset,
            "count": queryset.count(),
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "confirmed": CONFIRMED,
            **extra,
        },
    )


def leads_of(queryset):
    """The selection without the list's joins and prefetches."""
    return queryset.select_related(None).prefetch_related(None).only("pk")


def done(modeladmin, request, message, changed, total):
    modeladmin.message_user(
        request, message % {"count": changed, "total": total}, messages.SUCCESS
    )


def triage_action(name, description, change, *, message, form=None, among=None):
    """A bulk action that makes a leads.services.triage change to each lead.

    `change(lead, by=user, **choice)` returns whether it changed the lead;
    `form`, when given, asks for the choice on a confirmation page first;
    `among(queryset)` narrows the selection to the leads the change applies
    to. `message` is an ngettext_lazy() whose plural follows "total", the
    size of the selection.
    """

    def action(modeladmin, request, queryset):
        choice = {}
        if form is not None:
            bound = form(request.POST if CONFIRMED in request.POST else None)
            if not bound.is_valid():
                return confirmation_page(
                    modeladmin, request, queryset, action=name, form=bound
                )
            choice = bound.cleaned_data
        leads = leads_of(among(queryset) if among else queryset)
        changed = sum(bool(change(lead, by=request.user, **choice)) for lead in leads)
        done(modeladmin, request, message, changed, queryset.count())
        return None

    action.__name__ = name
    return admin.action(description=description, permissions=["change"])(action)


assign_to_me = triage_action(
    "assign_to_me",
    _("Assign to me"),
    lambda lead, by: triage.assign(lead, by, by=by),
    message=ngettext_lazy(
        "%(count)d of %(total)d request assigned to you.",
        "%(count)d of %(total)d requests assigned to you.",
        "total",
    ),
)
assign_to = triage_action(
    "assign_to",
    _("Assign to…"),
    lambda lead, by, assignee: triage.assign(lead, assignee, by=by),
    form=AssignForm,
    message=ngettext_lazy(
        "%(count)d of %(total)d request reassigned.",
        "%(count)d of %(total)d requests reassigned.",
        "total",
    ),
)
set_status = triage_action(
    "set_status",
    _("Set status…"),
    lambda lead, by, status, lost_reason: triage.set_status(
        lead, status, by=by, lost_reason=lost_reason
    ),
    form=StatusForm,
    message=ngettext_lazy(
        "%(count)d of %(total)d request changed status.",
        "%(count)d of %(total)d requests changed status.",
        "total",
    ),
)
mark_spam = triage_action(
    "mark_spam",
    _("Mark as spam"),
    lambda lead, by: triage.set_status(lead, LeadStatus.SPAM, by=by),
    among=lambda leads: leads.exclude(status=LeadStatus.SPAM),
    message=ngettext_lazy(
        "%(count)d of %(total)d request moved to spam.",
        "%(count)d of %(total)d requests moved to spam.",
        "total",
    ),
)
release_from_spam = triage_action(
    "release_from_spam",
    _("Release from spam and notify"),
    lambda lead, by: triage.set_status(lead, LeadStatus.NEW, by=by),
    among=lambda leads: leads.filter(status=LeadStatus.SPAM),
    message=ngettext_lazy(
        "%(count)d of %(total)d request released; its emails are on their way.",
        "%(count)d of %(total)d requests released; their emails are on their way.",
        "total",
    ),
)


@admin.action(description=_("Send failed emails again"), permissions=["change"])
def resend_emails(modeladmin, request, queryset):
    queued = sum(
        triage.resend_emails(lead, by=request.user) for lead in leads_of(queryset)
    )
    done(
        modeladmin,
        request,
        ngettext(
            "%(count)d failed email queued again.",
            "%(count)d failed emails queued again.",
            queued,
        ),
        queued,
        queued,
    )


@admin.action(description=_("Export to CSV (opens in Excel)"), permissions=["export"])
@requires_recent_check
def export_leads(modeladmin, request, queryset):
    data, filename = export_csv(queryset)
    events.exported(request.user, model="lead", count=queryset.count())
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.action(description=_("Erase personal data…"), permissions=["erase"])
@requires_recent_check
def erase_personal_data(modeladmin, request, queryset):
    total = queryset.count()
    form = ErasureForm(request.POST if CONFIRMED in request.POST else None)
    on_hold = queryset.filter(leads__legal_hold=True).distinct()
    if not form.is_valid():
        return confirmation_page(
            modeladmin,
            request,
            queryset,
            action="erase_personal_data",
            form=form,
            # Those on hold are refused: their requests stay as they are.
            requests=Lead.objects.filter(prospect__in=queryset.values("pk"))
            .exclude(prospect__in=on_hold.values("pk"))
            .count(),
            on_hold=on_hold,
            erasable=queryset.exclude(pk__in=on_hold.values("pk")),
        )
    refused = {prospect.pk for prospect in on_hold}
    if refused:
        modeladmin.message_user(
            request,
            _("Not erased, a request of theirs is on legal hold: %(prospects)s.")
            % {"prospects": ", ".join(str(prospect) for prospect in on_hold)},
            messages.ERROR,
        )
    erased = 0
    for prospect in queryset.exclude(pk__in=refused):
        try:
            erase_prospect(
                prospect, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            modeladmin.message_user(
                request, f"{prospect.pk}: {exc.messages[0]}", messages.ERROR
            )
        else:
            erased += 1
    events.personal_data_erased(request.user, count=erased)
    done(
        modeladmin,
        request,
        ngettext(
            "%(count)d of %(total)d prospect erased.",
            "%(count)d of %(total)d prospects erased.",
            total,
        ),
        erased,
        total,
    )


@admin.action(
    description=_("Download personal data (subject access, JSON)"),
    permissions=["export"],
)
@requires_recent_check
def download_personal_data(modeladmin, request, queryset):
    prospects = list(queryset[:2])
    if len(prospects) != 1:
        modeladmin.message_user(
            request, _("Choose exactly one prospect."), messages.WARNING
        )
        return None
    (prospect,) = prospects
    events.subject_access_downloaded(request.user, prospect_id=prospect.pk)
    body = json.dumps(
        personal_data(prospect), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="prospect-{prospect.pk}-personal-data.json"'
    )
    return response
