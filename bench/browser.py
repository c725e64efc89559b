"""What a browser does with the Request for Interest form, over plain http.client.

The form carries a signed render-time stamp and a CSRF token, so every
submission needs its own GET first: the page's form, read by WebTest, filled in
as a prospect would, posted back with the cookies the GET set.
"""

import http.client
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from webtest import TestResponse

NAMES = ["Amara Diallo", "Kwame Mensah", "Fatou Okafor", "Tendai Moyo", "Leila Kamau"]
ORGANISATIONS = ["Kilima Mining Holdings", "Sahel Logistics Group", "Savannah Capital"]
REQUIREMENTS = [
    "We are assessing a mining project and need a view of the security outlook "
    "for the next twelve months, including road access and local partners.",
    "Our board asked for an independent assessment before we commit capital; "
    "please propose a scope, a timeline and the team you would assign.",
    "We run a site with around two hundred staff and want monthly monitoring of "
    "armed group activity within a day's drive, plus a call when things change.",
]


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

    def page(self):
        """The body as WebTest reads a page: its forms, and BeautifulSoup's html."""
        return TestResponse(body=self.body, content_type="text/html", charset="utf-8")


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
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=self.timeout
        )
        started = time.monotonic()
        try:
            connection.request(
                method, path, body=body, headers=self.headers | dict(headers)
            )
            response = connection.getresponse()
            return Response(
                response.status,
                response.getheaders(),
                response.read(),
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
    path = urlsplit(form_path).path
    form = next((f for f in page.page().forms.values() if f.action == path), None)
    if form is None:
        raise FormError(f"GET {form_path}: no form posting to {path} on the page")
    # What a prospect types; the countries stay as the page ticked them and
    # the honeypot stays empty.
    answers = {
        "full_name": NAMES[n % len(NAMES)],
        "email": prospect_email,
        "organisation": ORGANISATIONS[n % len(ORGANISATIONS)],
        "job_title": "Head of Risk",
        "sectors": ["mining"],
        "help_wanted": "risk_assessment",
        "timeline": "quarter",
        "requirements": REQUIREMENTS[n % len(REQUIREMENTS)],
        "privacy": True,
    }
    for name, value in answers.items():
        form[name] = value
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": client.origin,
        "Referer": client.origin + form_path,
        "Cookie": "; ".join(f"{k}={v}" for k, v in page.cookies().items()),
    }
    body = urlencode(form.submit_fields())
    return PreparedSubmission(n, prospect_email, form.action, headers, body)


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


def describe_failure(response):
    """A refused submission in a line: where it was sent, or what the page says."""
    location = response.header("Location")
    if location:
        return f"{response.status} to {location}"
    html = response.page().html
    marked = html.select(".is-invalid[name], [aria-invalid=true][name]")
    invalid = sorted({tag["name"] for tag in marked})
    messages = [
        " ".join(tag.get_text().split())
        for tag in html.select(".invalid-feedback, .errorlist li, .alert-danger")
    ]
    messages = [m for m in dict.fromkeys(messages) if m][:6]
    if not invalid and not messages:
        return f"{response.status}: {response.body[:200].decode(errors='replace')}"
    fields = f"fields {', '.join(invalid)}: " if invalid else ""
    return f"{response.status}: {fields}{'; '.join(messages)}"
