"""Possible duplicates: found after a request is committed, never in its way,
reviewed side by side, merged with history, undone, or dismissed."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from leads.models import DuplicatePair, Lead, LeadEvent, Merge, Prospect
from leads.services import merges
from leads.services.duplicates import recheck_recent, similar_names
from leads.services.privacy import erase_prospect
from leads.services.roles import EDITORS, SALES, SALES_MANAGERS
from tests.support.factories import LeadFactory, ProspectFactory
from tests.support.lead_form import send_request
from tests.support.mfa import verified_app
from tests.support.privacy import rows_containing
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db

LIST = reverse("leads:duplicates")


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run what waits for the commit, as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def request_from(django_app, mali, committing):
    """Send a request through the form as this person, committed."""

    def send(email, full_name="Amara Diallo", organisation="Kilima Mining"):
        with committing():
            response = send_request(
                django_app,
                mali,
                email=email,
                full_name=full_name,
                organisation=organisation,
            )
        assert response.status_code == 302
        return Lead.objects.latest("pk")

    return send


def pairs():
    return {
        (pair.prospect.email, pair.other.email, tuple(pair.reasons))
        for pair in DuplicatePair.objects.select_related("prospect", "other")
    }


def test_the_same_address_in_another_case_is_one_prospect(request_from):
    request_from("Amara@Kilima.example")
    request_from("amara@KILIMA.EXAMPLE")
    assert Prospect.objects.count() == 1
    assert not DuplicatePair.objects.exists()


def test_a_plus_address_is_a_possible_duplicate_even_at_a_webmail(request_from):
    request_from("amara@gmail.com", organisation="Kilima")
    request_from("Amara+ASA@gmail.com", full_name="A. D.", organisation="Freelance")
    assert pairs() == {("amara@gmail.com", "Amara+ASA@gmail.com", ("mailbox",))}


def test_a_near_identical_name_at_the_same_organisation_is_a_possible_duplicate(
    request_from,
):
    request_from("amara@kilima.example", full_name="Amara Diallo")
    request_from("a.diallo@kilima.example", full_name="DIALLO, Amara")
    request_from(
        "ngozi@gmail.com", full_name="Amara Dialo", organisation="Kilima Mining Ltd"
    )
    request_from("aminata@kilima.example", full_name="Aminata Diallo")
    request_from("amara@sahel.example", full_name="Amara Diallo", organisation="Sahel")
    assert pairs() == {
        ("amara@kilima.example", "a.diallo@kilima.example", ("name",)),
        ("amara@kilima.example", "ngozi@gmail.com", ("name",)),
        ("a.diallo@kilima.example", "ngozi@gmail.com", ("name",)),
    }


@pytest.mark.parametrize(
    ("first", "second", "alike"),
    [
        ("Amara Diallo", "amara diallo", True),
        ("Amara Diallo", "Amara Dialo", True),
        ("Amara Diallo", "Diallo Amara", True),
        ("Mohamed Traoré", "Mohammed Traore", True),
        ("Amara Diallo", "Aminata Diallo", False),
        ("Jean Dupont", "Jeanne Dupont", False),
        ("Kofi Mensah", "Amara Diallo", False),
    ],
)
def test_names_are_near_identical_when_only_a_letter_or_the_order_differs(
    first, second, alike
):
    assert similar_names(first, second) is alike


def test_a_duplicate_request_is_accepted_as_any_other(
    django_app, mali, committing, django_capture_on_commit_callbacks
):
    ProspectFactory(email="amara@kilima.example")
    # Looking for duplicates waits for the commit, and no broker: it cannot
    # refuse the request nor hold it up on a broker that hangs.
    with django_capture_on_commit_callbacks() as waiting:
        response = send_request(django_app, mali, email="amara+rfi@kilima.example")
    assert not DuplicatePair.objects.exists()
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert response["Location"] == f"/request-for-interest/thanks/{lead.reference}/"
    assert lead.status == "new" and lead.response_due_at is not None
    assert set(lead.emails.values_list("kind", flat=True)) == {
        "analyst_alert",
        "acknowledgement",
    }
    for callback in waiting:
        callback()
    assert pairs() == {
        ("amara@kilima.example", "amara+rfi@kilima.example", ("mailbox",))
    }


def test_beat_finds_what_was_not_looked_at_after_the_commit():
    older = LeadFactory(prospect=ProspectFactory(email="amara@kilima.example"))
    newer = LeadFactory(prospect=ProspectFactory(email="amara+x@kilima.example"))
    assert recheck_recent() == 2
    assert DuplicatePair.objects.get().other == newer.prospect != older.prospect


def review(app, pair):
    """The pair's page, reached from the review list."""
    row = next(
        row
        for row in app.get(LIST).html.select("#pairs tbody tr")
        if row.find("a", href=reverse("leads:duplicate", args=[pair.pk]))
    )
    assert row
    return app.get(reverse("leads:duplicate", args=[pair.pk]))


def button(page, action):
    return next(form for form in page.forms.values() if form.action.endswith(action))


@pytest.fixture
def pair(request_from):
    older = request_from("amara@kilima.example", full_name="Amara Diallo")
    request_from("amara@kilima.example")  # a second request of the same person
    newer = request_from("amara+rfi@kilima.example", full_name="Amara Dialo")
    pair = DuplicatePair.objects.get()
    assert (pair.prospect, pair.other) == (older.prospect, newer.prospect)
    return pair


def test_the_lead_page_shows_the_possible_duplicate(sales_app, pair):
    lead = Lead.objects.filter(prospect=pair.other).get()
    page = sales_app.get(reverse("admin:leads_lead_change", args=[lead.pk]))
    field = page.html.select_one(".field-duplicates").text
    assert "amara@kilima.example" in field and "To review" in field
    assert "the same mailbox but for a +tag" in field
    assert (
        page.click(href=reverse("leads:duplicate", args=[pair.pk])).status_code == 200
    )


def test_a_pair_is_shown_side_by_side(sales_app, pair):
    page = review(sales_app, pair)
    older, newer = page.html.select("#side-by-side section")
    assert "Older prospect, kept" in older.text and "Amara Diallo" in older.text
    assert len(older.select("dl")) == 2
    assert "amara+rfi@kilima.example" in newer.text and "Amara Dialo" in newer.text
    assert "the same mailbox but for a +tag" in page.html.select_one("#reasons").text


def test_a_merge_moves_the_newer_prospects_requests_with_their_history(
    sales_app, sales, pair
):
    moved = Lead.objects.get(prospect=pair.other)

    page = button(review(sales_app, pair), "/merge/").submit().follow()

    assert "Merged" in page.html.select_one(".messagelist").text
    moved.refresh_from_db()
    assert moved.prospect == pair.prospect
    assert Lead.objects.filter(prospect=pair.prospect).count() == 3
    merge = Merge.objects.get()
    assert (merge.kept, merge.merged, merge.lead_ids, merge.merged_by) == (
        pair.prospect,
        pair.other,
        [moved.pk],
        sales,
    )
    pair.refresh_from_db()
    assert (pair.state, pair.reviewed_by) == ("merged", sales)
    assert Prospect.objects.get(pk=pair.other_id).merged_into == pair.prospect
    event = LeadEvent.objects.get(lead=moved)
    assert (event.kind, event.actor, event.old_value, event.new_value) == (
        "merged",
        sales,
        "amara+rfi@kilima.example",
        "amara@kilima.example",
    )
    history = sales_app.get(reverse("admin:leads_lead_change", args=[moved.pk]))
    assert "Merged with another prospect" in history.text
    listing = sales_app.get(LIST)
    assert not listing.html.select("#pairs")
    assert "amara+rfi@kilima.example" in listing.html.select_one("#merges").text


def test_an_undone_merge_moves_the_requests_back_and_records_it(sales_app, sales, pair):
    moved = Lead.objects.get(prospect=pair.other)
    button(review(sales_app, pair), "/merge/").submit()

    merges = sales_app.get(LIST)
    page = button(merges, "/undo/").submit().follow()

    assert "Merge undone" in page.text
    moved.refresh_from_db()
    assert moved.prospect == pair.other
    assert Prospect.objects.get(pk=pair.other_id).merged_into is None
    merge = Merge.objects.get()
    assert merge.undone_by == sales and merge.undone_at is not None
    assert list(LeadEvent.objects.filter(lead=moved).values_list("kind", "actor")) == [
        ("merged", sales.pk),
        ("unmerged", sales.pk),
    ]
    pair.refresh_from_db()
    assert pair.state == "open"
    assert "Undone by Samuel Mensah" in sales_app.get(LIST).text
    # To review again: it may be dismissed now.
    button(review(sales_app, pair), "/dismiss/").submit()
    pair.refresh_from_db()
    assert pair.state == "dismissed"


def test_a_request_from_a_merged_address_follows_the_merge_and_its_undo(
    sales_app, pair, request_from
):
    button(review(sales_app, pair), "/merge/").submit()

    later = request_from("AMARA+rfi@kilima.example")

    assert later.prospect == pair.prospect
    assert LeadEvent.objects.get(lead=later).kind == "merged"
    assert later.pk in Merge.objects.get().lead_ids
    button(sales_app.get(LIST), "/undo/").submit()
    later.refresh_from_db()
    assert later.prospect == pair.other
    assert Lead.objects.filter(prospect=pair.other).count() == 2


def test_a_dismissed_pair_is_never_proposed_again(sales_app, sales, pair, request_from):
    page = button(review(sales_app, pair), "/dismiss/").submit().follow()
    assert "will not be proposed again" in page.text
    pair.refresh_from_db()
    assert (pair.state, pair.reviewed_by) == ("dismissed", sales)

    request_from("amara+rfi@kilima.example", full_name="Amara Dialo")
    assert DuplicatePair.objects.get().state == "dismissed"
    assert "Nothing to review" in sales_app.get(LIST).text


def test_two_people_deciding_on_the_same_pair_learn_that_one_was_first(
    sales_app, django_app_factory, pair
):
    manager = verified_app(django_app_factory(), staff_user(SALES_MANAGERS))
    mine, theirs = review(sales_app, pair), review(manager, pair)

    button(mine, "/merge/").submit()
    answer = button(theirs, "/merge/").submit().follow()

    assert "Someone has reviewed this pair already: Merged." in answer.text
    assert Merge.objects.count() == 1
    answer = button(theirs, "/dismiss/").submit().follow()
    assert "reviewed this pair already" in answer.text
    pair.refresh_from_db()
    assert pair.state == "merged"


def test_a_merge_moved_again_is_undone_after_the_later_one(sales_app, request_from):
    oldest = request_from("amara@kilima.example").prospect
    middle = request_from("amara+a@kilima.example").prospect
    newest = request_from("amara+b@kilima.example").prospect
    first = DuplicatePair.objects.get(prospect=middle, other=newest)
    second = DuplicatePair.objects.get(prospect=oldest, other=middle)
    button(review(sales_app, first), "/merge/").submit()
    button(review(sales_app, second), "/merge/").submit()
    assert Lead.objects.filter(prospect=oldest).count() == 3

    earlier = Merge.objects.get(merged=newest)
    undo = reverse("leads:undo_merge", args=[earlier.pk])
    page = button(sales_app.get(LIST), undo).submit().follow()
    assert "undo that one first" in page.text

    later = Merge.objects.get(merged=middle)
    button(sales_app.get(LIST), reverse("leads:undo_merge", args=[later.pk])).submit()
    button(sales_app.get(LIST), undo).submit()
    assert [
        Lead.objects.filter(prospect=p).count() for p in (oldest, middle, newest)
    ] == [1, 1, 1]


def test_erasing_a_merged_person_erases_every_address_they_had(sales_app, pair):
    button(review(sales_app, pair), "/merge/").submit()
    with pytest.raises(ValidationError, match="erase that one"):
        erase_prospect(pair.other, by=None)

    erase_prospect(pair.prospect, by=None)

    for trace in ("amara@kilima.example", "amara+rfi@kilima.example", "Dialo"):
        assert rows_containing(trace) == [], trace
    assert Prospect.objects.get(pk=pair.other_id).erased_at is not None
    page = button(sales_app.get(LIST), "/undo/").submit().follow()
    assert "nothing to move back" in page.text


def many_pairs(n):
    for i in range(n):
        older = ProspectFactory(email=f"person{i}@kilima.example")
        newer = ProspectFactory(email=f"person{i}+x@kilima.example")
        LeadFactory(prospect=older)
        LeadFactory(prospect=newer)
        DuplicatePair.objects.create(prospect=older, other=newer, reasons=["mailbox"])
        Merge.objects.create(kept=older, merged=ProspectFactory(), lead_ids=[i])


# Session, user, second factor, permissions (2); the list: the count, the
# pairs, their prospects' requests (2), the latest merges; a pair: itself, the
# requests of each prospect with their countries and sectors (3 each), its
# merge.
LIST_QUERIES = 10
PAIR_QUERIES = 13


@pytest.mark.parametrize("more", [0, 49])
def test_the_review_pages_cost_the_same_queries_for_1_and_50(
    sales_client, django_assert_num_queries, more
):
    many_pairs(1 + more)
    pair = DuplicatePair.objects.first()
    for _ in range(more):
        LeadFactory(prospect=pair.prospect)
    with django_assert_num_queries(LIST_QUERIES):
        listing = sales_client.get(LIST)
    assert listing.content.decode().count("Review side by side") == 1 + more
    with django_assert_num_queries(PAIR_QUERIES):
        page = sales_client.get(reverse("leads:duplicate", args=[pair.pk]))
    assert page.content.decode().count("<dl") == 2 + more


@pytest.mark.parametrize(
    ("role", "status"), [(EDITORS, 403), (SALES, 200), (SALES_MANAGERS, 200)]
)
def test_reviewing_duplicates_is_for_sales(django_app, sales_app, pair, role, status):
    """Each role's GETs, and the buttons sales see sent with that role's
    session (editors never see them)."""
    merge_form = button(review(sales_app, pair), "/merge/")
    dismiss_form = button(review(sales_app, pair), "/dismiss/")
    app = verified_app(django_app, staff_user(role, "reviewer"))
    assert app.get(LIST, status=status).status_code == status
    url = reverse("leads:duplicate", args=[pair.pk])
    assert app.get(url, status=status).status_code == status

    for form in (merge_form, dismiss_form):
        expected = 403 if role == EDITORS else 302
        assert form.submit(status=expected).status_code == expected
    pair.refresh_from_db()
    assert pair.state == ("open" if role == EDITORS else "merged")


def test_editors_cannot_undo_a_merge(django_app, sales_app, pair):
    button(review(sales_app, pair), "/merge/").submit()
    undo = button(sales_app.get(LIST), "/undo/")
    verified_app(django_app, staff_user(EDITORS))
    undo.submit(status=403)
    assert Merge.objects.get().undone_at is None


def test_anonymous_visitors_are_sent_to_the_login(django_app, sales_app, pair):
    merge_form = button(review(sales_app, pair), "/merge/")
    sales_app.get(LIST).forms["logout-form"].submit()
    for url in (LIST, reverse("leads:duplicate", args=[pair.pk])):
        assert django_app.get(url).location.startswith(reverse("admin:login"))
    assert merge_form.submit().location.startswith(reverse("admin:login"))
    pair.refresh_from_db()
    assert pair.state == "open"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("second", ["merge", "dismiss"])
def test_two_decisions_at_the_same_instant_make_one(postgres, second):
    """On PostgreSQL, in two connections at once: the row locks let one
    decision through and tell the other."""
    older = LeadFactory(prospect=ProspectFactory(email="amara@kilima.example"))
    newer = LeadFactory(prospect=ProspectFactory(email="amara+x@kilima.example"))
    pair = DuplicatePair.objects.create(
        prospect=older.prospect, other=newer.prospect, reasons=["mailbox"]
    )
    people = [staff_user(SALES, "first"), staff_user(SALES, "second")]
    start = threading.Barrier(2)

    def decide(action, user):
        start.wait()
        try:
            getattr(merges, action)(pair, by=user)
            return "done"
        except ValidationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(decide, ["merge", second], people, timeout=30))

    assert sorted(outcomes) == ["done", "reviewed"]
    pair.refresh_from_db()
    assert Merge.objects.count() == (pair.state == "merged")
    assert Lead.objects.filter(prospect=older.prospect).count() == (
        2 if pair.state == "merged" else 1
    )
