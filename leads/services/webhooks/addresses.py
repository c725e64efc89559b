"""Where a webhook may point, and where its POST connects (against SSRF).

A webhook's URL is typed by a sales manager, but the POST leaves from inside
the portal's network: it must never reach the portal's own services, the
cloud's metadata endpoint or anything else that only trusts its neighbours.
So a URL is https, and every address its host resolves to is a public one;
the POST then connects to the address that was checked (the host name still
in the Host header and the TLS certificate check), so a name that resolves
elsewhere a moment later (DNS rebinding) changes nothing.

LEADS_WEBHOOK_ALLOW_LOCALHOST (on in DEBUG and the tests, refused in
production) also allows this machine (localhost, 127.0.0.0/8, ::1), over
http too; private networks stay refused.
"""

import ipaddress
import socket
from dataclasses import dataclass

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_PORTS = {"http": 80, "https": 443}


class Refused(Exception):
    """The URL, or where its host leads, is not allowed; says why."""


@dataclass(frozen=True)
class Target:
    """Where to connect for a webhook's URL, and the names to keep."""

    url: httpx.URL  # the URL with the address that was checked as its host
    host_header: str
    tls_name: str


def check(url):
    """Refused unless a POST to `url` may be sent (the address is looked up)."""
    target(url)


def target(url):
    """The Target of `url`; Refused if it is not allowed, OSError (such as
    socket.gaierror) if its host cannot be looked up now."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise Refused(_("This is not a valid URL.")) from exc
    local = settings.LEADS_WEBHOOK_ALLOW_LOCALHOST
    if parsed.scheme not in DEFAULT_PORTS or not parsed.raw_host:
        raise Refused(_("Use an https:// URL."))
    if parsed.scheme == "http" and not local:
        raise Refused(_("Use an https:// URL."))
    if parsed.userinfo:
        raise Refused(_("Leave the user name and password out of the URL."))
    host = parsed.raw_host.decode("ascii")
    addresses = resolve(host, parsed.port or DEFAULT_PORTS[parsed.scheme])
    if refused := [address for address in addresses if not is_allowed(address)]:
        raise Refused(
            _("%(host)s leads to %(address)s, which is not a public address.")
            % {"host": host, "address": refused[0]}
        )
    if parsed.scheme == "http" and not all(
        address.is_loopback for address in addresses
    ):
        raise Refused(_("Use an https:// URL."))
    return Target(
        url=parsed.copy_with(host=str(addresses[0])),
        host_header=parsed.netloc.decode("ascii"),
        tls_name=host,
    )


def resolve(host, port):
    """Every address `host` stands for, as the operating system resolves it."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = []
    for _family, _type, _proto, _name, sockaddr in found:
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if address not in addresses:
            addresses.append(address)
    return addresses


def is_allowed(address):
    if address.is_loopback:
        return settings.LEADS_WEBHOOK_ALLOW_LOCALHOST
    if isinstance(address, ipaddress.IPv6Address) and (
        address.sixtofour or address.teredo
    ):
        # An IPv4 address wrapped in IPv6 could be a private one.
        return False
    return address.is_global and not address.is_multicast
