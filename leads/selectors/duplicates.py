"""Possible duplicates as sales review them: the pairs to review, the last
merges, and two prospects side by side, in a fixed number of queries."""

from django.db.models import Prefetch

from ..models import DuplicatePair, Lead, Merge

MERGES_SHOWN = 20


def to_review():
    """Open pairs whose prospects are both still there to merge: a pair
    with a prospect merged elsewhere waits until that merge is undone."""
    return (
        DuplicatePair.objects.filter(
            state=DuplicatePair.State.OPEN,
            prospect__merged_into=None,
            other__merged_into=None,
            prospect__erased_at=None,
            other__erased_at=None,
        )
        .select_related("prospect__organisation", "other__organisation")
        .prefetch_related(
            Prefetch("prospect__leads", queryset=_latest_first()),
            Prefetch("other__leads", queryset=_latest_first()),
        )
    )


def _latest_first():
    return Lead.objects.only(
        "prospect", "reference", "full_name", "organisation", "job_title", "created_at"
    ).order_by("-created_at", "-pk")


def side_by_side():
    """Pairs with all their prospects' requests (countries and sectors too)."""
    requests = Lead.objects.select_related("assignee").prefetch_related(
        "countries", "sectors"
    )
    return DuplicatePair.objects.select_related(
        "prospect__organisation", "other__organisation", "reviewed_by"
    ).prefetch_related(
        Prefetch("prospect__leads", queryset=requests.order_by("-created_at")),
        Prefetch("other__leads", queryset=requests.order_by("-created_at")),
    )


def merge_of(pair):
    """The last merge of this pair, if any."""
    return (
        Merge.objects.filter(kept=pair.prospect_id, merged=pair.other_id)
        .select_related("merged_by", "undone_by")
        .first()
    )


def recent_merges():
    return Merge.objects.select_related(
        "kept", "merged", "merged_by", "undone_by"
    ).order_by("-merged_at", "-pk")[:MERGES_SHOWN]
