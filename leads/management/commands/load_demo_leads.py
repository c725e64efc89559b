import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from briefings.models import Briefing, Country
from leads.management import demo
from leads.models import (
    SUBMITTED_FIELDS,
    Channel,
    Lead,
    LeadEvent,
    LeadNote,
    LeadRecipient,
    LostReason,
    OutgoingEmail,
    RoutingRule,
)
from leads.services import scoring, triage
from leads.services.deadlines import response_deadlines
from leads.services.intake import Source, submit_lead
from leads.services.routing import save_with_history


class Command(BaseCommand):
    help = (
        "Under local settings only: create the demo staff (editor, sales, manager), "
        "routing rules and requests for interest in various states; safe to run "
        "again. Run load_demo_content first."
    )

    def handle(self, *args, **options):
        if not settings.CREATE_DEMO_ACCOUNTS:
            self.stdout.write("Demo leads are for local settings only; nothing done.")
            return
        if not Country.objects.exists():
            raise CommandError("No countries yet: run load_demo_content first.")
        with transaction.atomic():
            staff = self.create_staff()
            self.create_routing(staff)
            created = self.create_leads(staff)
            # Backdated: their scores cool as if they had waited that long.
            scoring.rescore_all()
        self.stdout.write(
            self.style.SUCCESS(f"Demo requests for interest created: {created}.")
        )

    def create_staff(self):
        User = get_user_model()
        login_url = f"{settings.SITE_URL}/admin/"
        staff = {}
        for username, (group, first_name, last_name) in demo.STAFF.items():
            user = User.objects.filter(username=username).first()
            if user is None:
                password = secrets.token_urlsafe(12)
                user = User.objects.create_user(
                    username,
                    f"{username}@asa.example",
                    password,
                    first_name=first_name,
                    last_name=last_name,
                    is_staff=True,
                )
                user.groups.add(Group.objects.get(name=group))
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{group}: log in at {login_url} as {username} / {password}"
                    )
                )
            else:
                self.stdout.write(
                    f"{group}: the user {username} exists already; its password "
                    "is unchanged."
                )
            staff[username] = user
        return staff

    def create_routing(self, staff):
        recipients = {}
        for username, coverage in demo.RECIPIENTS.items():
            recipient, created = LeadRecipient.objects.get_or_create(
                user=staff[username], defaults={"sectors": coverage["sectors"]}
            )
            if created:
                recipient.countries.set(
                    Country.objects.filter(slug__in=coverage["countries"])
                )
            recipients[username] = recipient
        if RoutingRule.objects.exists():
            return
        for slugs, sectors, usernames, assignment in demo.ROUTING_RULES:
            countries = Country.objects.filter(slug__in=slugs)
            if slugs and not countries:
                continue
            save_with_history(
                RoutingRule(sectors=sectors, assignment=assignment),
                by=None,
                related={
                    "countries": countries,
                    "recipients": [recipients[name] for name in usernames],
                },
            )

    def create_leads(self, staff):
        now = timezone.now()
        created = 0
        for data in demo.LEADS:
            if Lead.objects.filter(email=data["email"]).exists():
                continue
            channel = data.get("channel", Channel.WEB)
            lead = submit_lead(
                submitted={
                    "phone": "",
                    "marketing_opt_in": False,
                    **{name: data[name] for name in SUBMITTED_FIELDS if name in data},
                    "countries": Country.objects.filter(slug__in=data["countries"]),
                },
                sectors=data["sectors"],
                # Only the web form shows the privacy notice.
                privacy_notice_version=settings.LEADS_PRIVACY_NOTICE_VERSION
                if channel == Channel.WEB
                else "",
                source=Source(
                    briefing=Briefing.objects.filter(slug=data["briefing"]).first()
                ),
                channel=channel,
            )
            self.work_on(lead, data, staff)
            # Demo emails are not sent: the outbox shows them as delivered.
            lead.emails.update(state=OutgoingEmail.State.SENT, sent_at=now)
            self.backdate(
                lead,
                now - timedelta(days=data["days_ago"]),
                data.get("hours_to_answer", 0),
            )
            created += 1
        return created

    def work_on(self, lead, data, staff):
        """What sales did with it, through the same services as the admin."""
        worker = staff["manager"]
        if "assignee" in data:
            assignee = staff.get(data["assignee"]) if data["assignee"] else None
            triage.assign(lead, assignee, by=worker)
        if status := data.get("status"):
            reason = LostReason.objects.filter(name="Budget").first()
            triage.set_status(lead, status, by=worker, lost_reason=reason)
        for text in data.get("notes", []):
            triage.add_note(lead, text, by=staff.get(data.get("assignee")) or worker)

    def backdate(self, lead, received, hours_to_answer):
        """Move the request and its history back to when it notionally came in."""
        fields = {"created_at": received, "updated_at": received}
        if lead.response_due_at:
            fields["response_due_at"], fields["escalation_due_at"] = response_deadlines(
                received
            )
        lead.refresh_from_db(fields=["first_response_at"])
        if lead.first_response_at:
            fields["first_response_at"] = received + timedelta(hours=hours_to_answer)
        Lead.objects.filter(pk=lead.pk).update(**fields)
        for step, event in enumerate(lead.events.order_by("pk"), start=1):
            LeadEvent.objects.filter(pk=event.pk).update(
                created_at=received + timedelta(hours=2 * step)
            )
            if event.note_id:
                LeadNote.objects.filter(pk=event.note_id).update(
                    created_at=received + timedelta(hours=2 * step)
                )
