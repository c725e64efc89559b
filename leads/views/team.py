"""The team page: sales managers add colleagues, give and take roles,
deactivate and reactivate accounts (leads.services.team decides what they
may)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from ..models import TeamChange
from ..services import team
from ..services.roles import display_name
from .staff import StaffPage

RECENT_CHANGES = 30


class AddColleagueForm(forms.ModelForm):
    role = forms.ChoiceField(label=gettext_lazy("Role"))

    class Meta:
        model = get_user_model()
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, manager, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        self.fields["email"].help_text = _(
            "Their work address: the link to set their password is sent there."
        )
        self.fields["role"].choices = [
            (role, role) for role in team.grantable_roles(manager)
        ]

    def clean_email(self):
        email = self.cleaned_data["email"]
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("Another account has this address."), code="email_taken"
            )
        return email


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Roles"),
        choices=[(role, role) for role in team.TEAM_ROLES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ActiveForm(forms.Form):
    active = forms.BooleanField(required=False, widget=forms.HiddenInput)


class TeamView(StaffPage, FormView):
    """Who is on the staff, what they may do, and what managers changed; the
    form to add a colleague."""

    permission_required = "leads.manage_team"
    template_name = "staff/team.html"
    form_class = AddColleagueForm
    section = "team"
    success_url = reverse_lazy("leads:team")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "manager": self.request.user}

    def get_context_data(self, **kwargs):
        found = team.members(self.request.user)
        for member in found:
            account = member.account
            member.roles_form = RolesForm(
                initial={"roles": member.roles}, auto_id=f"id_%s_{account.pk}"
            )
            member.active_form = ActiveForm(initial={"active": not account.is_active})
        return super().get_context_data(
            members=found,
            changes=TeamChange.objects.select_related("actor", "account")[
                :RECENT_CHANGES
            ],
            **kwargs,
        )

    def form_valid(self, form):
        account = team.add_colleague(by=self.request.user, **form.cleaned_data)
        messages.success(
            self.request,
            _("%(name)s added: the link to set a password is on its way to %(email)s.")
            % {"name": display_name(account), "email": account.email},
        )
        return super().form_valid(form)


class AccountChange(StaffPage, FormView):
    """A change to one account, POSTed from its row of the team page. A
    change the page never offers (a role it does not list) is refused."""

    permission_required = "leads.manage_team"
    http_method_names = ["post"]
    success_url = reverse_lazy("leads:team")

    @cached_property
    def account(self):
        return get_object_or_404(get_user_model(), pk=self.kwargs["pk"], is_staff=True)

    def form_invalid(self, form):
        team.refuse(self.request.user, self.account, team.NOT_GRANTABLE)

    def done(self, message):
        messages.success(self.request, message % {"name": display_name(self.account)})
        return redirect(self.success_url)


class RolesView(AccountChange):
    form_class = RolesForm

    def form_valid(self, form):
        given, taken = team.set_roles(
            self.account, form.cleaned_data["roles"], by=self.request.user
        )
        if not (given or taken):
            return self.done(_("Nothing changed for %(name)s."))
        return self.done(_("Roles of %(name)s saved."))


class ActiveView(AccountChange):
    form_class = ActiveForm

    def form_valid(self, form):
        active = form.cleaned_data["active"]
        team.set_active(self.account, active, by=self.request.user)
        if active:
            return self.done(_("%(name)s can log in again."))
        return self.done(_("%(name)s is deactivated: they can no longer log in."))


class InviteView(AccountChange):
    form_class = forms.Form

    def form_valid(self, form):
        if team.invite(self.account, by=self.request.user):
            return self.done(
                _("A new link to set a password is on its way to %(name)s.")
            )
        return self.done(_("%(name)s has a password already, or is deactivated."))
