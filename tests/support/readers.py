"""Readers who follow briefings, as the follow page and the emails make them."""

import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leads.models import Frequency, Subscriber

CONFIRM_LINK = re.compile(r"https?://\S+/alerts/confirm/\S+?/")


def follow_form(page):
    return page.forms["follow-form"]


def ask_to_follow(django_app, email, query="", frequency=None, commit=None):
    """Fill in and send the follow page's form (?country=<slug>&topic=<slug>
    ticks them) as a reader would; returns the response."""
    page = django_app.get(reverse("leads:follow") + query)
    form = follow_form(page)
    form["email"] = email
    if frequency:
        form["frequency"] = frequency
    return form.submit()


def confirmation_link(message):
    return CONFIRM_LINK.search(message.body)[0]


def last_email_to(address):
    return [message for message in mail.outbox if message.to == [address]][-1]


def reader(email, *, countries=(), topics=(), frequency=Frequency.EACH, **fields):
    """A reader who confirmed, following these countries and topics."""
    subscriber = Subscriber.objects.create(
        email=email,
        frequency=frequency,
        confirmed_at=fields.pop("confirmed_at", timezone.now()),
        **fields,
    )
    subscriber.countries.set(countries)
    subscriber.topics.set(topics)
    return subscriber
