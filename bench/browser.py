"""What a browser does with the Request for Interest form, in plain http.client.

The form carries a signed render-time token and a CSRF token, so every
submission needs its own GET first: read the form, fill it in (bench.htmlform),
post it back with the cookies the GET set.
"""

import http.client
import re
import time
from dataclasses import dataclass
from html import unescape
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit

from .htmlform import fill, post_form


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    seconds: float

    def header(self, name):
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    def cookies(self):
        jar = SimpleCookie()
        for key, value in self.headers:
            if key.lower() == "set-cookie":
                jar.load(value)
        return {name: morsel.value for name, morsel in jar.items()}


class Client:
    """One HTTP/1.1 request per connection, as gunicorn's sync workers expect."""

    def __init__(self, host, port, headers=(), timeout=15):
        self.host, self.port, self.timeout = host, port, timeout
        self.headers = dict(headers)

    @property
    def origin(self):
        # Plain HTTP, but X-Forwarded-Proto: https says otherwise, as a proxy would.
        return f"https://{self.host}:{self.port}"

    def request(self, method, path, body=None, headers=()):
        all_headers = {**self.headers, **dict(headers)}
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=self.timeout
        )
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            body = response.read()
            return Response(
                response.status,
                response.getheaders(),
                body,
                time.monotonic() - started,
            )
        finally:
            connection.close()


@dataclass
class PreparedSubmission:
    """A filled form ready to post: path, headers (cookies) and body."""

    n: int
    prospect_email: str
    path: str
    headers: dict
    body: str


class FormError(RuntimeError):
    pass


def prepare_submission(client, form_path, n, prospect_email):
    page = client.request("GET", form_path)
    if page.status != 200:
        raise FormError(f"GET {form_path} answered {page.status}")
    found = post_form(page.body.decode(errors="replace"))
    if found is None:
        raise FormError(f"GET {form_path}: no POST form with a CSRF token on the page")
    action, fields = found
    cookies = page.cookies()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": client.origin,
        "Referer": client.origin + form_path,
    }
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    path = urlsplit(urljoin(form_path, action or form_path))
    path = path.path + (f"?{path.query}" if path.query else "")
    body = urlencode(fill(fields, n, prospect_email))
    return PreparedSubmission(n, prospect_email, path, headers, body)


@dataclass
class SubmissionResult:
    status: int
    reference: str | None
    started: float
    seconds: float
    problem: str | None = None


def submit(client, prepared):
    started = time.monotonic()
    response = client.request(
        "POST", prepared.path, body=prepared.body, headers=prepared.headers
    )
    location = response.header("Location") or ""
    reference = None
    problem = None
    if response.status in {302, 303} and "/thanks/" in location:
        reference = [part for part in urlsplit(location).path.split("/") if part][-1]
    else:
        problem = describe_failure(response)
    return SubmissionResult(
        response.status, reference, started, response.seconds, problem
    )


ERROR_PATTERNS = [
    re.compile(r'class="[^"]*invalid-feedback[^"]*"[^>]*>\s*(?:<strong>)?(.*?)<', re.S),
    re.compile(r'class="errorlist[^"]*"[^>]*>\s*<li>(.*?)</li>', re.S),
    re.compile(r'class="[^"]*alert-danger[^"]*"[^>]*>(.*?)<', re.S),
]


def describe_failure(response):
    location = response.header("Location")
    if location:
        return f"{response.status} to {location}"
    html = response.body.decode(errors="replace")
    found = post_form(html)
    invalid = sorted({f.name for f in found[1] if f.invalid}) if found else []
    messages = []
    for pattern in ERROR_PATTERNS:
        messages += [" ".join(unescape(m).split()) for m in pattern.findall(html)]
    messages = [m for m in dict.fromkeys(messages) if m][:6]
    if not invalid and not messages:
        return f"{response.status}: {html[:200].strip()}"
    fields = f"fields {', '.join(invalid)}: " if invalid else ""
    return f"{response.status}: {fields}{'; '.join(messages)}"
