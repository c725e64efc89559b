from unittest import mock

import pytest
from django.utils import timezone

from briefings.models import Briefing
from tests.support.factories import BriefingFactory

pytestmark = pytest.mark.django_db


def test_published_includes_only_past_published_briefings():
    live = BriefingFactory()
    BriefingFactory(draft=True)
    BriefingFactory(scheduled=True)
    BriefingFactory(draft=True, scheduled=True)

    assert list(Briefing.objects.published()) == [live]


def test_scheduled_briefing_appears_by_itself_when_its_date_comes():
    briefing = BriefingFactory(scheduled=True)
    assert briefing not in Briefing.objects.published()
    assert list(Briefing.objects.scheduled()) == [briefing]

    later = briefing.published_at + timezone.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert list(Briefing.objects.published()) == [briefing]
        assert briefing.is_published


def test_draft_with_a_past_date_is_not_published():
    briefing = BriefingFactory(draft=True)

    assert not briefing.is_published
    assert not briefing.is_scheduled
    assert list(Briefing.objects.drafts()) == [briefing]


def test_published_is_newest_first():
    old = BriefingFactory(published_at=timezone.now() - timezone.timedelta(days=3))
    new = BriefingFactory(published_at=timezone.now() - timezone.timedelta(days=1))

    assert list(Briefing.objects.published()) == [new, old]
