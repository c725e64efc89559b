"""Response deadlines in business hours (Monday to Friday, 09:00-17:00 UTC)."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from leads.services.deadlines import BusinessHours, response_deadlines

UTC = datetime.UTC
HOURS = BusinessHours.parse("09:00-17:00", UTC)


def at(day, hour, minute=0):
    """A moment in the week of Monday 2026-11-23."""
    monday = datetime.datetime(2026, 11, 23, tzinfo=UTC)
    return monday + datetime.timedelta(days=day, hours=hour, minutes=minute)


MONDAY, TUESDAY, WEDNESDAY, FRIDAY, SATURDAY, SUNDAY = 0, 1, 2, 4, 5, 6


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        # Within one working day.
        (at(MONDAY, 9), 8, at(MONDAY, 17)),
        (at(MONDAY, 10, 30), 2, at(MONDAY, 12, 30)),
        # Spills into the next working day.
        (at(MONDAY, 16), 8, at(TUESDAY, 16)),
        (at(TUESDAY, 13), 16, at(WEDNESDAY + 1, 13)),
        # Before opening: the clock starts at 09:00.
        (at(MONDAY, 6), 1, at(MONDAY, 10)),
        # After closing: the clock starts the next morning.
        (at(MONDAY, 20), 1, at(TUESDAY, 10)),
        # Friday afternoon runs over the weekend.
        (at(FRIDAY, 16), 8, at(FRIDAY + 3, 16)),
        # Weekend arrivals wait for Monday.
        (at(SATURDAY, 11), 8, at(SATURDAY + 2, 17)),
        (at(SUNDAY, 23, 59), 0.5, at(SUNDAY + 1, 9, 30)),
        # A long window crosses a whole week.
        (at(MONDAY, 9), 48, at(MONDAY + 7, 17)),
    ],
)
def test_deadline_counts_only_business_hours(start, hours, due):
    assert HOURS.add(start, hours) == due


def test_business_hours_follow_the_time_zone():
    lagos = datetime.timezone(datetime.timedelta(hours=1))
    hours = BusinessHours.parse("09:00-17:00", lagos)
    # 16:00 UTC is 17:00 in Lagos: closed, so the next morning at 09:00 there.
    assert hours.add(at(MONDAY, 16), 1) == datetime.datetime(
        2026, 11, 24, 10, tzinfo=lagos
    )


def test_response_and_escalation_deadlines_come_from_the_settings(settings):
    settings.LEADS_RESPONSE_HOURS = 4
    settings.LEADS_BUSINESS_HOURS = "08:00-12:00"
    due, escalation = response_deadlines(at(MONDAY, 8))
    assert due == at(MONDAY, 12)
    assert escalation == at(TUESDAY, 12)


@pytest.mark.parametrize(
    "text", ["9-17", "17:00-09:00", "09:00-25:00", "", "0900-1700"]
)
def test_badly_written_business_hours_are_refused(text):
    with pytest.raises(ValueError):
        BusinessHours.parse(text, UTC)


def test_the_system_check_stops_a_typo_in_the_business_hours(settings):
    settings.LEADS_BUSINESS_HOURS = "nine to five"
    with pytest.raises(ImproperlyConfigured):
        BusinessHours.from_settings()
    with pytest.raises(SystemCheckError, match="leads.E001"):
        call_command("check")
