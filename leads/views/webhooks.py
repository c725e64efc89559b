"""Sales managers' webhooks: where news of leads is POSTed, and how it went."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import CreateView, DeleteView, ListView, UpdateView, View

from ..models import EmailState, Webhook, WebhookDelivery, WebhookEvent, new_secret
from ..models.webhooks import SECRET_MIN_LENGTH
from ..services import webhooks
from ..services.webhooks import addresses
from .staff import StaffPage

RECENT_DELIVERIES = 25


class WebhookForm(forms.ModelForm):
    url = forms.URLField(
        label=gettext_lazy("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=Webhook._meta.get_field("url").help_text,
    )
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    secret = forms.CharField(
        label=gettext_lazy("Secret"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    class Meta:
        model = Webhook
        fields = ["url", "events", "secret", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["secret"] = ""  # never shown again
            self.fields["secret"].help_text = _(
                "Leave empty to keep the current secret, which is not shown again."
            )
        else:
            self.initial.setdefault("secret", new_secret())
            self.fields["secret"].help_text = _(
                "Copy it to the receiver now: it is not shown again. Signs each POST"
                " (HMAC-SHA256); at least %(length)s characters."
            ) % {"length": SECRET_MIN_LENGTH}

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            addresses.check(url)
        except addresses.Refused as exc:
            raise ValidationError(str(exc), code="refused") from exc
        except OSError as exc:
            raise ValidationError(
                _("This address cannot be found: check the host name."),
                code="unresolvable",
            ) from exc
        return url

    def clean_secret(self):
        secret = self.cleaned_data["secret"]
        if not secret and self.instance.pk:
            return self.instance.secret
        if len(secret) < SECRET_MIN_LENGTH:
            raise ValidationError(
                _("Use a secret of at least %(length)s characters.")
                % {"length": SECRET_MIN_LENGTH},
                code="secret_too_short",
            )
        return secret


class WebhookListView(StaffPage, ListView):
    """Every webhook, with how its last delivery went."""

    permission_required = "leads.view_webhook"
    template_name = "staff/webhooks.html"
    section = "webhooks"

    def get_queryset(self):
        last = WebhookDelivery.objects.filter(webhook=OuterRef("pk")).order_by(
            "-created_at", "-id"
        )
        return Webhook.objects.annotate(
            last_state=Subquery(last.values("state")[:1]),
            last_status=Subquery(last.values("last_status")[:1]),
            last_at=Subquery(last.values("created_at")[:1]),
            failed=Count("deliveries", filter=Q(deliveries__state=EmailState.FAILED)),
        )


class WebhookCreateView(StaffPage, CreateView):
    permission_required = "leads.add_webhook"
    form_class = WebhookForm
    template_name = "staff/webhook_form.html"
    section = "webhooks"

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        messages.success(self.request, _("Webhook added."))
        return super().form_valid(form)


class WebhookUpdateView(StaffPage, UpdateView):
    """A webhook's settings, and its recent deliveries with their last status."""

    permission_required = "leads.change_webhook"
    model = Webhook
    form_class = WebhookForm
    template_name = "staff/webhook_form.html"
    section = "webhooks"

    def get_context_data(self, **kwargs):
        deliveries = self.object.deliveries.select_related("lead")
        return super().get_context_data(
            deliveries=deliveries[:RECENT_DELIVERIES],
            failed=deliveries.filter(state=EmailState.FAILED).count(),
            **kwargs,
        )

    def form_valid(self, form):
        messages.success(self.request, _("Webhook saved."))
        return super().form_valid(form)


class WebhookDeleteView(StaffPage, DeleteView):
    permission_required = "leads.delete_webhook"
    model = Webhook
    template_name = "staff/webhook_confirm_delete.html"
    section = "webhooks"
    success_url = reverse_lazy("leads:webhooks")

    def form_valid(self, form):
        messages.success(self.request, _("Webhook deleted."))
        return super().form_valid(form)


class WebhookResendView(StaffPage, View):
    """The failed deliveries of a webhook, sent again (a POST from its page)."""

    permission_required = "leads.change_webhook"
    http_method_names = ["post"]

    def post(self, request, pk):
        webhook = get_object_or_404(Webhook, pk=pk)
        count = webhooks.resend(webhook)
        messages.success(
            request,
            ngettext(
                "%(count)d delivery queued again.",
                "%(count)d deliveries queued again.",
                count,
            )
            % {"count": count},
        )
        return redirect(webhook)
