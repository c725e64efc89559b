"""Response deadlines, counted in business hours.

Business hours are LEADS_BUSINESS_HOURS ("09:00-17:00") in the portal's time
zone, Monday to Friday. A request that arrives on Friday at 16:00 with an
eight-hour window is due on Monday at 16:00.
"""

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

WORKING_DAYS = frozenset(range(5))  # Monday to Friday
ESCALATION_FACTOR = 2
HOURS_PATTERN = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})\Z")


@dataclass(frozen=True)
class BusinessHours:
    opening: datetime.time
    closing: datetime.time
    tz: datetime.tzinfo
    days: frozenset = WORKING_DAYS

    @classmethod
    def parse(cls, text, tz):
        """Hours written as "HH:MM-HH:MM", opening before closing."""
        match = HOURS_PATTERN.match(text.strip())
        try:
            opening_h, opening_m, closing_h, closing_m = map(int, match.groups())
            opening = datetime.time(opening_h, opening_m)
            closing = datetime.time(closing_h, closing_m)
        except (AttributeError, ValueError):
            raise ValueError(f"{text!r} is not written HH:MM-HH:MM") from None
        if opening >= closing:
            raise ValueError(f"{text!r}: opening must come before closing")
        return cls(opening, closing, tz)

    @classmethod
    def from_settings(cls):
        try:
            return cls.parse(
                settings.LEADS_BUSINESS_HOURS, ZoneInfo(settings.TIME_ZONE)
            )
        except ValueError as exc:
            raise ImproperlyConfigured(f"LEADS_BUSINESS_HOURS {exc}") from None

    def add(self, start, hours):
        """The moment `hours` business hours after `start` (an aware datetime)."""
        remaining = datetime.timedelta(hours=hours)
        day = start.astimezone(self.tz).date()
        cursor = start
        while True:
            if day.weekday() in self.days:
                opens = datetime.datetime.combine(day, self.opening, self.tz)
                closes = datetime.datetime.combine(day, self.closing, self.tz)
                begin = max(cursor, opens)
                if begin < closes:
                    if remaining <= closes - begin:
                        return begin + remaining
                    remaining -= closes - begin
            day += datetime.timedelta(days=1)
            cursor = datetime.datetime.combine(day, datetime.time(), self.tz)


def response_deadlines(received):
    """When a request received at this moment is due, and when it escalates."""
    hours = BusinessHours.from_settings()
    window = settings.LEADS_RESPONSE_HOURS
    return hours.add(received, window), hours.add(received, window * ESCALATION_FACTOR)
