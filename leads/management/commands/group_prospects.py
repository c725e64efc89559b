from django.core.management.base import BaseCommand

from leads.services import duplicates, organisations


class Command(BaseCommand):
    help = (
        "Group the prospects who have no organisation yet (those who arrived "
        "before organisations existed), then look for possible duplicates among "
        "all prospects. Safe to run again: run it once after the upgrade that "
        "brings organisations, and after a change to the grouping rules."
    )

    def handle(self, *args, **options):
        grouped = organisations.backfill()
        to_review = duplicates.find_all()
        self.stdout.write(
            f"{grouped} prospects grouped into organisations; "
            f"{to_review} possible duplicates to review."
        )
