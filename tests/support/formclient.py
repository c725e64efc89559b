"""A plain HTTP client for the form: one connection per request, from a chosen
source address (127.0.0.1 and 127.0.0.2 are two different clients)."""

import http.client
import re
import time
from dataclasses import dataclass
from html import unescape
from http.cookies import SimpleCookie
from urllib.parse import urlencode

FORM_PATH = "/request-for-interest/"


@dataclass
class Response:
    status: int
    headers: dict
    text: str
    seconds: float

    @property
    def location(self):
        return self.headers.get("location", "")


@dataclass
class RenderedForm:
    cookie: str
    csrf_token: str
    stamp: str
    html: str


def hidden_value(html, name):
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden {name} in the form"
    return unescape(match.group(1))


class Client:
    def __init__(self, port, source="127.0.0.1", timeout=15):
        self.port, self.source, self.timeout = port, source, timeout

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(
            "127.0.0.1",
            self.port,
            timeout=self.timeout,
            source_address=(self.source, 0),
        )
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            return Response(
                response.status,
                {key.lower(): value for key, value in response.getheaders()},
                text,
                time.monotonic() - started,
            )
        finally:
            connection.close()

    def get_form(self, query="", headers=None):
        page = self.request(
            "GET", FORM_PATH + (f"?{query}" if query else ""), None, headers
        )
        assert page.status == 200, page.text[:500]
        cookie = SimpleCookie(page.headers.get("set-cookie", ""))
        return RenderedForm(
            cookie=f"csrftoken={cookie['csrftoken'].value}",
            csrf_token=hidden_value(page.text, "csrfmiddlewaretoken"),
            stamp=hidden_value(page.text, "stamp"),
            html=page.text,
        )

    def submit(self, form, fields, headers=None):
        body = urlencode(
            {"csrfmiddlewaretoken": form.csrf_token, "stamp": form.stamp, **fields},
            doseq=True,
        )
        return self.request(
            "POST",
            FORM_PATH,
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": form.cookie,
                **(headers or {}),
            },
        )


def prospect(n, **overrides):
    """What the nth prospect types into the form."""
    return {
        "full_name": f"Prospect Number{n}",
        "email": f"prospect-{n}@client.example",
        "organisation": "Kilima Mining Holdings",
        "job_title": "Head of Risk",
        "phone": f"+27 11 555 {n:04d}",
        "sectors": ["mining"],
        "help_wanted": "risk_assessment",
        "timeline": "quarter",
        "requirements": f"Security outlook for site {n}, please.",
        "privacy": "on",
        **overrides,
    }
