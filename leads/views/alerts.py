"""Briefing alerts for readers: following (double opt-in), the confirmation,
preferences and unsubscribing, reached from every email without a login.

The follow box sits on cached public pages, so it carries no CSRF token or
stamp: a POST from it writes nothing and shows this page's own form, filled
in, to send once more. Unsubscribing takes a POST from a mail client without
any token (RFC 8058 one-click): the secret in the address is the proof.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from briefings.models import Country, Topic

from ..forms import FollowForm, PreferencesForm
from ..models import ConsentSource, Subscriber
from ..services import alerts
from ..services.emails import Request
from ..services.intake.stamps import Stamp
from ..services.intake.throttling import is_over_limit

logger = logging.getLogger(__name__)

RATE_LIMIT_GROUP = "leads.follow"
CSRF_FIELD = "csrfmiddlewaretoken"


def csrf_refusal(request):
    """None when the POST's CSRF token is good, else Django's 403 response."""
    return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class FollowView(FormView):
    form_class = FollowForm
    template_name = "leads/follow.html"

    def get_initial(self):
        """The page's subjects ticked: ?country=<slug>&topic=<slug>."""
        return {
            "stamp": Stamp().sign(),
            "countries": Country.objects.filter(slug__in=self.slugs("country")),
            "topics": Topic.objects.filter(slug__in=self.slugs("topic")),
        }

    def slugs(self, parameter):
        """The parameter's values that could be slugs (a NUL is refused by
        PostgreSQL in a query, and nobody ticks twenty subjects)."""
        return [
            slug
            for slug in self.request.GET.getlist(parameter)[:20]
            if "\x00" not in slug and len(slug) <= 200
        ]

    def post(self, request, *args, **kwargs):
        if CSRF_FIELD not in request.POST:
            return self.review(request)
        if refusal := csrf_refusal(request):
            return refusal
        if is_over_limit(request, group=RATE_LIMIT_GROUP):
            return TemplateResponse(
                request, "leads/429.html", status=429, headers={"Retry-After": "60"}
            )
        form = self.get_form()
        if reason := form.bot_reason():
            # The bot sees what a person sees; nothing is stored or sent.
            logger.info("Follow request refused: %s", reason)
            return redirect("leads:follow_sent")
        if form.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def review(self, request):
        """The follow box's POST: the same choice on this page, to send here."""
        form = FollowForm(request.POST)
        form.is_valid()  # for the values typed, cleaned; errors are not shown
        initial = {
            "stamp": Stamp().sign(),
            "email": form.cleaned_data.get("email", ""),
            "countries": form.cleaned_data.get("countries", []),
            "topics": form.cleaned_data.get("topics", []),
            "frequency": form.cleaned_data.get("frequency")
            or form["frequency"].initial,
        }
        return self.render_to_response(
            self.get_context_data(form=FollowForm(initial=initial), review=True)
        )

    def form_valid(self, form):
        data = form.cleaned_data
        alerts.ask_to_follow(
            email=data["email"],
            countries=data["countries"],
            topics=data["topics"],
            frequency=data["frequency"],
            source=ConsentSource.FOLLOW_BOX,
        )
        return redirect("leads:follow_sent")


@never_cache
def follow_token(request):
    """The CSRF token and a fresh stamp for a follow box, fetched by its script
    when the reader starts typing (static/js/follow-box.js)."""
    return JsonResponse(
        {CSRF_FIELD: get_token(request), "stamp": Stamp().sign()},
        headers={"X-Robots-Tag": "noindex"},
    )


class FollowSentView(TemplateView):
    """The same page whatever the address: it never says who is subscribed."""

    template_name = "leads/follow_sent.html"
    extra_context = {"confirm_days": settings.ALERTS_CONFIRM_DAYS}


@method_decorator(never_cache, name="dispatch")
class ConfirmView(View):
    """The link in the confirmation email opens a page with one button: a mail
    scanner that follows the link confirms nobody."""

    def dispatch(self, request, value):
        try:
            self.confirmation = Request.unsign(value)
        except signing.BadSignature:
            return TemplateResponse(request, "leads/confirm_expired.html", status=400)
        return super().dispatch(request, value)

    def get(self, request, value):
        return TemplateResponse(
            request,
            "leads/confirm_alerts.html",
            {
                "countries": Country.objects.filter(pk__in=self.confirmation.countries),
                "topics": Topic.objects.filter(pk__in=self.confirmation.topics),
            },
        )

    def post(self, request, value):
        subscriber = alerts.confirm(self.confirmation)
        if subscriber is None:
            return TemplateResponse(request, "leads/confirm_expired.html", status=400)
        messages.success(request, _("Thank you: your alerts are on."))
        return redirect("leads:alert_preferences", subscriber.token)


@method_decorator(never_cache, name="dispatch")
class PreferencesView(FormView):
    form_class = PreferencesForm
    template_name = "leads/alert_preferences.html"

    def dispatch(self, request, token):
        self.subscriber = get_object_or_404(Subscriber, token=token)
        return super().dispatch(request, token)

    def get_initial(self):
        return {
            "countries": self.subscriber.countries.all(),
            "topics": self.subscriber.topics.all(),
            "frequency": self.subscriber.frequency,
            "paused": self.subscriber.paused,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            subscriber=self.subscriber,
            followed_countries=self.subscriber.followedcountry_set.select_related(
                "country"
            ),
            followed_topics=self.subscriber.followedtopic_set.select_related("topic"),
            **kwargs,
        )

    def form_valid(self, form):
        alerts.update_preferences(self.subscriber, **form.cleaned_data)
        messages.success(self.request, _("Your choices are saved."))
        return redirect("leads:alert_preferences", self.subscriber.token)


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class UnsubscribeView(View):
    """GET shows a button and changes nothing; a POST, from the button or a
    mail client's one-click, unsubscribes at once."""

    def get(self, request, token):
        subscriber = get_object_or_404(Subscriber, token=token)
        return TemplateResponse(
            request, "leads/unsubscribe.html", {"subscriber": subscriber}
        )

    def post(self, request, token):
        subscriber = get_object_or_404(Subscriber, token=token)
        alerts.unsubscribe(subscriber)
        return TemplateResponse(
            request,
            "leads/unsubscribe.html",
            {
                "subscriber": subscriber,
                "done": True,
                "preferences_url": reverse("leads:alert_preferences", args=[token]),
            },
        )
