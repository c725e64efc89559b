"""How change histories show a recorded value: words, not Python."""

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def recorded(value):
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "-"
    return value if value not in ("", None) else "-"
