"""Prospects who look like one person, found for sales to review.

The same address in another case is already one prospect. Two prospects are
a possible duplicate when their addresses reach one mailbox but for a +tag
(Prospect.email_key), or when they are at the same organisation under
near-identical names: compared in lower case, without accents or punctuation,
in any order ("Diallo, Amara" is "Amara Diallo"), at a difflib ratio of
NAME_SIMILARITY or more ("Amara Dialo", not "Aminata Diallo").

Looking is never part of a request's transaction: intake looks once the
request is committed (find_later), in a couple of indexed queries, without a
broker that could hang, and an error there is logged, never shown to the
prospect. Beat looks again at the last requests' prospects (recheck_recent)
for what a process that died in between, or two requests committed at the
same instant, left unseen; `manage.py group_prospects` looks at everyone.
"""

import logging
from datetime import timedelta
from difflib import SequenceMatcher

from django.db import transaction
from django.utils import timezone

from ..models import DuplicatePair, Lead, Prospect
from .organisations import folded

logger = logging.getLogger(__name__)

NAME_SIMILARITY = 0.92
RECHECK_WINDOW = timedelta(hours=2)


def normalise_person(name: str) -> str:
    letters = "".join(c if c.isalnum() else " " for c in folded(name))
    return " ".join(sorted(letters.split()))


def similar_names(first: str, second: str) -> bool:
    a, b = normalise_person(first), normalise_person(second)
    return bool(a and b) and SequenceMatcher(None, a, b).ratio() >= NAME_SIMILARITY


def find_later(prospect: Prospect) -> None:
    """Look for the prospect's duplicates once the caller's transaction commits."""
    prospect_id = prospect.pk
    # A lambda, not a partial: a robust hook's error is logged by its __qualname__.
    transaction.on_commit(lambda: find(prospect_id), robust=True)


def candidates():
    """Prospects who can be one of a pair: not merged away, not erased."""
    return Prospect.objects.filter(merged_into=None, erased_at=None)


def find(prospect_id: int) -> int:
    """Record the pairs this prospect makes with others (a pair seen before,
    even dismissed, is left as it is); returns how many it makes."""
    prospect = candidates().filter(pk=prospect_id).first()
    if prospect is None:
        return 0
    reasons = {}
    for other in (
        candidates().filter(email_key=prospect.email_key).exclude(pk=prospect.pk)
    ):
        reasons.setdefault(other.pk, []).append(DuplicatePair.Reason.MAILBOX)
    if prospect.organisation_id is not None:
        for other in _namesakes(prospect):
            reasons.setdefault(other, []).append(DuplicatePair.Reason.NAME)
    return _record(prospect.pk, reasons)


def _namesakes(prospect):
    """The prospects at the same organisation under a near-identical name."""
    names = list(
        Lead.objects.filter(
            prospect__in=candidates().filter(organisation=prospect.organisation_id)
        )
        .values_list("prospect", "full_name")
        .distinct()
    )
    own = [name for pk, name in names if pk == prospect.pk]
    return {
        pk
        for pk, name in names
        if pk != prospect.pk and any(similar_names(name, mine) for mine in own)
    }


def _record(prospect_id, reasons):
    pairs = [
        DuplicatePair(
            prospect_id=min(prospect_id, other),
            other_id=max(prospect_id, other),
            reasons=why,
        )
        for other, why in reasons.items()
    ]
    DuplicatePair.objects.bulk_create(pairs, ignore_conflicts=True)
    if pairs:
        logger.info(
            "Prospect %s: %s possible duplicates",
            prospect_id,
            len(pairs),
            extra={"prospect_id": prospect_id},
        )
    return len(pairs)


def recheck_recent(now=None) -> int:
    """Look again at the prospects of the last requests, whose doorbell a
    broker may have lost; returns how many were looked at."""
    since = (now or timezone.now()) - RECHECK_WINDOW
    recent = set(
        Lead.objects.filter(created_at__gte=since).values_list("prospect", flat=True)
    )
    for prospect_id in sorted(recent):
        find(prospect_id)
    return len(recent)


def find_all() -> int:
    """Look at every prospect; returns how many pairs there are to review."""
    for prospect_id in candidates().order_by("pk").values_list("pk", flat=True):
        find(prospect_id)
    return DuplicatePair.objects.filter(state=DuplicatePair.State.OPEN).count()
