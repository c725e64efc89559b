"""The pipeline board: leads by stage, with the count and value of each, in a
constant number of queries however many leads there are."""

from dataclasses import dataclass, field

from django.db.models import Count, Sum

from ..models import Lead, LeadStatus

STAGES = [
    LeadStatus.NEW,
    LeadStatus.CONTACTED,
    LeadStatus.QUALIFIED,
    LeadStatus.PROPOSAL_SENT,
    LeadStatus.WON,
    LeadStatus.LOST,
]
CARDS_PER_STAGE = 20


@dataclass
class Stage:
    status: LeadStatus
    count: int = 0
    values: dict = field(default_factory=dict)  # currency: total
    cards: list = field(default_factory=list)

    @property
    def more(self):
        return self.count - len(self.cards)


def board(leads=None):
    """The stages in order, each with its count, its value per currency and
    its first cards (the highest scores, then the newest)."""
    leads = (leads if leads is not None else Lead.objects.all()).order_by()
    stages = {status: Stage(status) for status in STAGES}
    for row in (
        leads.filter(status__in=STAGES)
        .values("status", "deal_currency")
        .annotate(count=Count("pk"), value=Sum("deal_value"))
    ):
        stage = stages[row["status"]]
        stage.count += row["count"]
        if row["value"]:
            stage.values[row["deal_currency"]] = row["value"]
    cards = leads.select_related("assignee").order_by("-score", "-created_at")
    for stage in stages.values():
        stage.cards = list(cards.filter(status=stage.status)[:CARDS_PER_STAGE])
    return list(stages.values())
