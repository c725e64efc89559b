"""Where a visit entered the site (first touch), as the form page learns it.

Public pages are cached alike for every visitor, so they cannot carry one
visitor's referrer or UTM parameters to the form. Two things can, without a
cookie or any storage in the browser:

- static/js/first-touch.js, on the page where the visit entered, adds the
  referring site's domain (as `referrer`) and the page's own `utm_*`
  parameters to its links to the form;
- without JavaScript, the browser's Referer of the form page is the page the
  call to action was on, query string included (same origin), so its `utm_*`
  parameters are read from there; the referring site is then unknown.

A Referer from another site (someone linked straight to the form) is that site.
The site itself is never recorded as the referrer.
"""

import unicodedata
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.http.request import split_domain_port

from ...models import UTM_PARAMETERS

REFERRER_PARAMETER = "referrer"
UTM_MAX_LENGTH = 100
DOMAIN_MAX_LENGTH = 253


def first_touch(request):
    """The referring domain and the UTM parameters of the visit's entry page."""
    referer = request.headers.get("Referer", "")
    referer_host = domain(_hostname(referer))
    from_this_site = referer_host in _own_hosts(request)
    utm = utm_parameters(request.GET.items())
    if not utm and from_this_site:
        utm = utm_parameters(parse_qsl(urlsplit(referer).query))
    if referer_host and not from_this_site:
        referrer = referer_host
    else:
        referrer = domain(request.GET.get(REFERRER_PARAMETER, "").lower())
    return referrer, utm


def utm_parameters(items):
    """The UTM parameters among query items, cleaned; the last value wins."""
    found = {name: value for name, value in items if name in UTM_PARAMETERS}
    return {name: value for name, raw in found.items() if (value := clean(raw))}


def domain(host):
    """`host` if it is a plain host name, else ""."""
    if len(host) > DOMAIN_MAX_LENGTH or not all(
        char.isascii() and (char.isalnum() or char in ".-") for char in host
    ):
        return ""
    return host


def clean(value):
    """A query parameter as plain text of bounded length, never an error."""
    printable = "".join(
        " " if unicodedata.category(char).startswith("C") else char for char in value
    )
    return " ".join(printable.split())[:UTM_MAX_LENGTH]


def _hostname(url):
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def _own_hosts(request):
    """This site's host names: SITE_URL's, and the one this request was sent to."""
    own = {_hostname(settings.SITE_URL)}
    own.add(split_domain_port(request.get_host())[0])
    return own
