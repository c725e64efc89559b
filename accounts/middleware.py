import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import events, mfa

STARTED_AT = "accounts.started_at"
SEEN_AT = "accounts.seen_at"
# The last activity is written at most this often, not on every request.
SEEN_RESOLUTION = 60


class StaffSessionMiddleware:
    """Ends a staff session after STAFF_SESSION_IDLE_MINUTES without a request,
    and STAFF_SESSION_MAX_HOURS after login whatever happens."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    def check(self, request):
        now, session = time.time(), request.session
        started = session.setdefault(STARTED_AT, now)
        seen = session.setdefault(SEEN_AT, now)
        if now - started > settings.STAFF_SESSION_MAX_HOURS * 3600:
            reason = "lifetime"
        elif now - seen > settings.STAFF_SESSION_IDLE_MINUTES * 60:
            reason = "idle"
        else:
            if now - seen >= SEEN_RESOLUTION:
                session[SEEN_AT] = now
            return
        user = request.user
        logout(request)
        events.session_ended(user, reason)


class SecondFactorMiddleware:
    """Whoever needs a second factor reaches nothing but the second step (and
    logging out) until they pass it: they are sent to set one up (first login)
    or to enter a code. Denied by default, so that no page is forgotten and no
    path prefix (SCRIPT_NAME) changes the answer."""

    # Reachable before the second step: leaving, and the step itself.
    OPEN_VIEWS = {"admin:logout", "admin:login", "admin:jsi18n"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match.namespace == "accounts" or match.view_name in self.OPEN_VIEWS:
            return None
        user = request.user
        if user.is_verified() or not mfa.is_required(user):
            return None
        step = "accounts:verify" if mfa.is_enrolled(user) else "accounts:enrol"
        target = request.get_full_path() if request.method == "GET" else ""
        query = f"?{urlencode({'next': target})}" if target else ""
        return redirect(reverse(step) + query)


class RefusalLogMiddleware:
    """Logs every refused request (403) with who was refused and where."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            match = request.resolver_match
            user = getattr(request, "user", None)
            events.permission_refused(
                user if user is not None and user.is_authenticated else None,
                match.view_name if match else "",
            )
        return response
