"""The controller's address for privacy requests, wherever the notice is shown."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def privacy_contact_email():
    return settings.PRIVACY_CONTACT_EMAIL
