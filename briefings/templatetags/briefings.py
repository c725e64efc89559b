import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from config.site import absolute_url

from ..images import responsive_image
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
        local.isoformat(timespec="seconds"),
        date_format(local, display_format),
    )


def organisation():
    return {
        "@type": "Organization",
        "name": gettext("African Security Analysis"),
        "url": absolute_url("/"),
    }


def person(analyst):
    data = {
        "@type": "Person",
        "name": analyst.name,
        "url": absolute_url(analyst.get_absolute_url()),
    }
    if analyst.title:
        data["jobTitle"] = analyst.title
    return data


def json_ld(data):
    payload = json.dumps(
        {"@context": "https://schema.org", **data}, cls=DjangoJSONEncoder
    ).translate(JSON_SCRIPT_ESCAPES)
    # A data block is never executed, so script-src does not apply and it needs
    # no CSP nonce (which would also make the page impossible to cache).
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(payload)
    )


@register.simple_tag
def briefing_json_ld(briefing):
    url = absolute_url(briefing.get_absolute_url())
    slug = {"slug": briefing.slug}
    data = {
        "@type": "NewsArticle",
        "headline": briefing.title[:110],
        "description": briefing.seo_description or briefing.standfirst,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": briefing.published_at,
        "dateModified": briefing.updated_at,
        "author": [person(author) for author in briefing.authors.all()]
        or organisation(),
        "publisher": organisation(),
        "about": [
            {"@type": "Country", "name": country.name}
            for country in briefing.countries.all()
        ],
        "keywords": [topic.name for topic in briefing.topics.all()],
        "isAccessibleForFree": True,
        "image": absolute_url(reverse("briefings:social-card", kwargs=slug)),
        "associatedMedia": {
            "@type": "MediaObject",
            "encodingFormat": "application/pdf",
            "contentUrl": absolute_url(reverse("briefings:pdf", kwargs=slug)),
        },
    }
    return json_ld(data)


@register.simple_tag
def analyst_json_ld(analyst):
    data = {
        **person(analyst),
        "description": analyst.bio,
        "worksFor": organisation(),
        "knowsAbout": [country.name for country in analyst.countries.all()],
    }
    if analyst.photo:
        data["image"] = absolute_url(analyst.photo.url)
    return json_ld(data)


@register.inclusion_tag("includes/_picture.html")
def picture(field_file, alt, spec, *, sizes, **attributes):
    """A <picture> of an upload's renditions (WebP first), sized to avoid layout
    shift; lazily loaded unless `eager` is given."""
    image = responsive_image(field_file, spec)
    return {"image": image, "alt": alt, "sizes": sizes, **attributes}
