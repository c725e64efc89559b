import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from config.site import absolute_url

from ..search import highlighted

register = template.Library()

# The characters that could end the <script> element or open a comment inside
# it; JSON parsers read the escapes back as the same characters.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


register.filter("absolute", absolute_url)
register.filter("highlighted", highlighted)


@register.simple_tag
def time_element(moment, display_format="j F Y"):
    """A <time> element for an aware datetime, in the current time zone as the
    |date filter shows it: converted once, where two filters convert twice."""
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}">{}</time>',
        local.isoformat(),
        date_format(local, display_format),
    )


@register.simple_tag
def briefing_json_ld(briefing):
    url = absolute_url(briefing.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": briefing.title[:110],
        "description": briefing.seo_description or briefing.standfirst,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": briefing.published_at,
        "dateModified": briefing.updated_at,
        "author": [
            {"@type": "Person", "name": author.name}
            for author in briefing.authors.all()
        ]
        or {"@type": "Organization", "name": gettext("African Security Analysis")},
        "publisher": {
            "@type": "Organization",
            "name": gettext("African Security Analysis"),
            "url": absolute_url("/"),
        },
        "about": [
            {"@type": "Country", "name": country.name}
            for country in briefing.countries.all()
        ],
        "keywords": [topic.name for topic in briefing.topics.all()],
        "isAccessibleForFree": True,
    }
    if briefing.image:
        data["image"] = absolute_url(briefing.image.url)
    payload = json.dumps(data, cls=DjangoJSONEncoder).translate(JSON_SCRIPT_ESCAPES)
    # A data block is never executed, so script-src does not apply and it needs
    # no CSP nonce (which would also make the page impossible to cache).
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(payload)
    )
