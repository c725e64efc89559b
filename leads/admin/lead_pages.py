"""The lead page's own small pages, beside the request, which otherwise stays
as sent: correcting the prospect's details (rectification), logging a call or
meeting, emailing the prospect, adding a task and marking one done; and
"Save and go to the next lead".

Each is reached from a link on the lead page, works without JavaScript, and
returns to the lead page, whose timeline then shows what was done."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import Lead, Task
from ..services import activities, triage
from .forms import ActivityForm, CorrectionForm, ProspectEmailForm, TaskForm

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


def lead_or_deny(modeladmin, request, object_id, *permissions):
    """The lead, if this user may change it and holds `permissions`; a lead
    whose prospect was erased takes nothing more."""
    lead = get_object_or_404(Lead.objects.select_related("prospect"), pk=object_id)
    if not modeladmin.has_change_permission(request, lead) or not (
        request.user.has_perms(permissions)
    ):
        raise PermissionDenied
    return lead


def render_page(modeladmin, request, lead, form, *, title, intro, submit, form_id):
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(
        request,
        "admin/leads/lead/lead_page_form.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title % {"reference": lead.reference},
            "intro": intro,
            "submit": submit,
            "form_id": form_id,
            "opts": modeladmin.opts,
            "original": lead,
            "form": form,
        },
    )


def erased(request, lead):
    if lead.prospect.erased_at:
        messages.error(request, _("This prospect's data was erased."))
        return True
    return False


def correct_details_view(modeladmin, request, object_id):
    lead = lead_or_deny(modeladmin, request, object_id)
    if erased(request, lead):
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
    return render_page(
        modeladmin,
        request,
        lead,
        form,
        title=_("Correct the details of %(reference)s"),
        intro=_(
            "Correct what the prospect asked us to correct, or an obvious typing "
            "error. Each change is kept in the request's history with the value "
            "before, your name and the time. The requirements and everything "
            "else stay as they were sent."
        ),
        submit=_("Save the corrections"),
        form_id="correction-form",
    )


def log_activity_view(modeladmin, request, object_id):
    lead = lead_or_deny(modeladmin, request, object_id, "leads.add_activity")
    form = ActivityForm(request.POST or None)
    if form.is_valid():
        activity = activities.log_activity(lead, by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("%(activity)s logged on the timeline.")
            % {"activity": activity.get_kind_display()},
        )
        return redirect("admin:leads_lead_change", lead.pk)
    return render_page(
        modeladmin,
        request,
        lead,
        form,
        title=_("Log a call, meeting or email for %(reference)s"),
        intro=_(
            "What happened with the prospect outside the portal. It goes on the "
            "lead's timeline with your name."
        ),
        submit=_("Log it"),
        form_id="activity-form",
    )


def email_prospect_view(modeladmin, request, object_id):
    lead = lead_or_deny(modeladmin, request, object_id, "leads.add_activity")
    if erased(request, lead):
        return redirect("admin:leads_lead_change", lead.pk)
    form = ProspectEmailForm(request.POST or None)
    if form.is_valid():
        activities.email_prospect(lead, by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Your email to %(email)s is on its way; replies come to %(you)s.")
            % {"email": lead.email, "you": request.user.email or _("you")},
        )
        return redirect("admin:leads_lead_change", lead.pk)
    return render_page(
        modeladmin,
        request,
        lead,
        form,
        title=_("Email the prospect of %(reference)s"),
        intro=_("To %(name)s <%(email)s>, through the portal's outbox.")
        % {"name": lead.full_name, "email": lead.email},
        submit=_("Send the email"),
        form_id="prospect-email-form",
    )


def add_task_view(modeladmin, request, object_id):
    lead = lead_or_deny(modeladmin, request, object_id, "leads.add_task")
    form = TaskForm(request.POST or None, user=request.user)
    if form.is_valid():
        task = activities.add_task(lead, by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Task “%(task)s” added for %(owner)s.")
            % {
                "task": task,
                "owner": form["owner"].field.label_from_instance(task.owner),
            },
        )
        return redirect("admin:leads_lead_change", lead.pk)
    return render_page(
        modeladmin,
        request,
        lead,
        form,
        title=_("Add a task on %(reference)s"),
        intro=_("Something to do by a date; its owner is reminded when it falls due."),
        submit=_("Add the task"),
        form_id="task-form",
    )


def complete_task_view(modeladmin, request, object_id, task_id):
    lead = lead_or_deny(modeladmin, request, object_id, "leads.change_task")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    task = get_object_or_404(Task, pk=task_id, lead=lead)
    if activities.complete_task(task, by=request.user):
        messages.success(request, _("Done: %(task)s.") % {"task": task})
    else:
        messages.info(request, _("“%(task)s” was already done.") % {"task": task})
    if request.POST.get("back") == "my-day":
        return redirect("leads:workspace")
    return redirect("admin:leads_lead_change", lead.pk)
