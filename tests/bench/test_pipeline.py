"""Matching received emails to the leads that caused them."""

from email.message import EmailMessage

import pytest

from bench.mailbox import Message
from bench.pipeline import Lead, match, measure


def message(arrived, recipients, subject, body="", encoding=None):
    email = EmailMessage()
    email["Subject"] = subject
    email["To"] = ", ".join(recipients)
    email.set_content(body, cte=encoding) if encoding else email.set_content(body)
    return Message(arrived, tuple(recipients), email.as_bytes())


class FakeMailbox:
    def __init__(self, messages):
        self.messages = messages

    def since(self, index):
        return self.messages[index:]


LEADS = [
    Lead("a@example.com", "REF-AAA1", submitted=10.0),
    Lead("b@example.com", "REF-BBB2", submitted=11.0),
]


def test_acknowledgement_by_recipient_and_alert_by_reference_or_address():
    messages = [
        message(10.2, ["a@example.com"], "Your request"),
        message(10.3, ["analyst@example.com"], "New lead REF-AAA1"),
        message(11.4, ["b@example.com"], "Thanks"),
        # quoted-printable body: the address is found once decoded
        message(11.5, ["sales@example.com"], "New lead", "From b@example.com",
                encoding="quoted-printable"),
    ]  # fmt: skip
    result = measure(FakeMailbox(messages), LEADS, [], submitted=2, first_index=0)
    assert result.missing_acknowledgements == result.missing_alerts == 0
    assert result.duplicates == result.unmatched == 0
    assert sorted(result.latencies) == pytest.approx([0.2, 0.3, 0.4, 0.5])


def test_missing_duplicated_and_stray_emails_are_counted():
    messages = [
        message(10.2, ["a@example.com"], "Your request"),
        message(10.3, ["analyst@example.com"], "New lead REF-AAA1"),
        message(12.0, ["analyst@example.com"], "New lead REF-AAA1"),  # redelivered
        message(11.9, ["someone@example.com"], "Unrelated"),
    ]
    result = measure(FakeMailbox(messages), LEADS, ["200: fields x"], 3, 0)
    assert result.accepted == 2 and result.submitted == 3
    assert result.duplicates == 1
    assert result.unmatched == 1
    assert result.missing_acknowledgements == 1  # b never acknowledged
    assert result.missing_alerts == 1
    assert result.as_dict()["rejected_examples"] == ["200: fields x"]


def test_first_index_skips_earlier_messages():
    messages = [
        message(1.0, ["a@example.com"], "old"),
        message(10.5, ["x@y.z"], "REF-BBB2"),
    ]
    matched = match(FakeMailbox(messages).since(1), LEADS)
    assert matched["REF-AAA1"]["arrivals"] == {}
    assert matched["REF-BBB2"]["alerted"] is True
