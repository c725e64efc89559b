"""Whole public pages kept in the cache for anonymous visitors.

A page is stored under its path and the current content *generation*. Editors'
changes start a new generation (see `bump_generation`, called by the admin once
the transaction commits), so every page is rebuilt on its next request. A
generation also ends by itself when the next scheduled briefing is due, so that
briefing appears without anyone saving anything.

Only visitors without a session are served from the cache: staff previews,
messages and anything else personal never reach it, and a page that used the
CSRF token or a CSP nonce is never stored.

Each process also keeps the pages it served last in its own memory, and
trusts the generation it read for GENERATION_TRUST_SECONDS: a hot page then
costs no round trip to Redis, and another process's new generation is seen at
most that much later (browsers and proxies may keep a page for
BRIEFINGS_PAGE_MAX_AGE anyway).

Pages are kept compressed, once per content coding (Brotli or gzip, see
`compression`), and sent so to the clients that accept it.

Junk cannot grow the cache: a page is keyed by the query parameters its view
reads, and only those (read as the view reads them: the last value wins); a view
keeps what only one reader asked for (a search, an unknown filter) out of it
with `keep_out_of_cache`, and every other bad value is a 404, never stored.
"""

import hashlib
import logging
import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db.models import Min
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import (
    add_never_cache_headers,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from . import compression
from .models import Briefing
from .recent_pages import RecentPages

logger = logging.getLogger(__name__)

GENERATION_KEY = "briefings:generation"
CACHEABLE_METHODS = ("GET", "HEAD")
GENERATION_TRUST_SECONDS = 1.0
# Compressed pages of about 5 KB: several hundred of the most read.
recent_pages = RecentPages(max_bytes=4 * 1024 * 1024)
# The generation this process read last: (number, valid until, read at).
known_generation = None


def remember(entry):
    global known_generation
    known_generation = (*entry, time.monotonic())


def forget():
    """Drop what this process remembers (tests start each from scratch)."""
    global known_generation
    known_generation = None
    recent_pages.clear()


def trusted_generation():
    """The generation this process read less than GENERATION_TRUST_SECONDS ago,
    if no scheduled briefing has fallen due since."""
    if known_generation is None:
        return None
    number, valid_until, read_at = known_generation
    if time.monotonic() - read_at > GENERATION_TRUST_SECONDS:
        return None
    return valid_generation((number, valid_until))


def bump_generation():
    """Start a new content generation: every cached page is rebuilt when asked for.

    Also notes when the next scheduled briefing is due, which ends the generation.
    Call it after the change is committed, or a page could be rebuilt from the
    old rows and kept under the new generation.
    """
    due = Briefing.objects.scheduled().aggregate(due=Min("published_at"))["due"]
    # Nanoseconds rather than a counter: a generation lost with the cache (an
    # eviction, a Redis restart) is never reused for different content.
    generation = (time.time_ns(), due.timestamp() if due else None)
    recent_pages.clear()
    # A Redis that does not answer is logged by the cache backend (django-redis),
    # and the pages are built afresh meanwhile.
    cache.set(GENERATION_KEY, generation, timeout=None)
    remember(generation)
    return generation[0]


def valid_generation(entry):
    """The generation in a cache entry, unless missing or ended by a due briefing."""
    if entry is not None:
        number, valid_until = entry
        if valid_until is None or time.time() < valid_until:
            return number
    return None


def page_key(generation, request, params, encoding):
    """The request's path, the values of the parameters its page reads, its
    language, and the coding the page is kept in."""
    query = urlencode(
        [(name, request.GET[name]) for name in sorted(params) if name in request.GET]
    )
    url = f"{translation.get_language()}:{request.path}?{query}"
    digest = hashlib.blake2b(url.encode(), digest_size=16).hexdigest()
    return f"briefings:page:{generation}:{digest}:{encoding}"


def find_page(request, params, encoding):
    """The request's cache key and its cached page, or None."""
    if (trusted := trusted_generation()) is not None:
        key = page_key(trusted, request, params, encoding)
        if (page := recent_pages.get(key)) is not None:
            return key, page
    # The generation seen last is a guess, but it lets one round trip bring the
    # generation and the page together; the page is used only when the
    # generation read in that same trip confirms the guess.
    guess = known_generation[0] if known_generation else None
    found = cache.get_many([GENERATION_KEY, page_key(guess, request, params, encoding)])
    if (generation := valid_generation(found.get(GENERATION_KEY))) is not None:
        remember(found[GENERATION_KEY])
    else:
        generation = bump_generation()
    key = page_key(generation, request, params, encoding)
    page = found.get(key) if generation == guess else cache.get(key)
    if page is not None:
        recent_pages.put(key, page)
    return key, page


def has_visitor_state(request):
    """A session (staff, anyone logged in) or pending messages: a page of their own."""
    return any(
        name in request.COOKIES
        for name in (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)
    )


def is_shareable(request, response):
    """Whether this rendered response may be served to every anonymous visitor."""
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        # The page carries a CSRF token or a CSP nonce meant for one visitor.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not isinstance(getattr(request, "_csp_nonce", None), str)
    )


def store_page(key, entry):
    recent_pages.put(key, entry)
    cache.set(key, entry, settings.BRIEFINGS_PAGE_CACHE_SECONDS)


def page_entry(response, encoding):
    """What is kept of a shareable page: its body, compressed when that helps,
    its headers and the coding used (None: as it is)."""
    if not compression.compressible(response):
        return response.content, dict(response.items()), None
    # Each coding is a representation of its own, with an entity tag of its own.
    headers = dict(response.items())
    if etag := headers.get("ETag"):
        headers["ETag"] = f'{etag[:-1]}-{encoding}"'
    return compression.compress(response.content, encoding), headers, encoding


def serve(entry, accepted):
    content, headers, encoding = entry
    body, sent_encoding = compression.for_client(content, encoding, accepted)
    response = HttpResponse(body, headers=headers)
    if sent_encoding:
        response["Content-Encoding"] = sent_encoding
    elif encoding and (etag := headers.get("ETag")):
        response["ETag"] = etag.replace(f'-{encoding}"', '"')
    return response


def keep_out_of_cache(response):
    """Keep a page made for one reader's query (a search, an unknown filter) out
    of the shared cache, so that junk queries cannot fill it."""
    patch_cache_control(response, private=True)
    return response


def cache_public_page(view, params=None):
    """Serve the view's page from the cache to anonymous visitors.

    `params` are the query parameters the page depends on (by default the view
    class's `query_params`); any other parameter is ignored. Such pages are
    public for BRIEFINGS_PAGE_MAX_AGE seconds, with an ETag for conditional
    requests; pages for visitors with a session are private. A view class's
    `is_personal(request)` names the requests whose page it keeps out of the
    cache: those are not looked up there either.
    """
    view_class = getattr(view, "view_class", None)
    if params is None:
        params = getattr(view_class, "query_params", ())
    is_personal = getattr(view_class, "is_personal", None)

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method not in CACHEABLE_METHODS:
            return view(request, *args, **kwargs)
        if has_visitor_state(request):
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            patch_vary_headers(response, ["Cookie"])
            return response
        if is_personal is not None and is_personal(request):
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, ["Cookie"])
            return response

        accepted = compression.accepted_encodings(request)
        encoding = compression.stored_encoding(accepted)
        key, entry = find_page(request, params, encoding)
        if entry is not None:
            return serve(entry, accepted)

        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ["Cookie"])
        if response.status_code != 200 or response.streaming:
            return response
        if hasattr(response, "render"):
            response.render()
        if not is_shareable(request, response):
            return response
        set_response_etag(response)
        patch_cache_control(
            response, public=True, max_age=settings.BRIEFINGS_PAGE_MAX_AGE
        )
        patch_vary_headers(response, ["Accept-Encoding"])
        entry = page_entry(response, encoding)
        if key:
            store_page(key, entry)
        return serve(entry, accepted)

    return cached_view
