from django.urls import include, path, register_converter

from briefings.cache import cache_public_page

from .models import REFERENCE_PATTERN
from .views import (
    alerts,
    coverage,
    dashboard,
    duplicates,
    leads,
    new_lead,
    organisations,
    pipeline,
    scoring,
    team,
    webhooks,
)


class ReferenceConverter:
    regex = REFERENCE_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ReferenceConverter, "reference")

webhook_pages = [
    path("", webhooks.WebhookListView.as_view(), name="webhooks"),
    path("add/", webhooks.WebhookCreateView.as_view(), name="webhook_add"),
    path("<int:pk>/", webhooks.WebhookUpdateView.as_view(), name="webhook"),
    path(
        "<int:pk>/delete/", webhooks.WebhookDeleteView.as_view(), name="webhook_delete"
    ),
    path(
        "<int:pk>/resend/", webhooks.WebhookResendView.as_view(), name="webhook_resend"
    ),
]
team_pages = [
    path("", team.TeamView.as_view(), name="team"),
    path("<int:pk>/roles/", team.RolesView.as_view(), name="team_roles"),
    path("<int:pk>/active/", team.ActiveView.as_view(), name="team_active"),
    path("<int:pk>/invite/", team.InviteView.as_view(), name="team_invite"),
]

app_name = "leads"
urlpatterns = [
    path(
        "request-for-interest/",
        leads.LeadFormView.as_view(),
        name="request",
    ),
    path(
        "request-for-interest/thanks/<reference:reference>/",
        leads.ThanksView.as_view(),
        name="thanks",
    ),
    path(
        "privacy/",
        cache_public_page(leads.PrivacyNoticeView.as_view()),
        name="privacy",
    ),
    path("staff/", pipeline.MyDayView.as_view(), name="workspace"),
    path("staff/pipeline/", pipeline.PipelineView.as_view(), name="pipeline"),
    path("staff/pipeline/<int:pk>/move/", pipeline.MoveView.as_view(), name="move"),
    path("staff/dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("staff/coverage/", coverage.CoverageView.as_view(), name="coverage"),
    path("staff/coverage/reroute/", coverage.RerouteView.as_view(), name="reroute"),
    path(
        "staff/organisations/",
        organisations.OrganisationListView.as_view(),
        name="organisations",
    ),
    path(
        "staff/organisations/<int:pk>/",
        organisations.OrganisationView.as_view(),
        name="organisation",
    ),
    path(
        "staff/duplicates/", duplicates.DuplicateListView.as_view(), name="duplicates"
    ),
    path(
        "staff/duplicates/<int:pk>/",
        duplicates.DuplicateView.as_view(),
        name="duplicate",
    ),
    path(
        "staff/duplicates/<int:pk>/merge/",
        duplicates.MergeView.as_view(),
        name="merge",
    ),
    path(
        "staff/duplicates/<int:pk>/dismiss/",
        duplicates.DismissView.as_view(),
        name="dismiss",
    ),
    path(
        "staff/merges/<int:pk>/undo/",
        duplicates.UndoMergeView.as_view(),
        name="undo_merge",
    ),
    path("staff/leads/new/", new_lead.NewLeadView.as_view(), name="new_lead"),
    path("staff/scoring/", scoring.ScoringView.as_view(), name="scoring"),
    path("staff/webhooks/", include(webhook_pages)),
    path("staff/team/", include(team_pages)),
    path("alerts/follow/", alerts.FollowView.as_view(), name="follow"),
    path("alerts/follow/sent/", alerts.FollowSentView.as_view(), name="follow_sent"),
    path("alerts/follow/token/", alerts.follow_token, name="follow_token"),
    path(
        "alerts/confirm/<str:value>/",
        alerts.ConfirmView.as_view(),
        name="confirm_alerts",
    ),
    path(
        "alerts/<slug:token>/",
        alerts.PreferencesView.as_view(),
        name="alert_preferences",
    ),
    path(
        "alerts/<slug:token>/unsubscribe/",
        alerts.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
]
