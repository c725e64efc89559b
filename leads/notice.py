"""The privacy notice on a page of its own: the version the form shows and
prospects acknowledge, and whom to write to about their data."""

from django.conf import settings
from django.views.generic import TemplateView


class PrivacyNoticeView(TemplateView):
    template_name = "leads/privacy.html"
    query_params = ()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            privacy_notice_version=settings.LEADS_PRIVACY_NOTICE_VERSION, **kwargs
        )
