"""What sales decide about a possible duplicate: merge the two prospects, or
say they are not the same person; and undo a merge that was wrong.

A merge moves the newer prospect's requests to the older one, which is kept;
the newer one stays, marked `merged_into`, so that the merge can be undone.
Each function runs in a transaction and locks what it reads before deciding
(the pair or the merge, then both prospects in the order of their ids, then
the requests), so two people acting on the same pair at once find out that
the other was first.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import DuplicatePair, Lead, LeadEvent, Merge, Prospect


def _locked_pair(pair):
    current = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
    if current.state != DuplicatePair.State.OPEN:
        raise ValidationError(
            _("Someone has reviewed this pair already: %(state)s.")
            % {"state": current.get_state_display()},
            code="reviewed",
        )
    return current


def _locked_prospects(*prospects):
    """Fresh copies, locked in the order of their ids (no deadlock)."""
    locked = {
        prospect.pk: prospect
        for prospect in Prospect.objects.select_for_update()
        .filter(pk__in=[prospect.pk for prospect in prospects])
        .order_by("pk")
    }
    return [locked[prospect.pk] for prospect in prospects]


def _review(pair, state, by):
    pair.state, pair.reviewed_by, pair.reviewed_at = state, by, timezone.now()
    pair.save(update_fields=["state", "reviewed_by", "reviewed_at"])


def _move(lead_ids, *, to, kind, by, source):
    Lead.objects.filter(pk__in=lead_ids).update(prospect=to, updated_at=timezone.now())
    LeadEvent.objects.bulk_create(
        LeadEvent(
            lead_id=lead_id,
            kind=kind,
            actor=by,
            old_value=source.email[:200],
            new_value=to.email[:200],
        )
        for lead_id in lead_ids
    )


@transaction.atomic
def merge(pair: DuplicatePair, *, by) -> Merge:
    """Move the newer prospect's requests to the older one (the pair names
    the older first), each move in the request's history."""
    pair = _locked_pair(pair)
    kept, merged = _locked_prospects(pair.prospect, pair.other)
    if kept.merged_into_id or merged.merged_into_id:
        raise ValidationError(
            _("One of them was merged into someone else since: undo that first."),
            code="merged_elsewhere",
        )
    if kept.erased_at or merged.erased_at:
        raise ValidationError(
            _("One of them was erased: there is nothing to merge."), code="erased"
        )
    lead_ids = list(
        Lead.objects.select_for_update()
        .filter(prospect=merged)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    _move(lead_ids, to=kept, kind=LeadEvent.Kind.MERGED, by=by, source=merged)
    Prospect.objects.filter(pk=merged.pk).update(merged_into=kept)
    _review(pair, DuplicatePair.State.MERGED, by)
    return Merge.objects.create(
        kept=kept, merged=merged, lead_ids=lead_ids, merged_by=by
    )


@transaction.atomic
def dismiss(pair: DuplicatePair, *, by) -> DuplicatePair:
    """Not the same person: the pair is never proposed again."""
    pair = _locked_pair(pair)
    _review(pair, DuplicatePair.State.DISMISSED, by)
    return pair


@transaction.atomic
def undo(merge: Merge, *, by) -> Merge:
    """Move back every request the merge moved (with those that arrived from
    the merged address since), each move in the request's history; their
    pair is to review again."""
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError(_("This merge was undone already."), code="undone")
    kept, merged = _locked_prospects(merge.kept, merge.merged)
    if kept.erased_at or merged.erased_at:
        raise ValidationError(
            _("Their personal data was erased: there is nothing to move back."),
            code="erased",
        )
    leads = dict(
        Lead.objects.select_for_update()
        .filter(pk__in=merge.lead_ids)
        .values_list("pk", "prospect")
    )
    if any(prospect != kept.pk for prospect in leads.values()):
        raise ValidationError(
            _(
                "Some of these requests were moved again by a later merge: "
                "undo that one first."
            ),
            code="moved_again",
        )
    _move(sorted(leads), to=merged, kind=LeadEvent.Kind.UNMERGED, by=by, source=kept)
    Prospect.objects.filter(pk=merged.pk).update(merged_into=None)
    DuplicatePair.objects.filter(
        prospect=min(kept.pk, merged.pk), other=max(kept.pk, merged.pk)
    ).update(state=DuplicatePair.State.OPEN, reviewed_by=None, reviewed_at=None)
    merge.undone_by, merge.undone_at = by, timezone.now()
    merge.save(update_fields=["undone_by", "undone_at"])
    return merge


def follow(lead: Lead) -> None:
    """A request that arrived from a merged prospect's address goes where
    their requests went, as if the merge had moved it: an undo moves it back.

    Called by intake, in its transaction, for a request whose prospect was
    merged; a chain of merges is followed to its end.
    """
    while lead.prospect.merged_into_id:
        merge = (
            Merge.objects.select_for_update()
            .select_related("kept")
            .get(merged=lead.prospect, undone_at=None)
        )
        merge.lead_ids.append(lead.pk)
        merge.save(update_fields=["lead_ids"])
        _move(
            [lead.pk],
            to=merge.kept,
            kind=LeadEvent.Kind.MERGED,
            by=None,
            source=lead.prospect,
        )
        lead.prospect = merge.kept


def absorbed(prospect: Prospect) -> list[Prospect]:
    """The prospects merged into this one, directly or through another, locked."""
    found, frontier = [], [prospect.pk]
    while frontier:
        batch = list(
            Prospect.objects.select_for_update().filter(merged_into__in=frontier)
        )
        found += batch
        frontier = [other.pk for other in batch]
    return found
