"""What a browser does with the Request for Interest form, in plain http.client.

The form carries a signed render-time token and a CSRF token, so every
submission needs its own GET first: read the form like a browser, fill in what
a person must fill in (fields marked required, plus one choice in each checkbox
group), leave everything else alone (the honeypot included) and post it back.
"""

import http.client
import re
import time
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit

FIRST_NAMES = [
    "Amara",
    "Kwame",
    "Fatou",
    "Tendai",
    "Nadia",
    "Joseph",
    "Leila",
    "Ibrahim",
]
LAST_NAMES = [
    "Diallo",
    "Mensah",
    "Okafor",
    "Moyo",
    "Haddad",
    "Kamau",
    "Traore",
    "Banda",
]
ORGANISATIONS = [
    "Kilima Mining Holdings",
    "Sahel Logistics Group",
    "Atlantic Infrastructure Partners",
    "Great Lakes Energy",
    "Savannah Capital",
]
JOB_TITLES = ["Head of Risk", "Country Manager", "Security Director", "Investment Lead"]
REQUIREMENTS = [
    "We are assessing a {sector} project and need a view of the security outlook "
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
class Field:
    name: str
    kind: str  # input type, "select" or "textarea"
    value: str = ""
    required: bool = False
    checked: bool = False
    multiple: bool = False
    maxlength: int | None = None
    invalid: bool = False  # marked by the server after a refused POST
    options: list[tuple[str, bool]] = field(default_factory=list)


class FormParser(HTMLParser):
    """The fields of the page's POST forms, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # (action, [Field])
        self._form = None
        self._select = None
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form" and attrs.get("method", "get").lower() == "post":
            self._form = []
            self.forms.append((attrs.get("action", ""), self._form))
        if self._form is None or (tag not in {"input", "select", "textarea"}):
            if tag == "option" and self._select is not None:
                self._option = [attrs.get("value"), "selected" in attrs, ""]
                self._select.options.append(self._option)
            return
        if "name" not in attrs or "disabled" in attrs:
            return
        maxlength = attrs.get("maxlength", "")
        item = Field(
            name=attrs["name"],
            kind=attrs.get("type", "text").lower() if tag == "input" else tag,
            value=attrs.get("value", ""),
            required="required" in attrs,
            checked="checked" in attrs,
            multiple="multiple" in attrs,
            maxlength=int(maxlength) if maxlength.isdigit() else None,
            invalid=attrs.get("aria-invalid") == "true"
            or "is-invalid" in attrs.get("class", "").split(),
        )
        self._form.append(item)
        if tag == "select":
            self._select = item
        elif tag == "textarea":
            self._textarea = item

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data
        elif self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            self._select.options = [
                (text.strip() if value is None else value, selected)
                for value, selected, text in self._select.options
            ]
            self._select = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea" and self._textarea is not None:
            # HTML drops the newline right after <textarea>; Django writes one.
            self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None


def post_form(html):
    """(action, fields) of the form carrying a CSRF token, or None."""
    parser = FormParser()
    parser.feed(html)
    for action, fields in parser.forms:
        if any(f.name == "csrfmiddlewaretoken" for f in fields):
            return action, fields
    return None


def text_for(item, n, prospect_email):
    name = item.name.lower()
    if item.kind == "email" or "email" in name:
        return prospect_email
    if item.kind == "tel" or "phone" in name:
        return "+27 11 555 0100"
    if item.kind == "url" or "website" in name or "url" in name:
        return "https://example.com/"
    if item.kind == "number":
        return "1"
    if item.kind == "date":
        return time.strftime("%Y-%m-%d", time.gmtime(time.time() + 30 * 86400))
    if "organi" in name or "company" in name:
        return ORGANISATIONS[n % len(ORGANISATIONS)]
    if "title" in name or "job" in name or "role" in name:
        return JOB_TITLES[n % len(JOB_TITLES)]
    if "name" in name:
        first = FIRST_NAMES[n % len(FIRST_NAMES)]
        return f"{first} {LAST_NAMES[n // len(FIRST_NAMES) % len(LAST_NAMES)]}"
    if item.kind == "textarea":
        return REQUIREMENTS[n % len(REQUIREMENTS)].format(sector="mining")
    return "Regional operations"


def fill(fields, n, prospect_email):
    """The (name, value) pairs a careful person would send; optional fields empty."""
    pairs = []
    groups = {}
    for item in fields:
        if item.kind in {"checkbox", "radio"}:
            groups.setdefault(item.name, []).append(item)
    done_groups = set()
    for item in fields:
        if item.kind in {"submit", "button", "reset", "image", "file"}:
            continue
        if item.kind in {"checkbox", "radio"}:
            if item.name in done_groups:
                continue
            done_groups.add(item.name)
            group = groups[item.name]
            chosen = [i for i in group if i.checked]
            if not chosen and any(i.required for i in group):
                chosen = group[:1]
            elif not chosen and item.kind == "checkbox" and len(group) > 1:
                # Django marks no box of a multiple choice (sectors) required, yet
                # the field may be; one choice is what a person would make.
                chosen = group[:1]
            pairs += [(i.name, i.value or "on") for i in chosen]
        elif item.kind == "select":
            chosen = [value for value, selected in item.options if selected]
            if item.required:  # Django pre-selects the empty "---------" label
                chosen = [value for value in chosen if value]
            if not chosen and (item.required or not item.multiple):
                # Like a browser: a single select sends its first option; a
                # required one gets a real choice rather than the empty label.
                values = [value for value, _ in item.options]
                if item.required:
                    values = [value for value in values if value]
                chosen = values[:1]
            pairs += [(item.name, value) for value in chosen]
        elif item.kind == "hidden" or item.value or not item.required:
            pairs.append((item.name, item.value))
        else:
            value = text_for(item, n, prospect_email)
            pairs.append(
                (item.name, value[: item.maxlength] if item.maxlength else value)
            )
    return pairs


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
