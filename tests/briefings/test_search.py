"""Search: anything a reader types is answered; on PostgreSQL it is full-text,
ranked, highlighted and served by its GIN index."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from briefings.models import Briefing
from briefings.search.postgresql import INDEX_NAME
from tests.support.factories import (
    AnalystFactory,
    BriefingFactory,
    CountryFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

SEARCH = reverse("briefings:search")

HOSTILE_QUERIES = [
    '"',
    '"unclosed phrase',
    "'; DROP TABLE briefings_briefing; --",
    "& | ! ( ) : *",
    "sahel & !(mali | niger):*",
    "!!!",
    "<->",
    "-",
    "or",
    "the and of",
    "\\",
    "%_%",
    "security " * 25,  # 225 characters: over the field's limit
    "x" * 5000,
    "sahel\x00",
    "\u202egnirts",
    "😀 sahel",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_any_query_gets_an_answer_never_an_error(client, query):
    BriefingFactory(title="Sahel security outlook")

    response = client.get(SEARCH, {"q": query})

    assert response.status_code == 200


def test_over_long_query_is_cut_at_a_word_not_refused(django_app):
    publish("Lithium in Mali")
    typed = "lithium mali " + "lithium " * 40

    page = search_form(django_app, typed).submit()

    assert result_titles(page) == ["Lithium in Mali"]
    kept = page.forms["search"]["q"].value
    assert typed.startswith(kept) and len(kept) <= 200 and kept.endswith("lithium")


def publish(title, standfirst="A standfirst.", summary="A summary.", body="A body."):
    return BriefingFactory(
        title=title, standfirst=standfirst, summary=summary, body=body
    )


def result_titles(response):
    return [briefing.title for briefing in response.context["page_obj"]]


def search_form(django_app, query):
    """The search page's own form, filled in as a reader would."""
    form = django_app.get(SEARCH).forms["search"]
    form["q"] = query
    return form


def found(django_app, query):
    return sorted(result_titles(search_form(django_app, query).submit()))


def test_title_match_ranks_above_standfirst_above_text(client):
    in_body = publish("Third", body="Lithium exports through the port.")
    in_standfirst = publish("Second", standfirst="Lithium and the new mining code.")
    in_title = publish("Lithium in Mali")
    for older, briefing in enumerate((in_title, in_standfirst, in_body)):
        # Newest first would give the opposite order: the rank decides.
        Briefing.objects.filter(pk=briefing.pk).update(
            published_at=timezone.now() - timezone.timedelta(days=10 - older)
        )

    response = client.get(SEARCH, {"q": "lithium"})

    assert result_titles(response) == ["Lithium in Mali", "Second", "Third"]


def test_search_finds_word_forms_and_understands_web_syntax(client):
    publish("Convoys attacked near the border", body="Insurers raise premiums.")
    publish("Convoys resume on the northern road", body="Traffic is back.")

    def titles_for(query):
        return sorted(result_titles(client.get(SEARCH, {"q": query})))

    assert titles_for("convoy") == [
        "Convoys attacked near the border",
        "Convoys resume on the northern road",
    ]
    assert titles_for("convoys -premiums") == ["Convoys resume on the northern road"]
    assert titles_for('"northern road"') == ["Convoys resume on the northern road"]
    assert titles_for("premium or traffic") == [
        "Convoys attacked near the border",
        "Convoys resume on the northern road",
    ]


def test_snippet_marks_the_words_found_and_escapes_the_rest(client):
    publish(
        "Gold mining outlook",
        body='Attacks on <img src=x onerror=alert(1)> convoys: 3 < 4 & "more".',
    )

    html = client.get(SEARCH, {"q": "convoys"}).content.decode()

    assert "<mark>convoys</mark>: 3 &lt; 4 &amp; &quot;more" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img src=x" not in html


def test_search_never_shows_unpublished_briefings(client):
    BriefingFactory(title="Lithium draft", draft=True)
    BriefingFactory(title="Lithium scheduled", scheduled=True)
    publish("Lithium published")

    assert result_titles(client.get(SEARCH, {"q": "lithium"})) == ["Lithium published"]


def test_accents_are_optional(django_app):
    publish("Refugees reach Adré", body="The camp near Abéché is full.")

    assert found(django_app, "Adre") == ["Refugees reach Adré"]
    assert found(django_app, "abeche") == ["Refugees reach Adré"]
    assert found(django_app, "Adré") == ["Refugees reach Adré"]


def test_straight_and_curly_apostrophes_are_the_same(django_app):
    publish("Ports of Côte d’Ivoire", body="Abidjan’s port grows.")
    publish("Other news")

    assert found(django_app, "Cote d'Ivoire") == ["Ports of Côte d’Ivoire"]
    assert found(django_app, '"d’Ivoire"') == ["Ports of Côte d’Ivoire"]
    assert found(django_app, "Abidjan's") == ["Ports of Côte d’Ivoire"]


def test_quoted_phrase_must_appear_as_written(django_app):
    publish("Northern road reopens", body="Convoys use the northern road again.")
    publish("Road works in the north", body="The road is northern only in name.")

    assert found(django_app, '"northern road"') == ["Northern road reopens"]


def test_authors_countries_and_topics_are_searched(django_app):
    mali = CountryFactory(name="Mali", slug="mali", iso_code="ML")
    briefing = BriefingFactory(
        title="Quarterly outlook",
        countries=[mali],
        topics=[TopicFactory(name="Artisanal mining")],
        authors=[AnalystFactory(name="Ama Owusu")],
    )
    BriefingFactory(title="Unrelated outlook")

    for query in ("Owusu", "mali", "artisanal mining"):
        assert found(django_app, query) == ["Quarterly outlook"], query

    briefing.authors.clear()
    mali.name = "République du Mali"
    mali.save()
    assert found(django_app, "Owusu") == []
    assert found(django_app, "republique") == ["Quarterly outlook"]


def test_briefings_written_in_bulk_are_found(client):
    Briefing.objects.bulk_create(
        [
            Briefing(
                title="Bulk note on cobalt",
                slug="bulk-cobalt",
                standfirst="A standfirst.",
                summary="A summary.",
                body="A body.",
                status=Briefing.Status.PUBLISHED,
                published_at=timezone.now() - timezone.timedelta(hours=1),
            )
        ]
    )

    assert result_titles(client.get(SEARCH, {"q": "cobalt"})) == ["Bulk note on cobalt"]


@pytest.mark.parametrize("query", ["", "no-such-word-anywhere"])
def test_no_result_offers_countries_topics_and_the_call_to_action(django_app, query):
    BriefingFactory(
        title="Sahel outlook",
        countries=[CountryFactory(name="Niger", slug="niger", iso_code="NE")],
        topics=[TopicFactory(name="Migration", slug="migration")],
    )

    page = search_form(django_app, query).submit()

    browse = page.html.select_one("#search-browse")
    links = {a["href"] for a in browse.select("a")}
    expected = {"/countries/niger/", "/topics/migration/", "/request-for-interest/"}
    assert expected <= links


@pytest.fixture
def ten_thousand_briefings(postgres):
    now = timezone.now()
    Briefing.objects.bulk_create(
        (
            Briefing(
                title=f"Weekly security note {n}",
                slug=f"note-{n}",
                standfirst="Movements of armed groups and what they mean.",
                summary="Routes, markets and the season's risks.",
                body=f"## Context\n\nField report {n} on roads and markets.",
                status=Briefing.Status.PUBLISHED,
                published_at=now - timezone.timedelta(minutes=n + 1),
            )
            for n in range(10_000)
        ),
        batch_size=2_000,
    )
    publish("Cobalt routes in Katanga", body="Cobalt leaves by road.")
    # What autovacuum does in production: move the new rows from the index's
    # pending list into the index proper, and gather the planner's statistics.
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list(%s)", [INDEX_NAME])
        cursor.execute("ANALYZE briefings_briefing")


def test_search_uses_its_gin_index_with_ten_thousand_briefings(
    ten_thousand_briefings,
):
    results = Briefing.objects.published().search("cobalt")

    plan = results.explain()

    assert f"Bitmap Index Scan on {INDEX_NAME}" in plan, plan
    assert [b.title for b in results] == ["Cobalt routes in Katanga"]


def test_results_come_in_pages_with_their_total(client):
    for n in range(13):
        publish(f"Lithium note {n}")

    first = client.get(SEARCH, {"q": "lithium"})
    second = client.get(SEARCH, {"q": "lithium", "page": "2"})
    beyond = client.get(SEARCH, {"q": "lithium", "page": "3"})

    assert len(result_titles(first)) == 12
    assert "13 briefings match" in first.content.decode()
    assert len(result_titles(second)) == 1
    assert "13 briefings match" in second.content.decode()
    assert beyond.status_code == 404
