"""Reading an HTML form and filling it in as a careful person would.

Fill in what a person must (fields marked required, and one choice in each
group of checkboxes, which Django never marks required), send back what the
page set (hidden tokens, pre-selected choices) and leave the rest empty: the
honeypot included.
"""

import time
from dataclasses import dataclass, field
from html.parser import HTMLParser

FIRST_NAMES = ["Amara", "Kwame", "Fatou", "Tendai", "Nadia", "Joseph", "Leila"]
LAST_NAMES = ["Diallo", "Mensah", "Okafor", "Moyo", "Haddad", "Kamau", "Traore"]
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
