"""The parts of the Request for Interest page that every visitor sees alike.

The briefing a visitor answers and the empty form (its countries to choose
from, the briefing's ticked) change only when public content does, so they are
kept in the cache under the content generation of the public pages
(briefings.cache): an editor's save, or a scheduled briefing coming out, starts
afresh. The CSRF token and the stamp belong to one visitor and are never kept.
When the cache does not answer, the page is built from the database.

As with the cached public pages, a release that changes the form's markup shows
once the generation changes or BRIEFINGS_PAGE_CACHE_SECONDS have passed.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from redis import RedisError

from briefings.cache import GENERATION_KEY, bump_generation, valid_generation
from briefings.models import Briefing

logger = logging.getLogger(__name__)

FIELDS_TEMPLATE = "leads/_lead_form_fields.html"


def current_generation():
    """The public content's generation, or None when the cache does not answer."""
    try:
        return valid_generation(cache.get(GENERATION_KEY)) or bump_generation()
    except RedisError:
        logger.warning("The cache is unavailable: the form page is built afresh.")
        return None


SLUG_MAX_LENGTH = Briefing._meta.get_field("slug").max_length


def answered_briefing(generation, slug):
    """The published briefing with this slug (title and slug only) and the ids
    of its countries; (None, ()) for any other slug, which is not kept."""
    # A slug has no NUL (which PostgreSQL refuses in a query) and fits its column.
    if not slug or "\x00" in slug or len(slug) > SLUG_MAX_LENGTH:
        return None, ()
    key = f"leads:form:{generation}:briefing:{_digest(slug)}"
    found = _get(key) if generation else None
    if found is None:
        briefing = (
            Briefing.objects.published().only("title", "slug").filter(slug=slug).first()
        )
        if briefing is None:
            return None, ()
        found = (briefing, tuple(briefing.countries.values_list("pk", flat=True)))
        if generation:
            _set(key, found)
    return found


def empty_form_fields(generation, form):
    """The unbound form's fields as HTML, without the visitor's own hidden
    values: from the cache, or rendered and kept."""
    ticked = ",".join(str(pk) for pk in sorted(form.initial.get("countries", ())))
    variant = ":".join(
        [translation.get_language(), settings.LEADS_PRIVACY_NOTICE_VERSION, ticked]
    )
    key = f"leads:form:{generation}:fields:{_digest(variant)}"
    html = _get(key) if generation else None
    if html is None:
        html = render_to_string(
            FIELDS_TEMPLATE,
            {
                "form": form,
                "privacy_notice_version": settings.LEADS_PRIVACY_NOTICE_VERSION,
            },
        )
        if generation:
            _set(key, html)
    return html


def _digest(text):
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _get(key):
    try:
        return cache.get(key)
    except RedisError:
        logger.warning("The cache is unavailable: the form page is built afresh.")
        return None


def _set(key, value):
    try:
        cache.set(key, value, settings.BRIEFINGS_PAGE_CACHE_SECONDS)
    except RedisError:
        logger.warning("The cache is unavailable: the form page is built afresh.")
