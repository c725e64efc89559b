"""What the form page shows every visitor alike, kept in the cache under the
content generation of the public pages (briefings.cache): an editor's save, or
a scheduled briefing coming out, starts afresh.

The briefing a visitor answers is looked up here; the empty form's fields are
kept by the template's {% cache %} under the same generation. The CSRF token
and the stamp belong to one visitor and are never kept. When the cache does
not answer, django-redis says so as a miss and the page is built afresh.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from briefings.cache import GENERATION_KEY, bump_generation, valid_generation
from briefings.models import Briefing, Country

SLUG_MAX_LENGTH = Briefing._meta.get_field("slug").max_length


def current_generation():
    """The public content's generation."""
    return valid_generation(cache.get(GENERATION_KEY)) or bump_generation()


def country_ids(slug):
    """The id of the country with this slug, as a one-item tuple, or ()."""
    if not slug or "\x00" in slug or len(slug) > SLUG_MAX_LENGTH:
        return ()
    return tuple(Country.objects.filter(slug=slug).values_list("pk", flat=True))


def answered_briefing(generation, slug):
    """The published briefing with this slug (title and slug only) and the ids
    of its countries; (None, ()) for any other slug, which is not kept."""
    # A slug has no NUL (which PostgreSQL refuses in a query) and fits its column.
    if not slug or "\x00" in slug or len(slug) > SLUG_MAX_LENGTH:
        return None, ()
    digest = hashlib.blake2b(slug.encode(), digest_size=16).hexdigest()
    key = f"leads:form:{generation}:briefing:{digest}"
    found = cache.get(key)
    if found is None:
        briefing = (
            Briefing.objects.published().only("title", "slug").filter(slug=slug).first()
        )
        if briefing is None:
            return None, ()
        found = (briefing, tuple(briefing.countries.values_list("pk", flat=True)))
        cache.set(key, found, settings.BRIEFINGS_PAGE_CACHE_SECONDS)
    return found
