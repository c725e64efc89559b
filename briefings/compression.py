"""Cached pages are kept and sent compressed: Brotli to the clients that accept
it, gzip to the others, decompressed only for the rare client that takes
neither. Only public pages go through here: they carry no secret (no CSRF
token, nothing personal), so compressing them cannot leak one (BREACH)."""

import gzip

import brotli

COMPRESSIBLE_TYPES = ("text/", "application/xml", "application/rss+xml")
COMPRESSIBLE_TYPES += ("application/atom+xml", "application/json")
# Below this, the headers outweigh what compression saves.
MIN_SIZE = 200
BROTLI_QUALITY = 5  # near gzip's speed, smaller output
GZIP_LEVEL = 6


def accepted_encodings(request):
    """The content codings the client accepts (q > 0), lower-cased."""
    accepted = set()
    for item in request.headers.get("Accept-Encoding", "").split(","):
        name, _, parameters = item.partition(";")
        name = name.strip().lower()
        quality = parameters.strip().lower()
        if name and quality not in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            accepted.add(name)
    if "*" in accepted:
        accepted |= {"br", "gzip"}
    return accepted


def stored_encoding(accepted):
    """How the page this client asks for is kept: one copy per coding."""
    return "br" if "br" in accepted else "gzip"


def compressible(response):
    content_type = response.get("Content-Type", "")
    return (
        content_type.startswith(COMPRESSIBLE_TYPES)
        and not response.has_header("Content-Encoding")
        and len(response.content) >= MIN_SIZE
    )


def compress(content, encoding):
    if encoding == "br":
        return brotli.compress(content, quality=BROTLI_QUALITY)
    return gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0)


def for_client(content, encoding, accepted):
    """The stored bytes as this client may receive them, and their coding."""
    if encoding is None or encoding in accepted:
        return content, encoding
    return gzip.decompress(content), None
