"""PostgreSQL: a weighted tsvector per briefing, in a stored generated column
with a GIN index; neither the filter nor the ranking parses the text again.

Title (A), standfirst, countries, topics and authors (B), summary and body (C),
all without accents (an immutable unaccent wrapper, migration 0004). The names
of a briefing's subjects are copied into `search_names` by triggers, since a
generated column can only read its own row.
"""

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db.models import (
    Expression,
    F,
    Func,
    IntegerField,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Concat, Left

CONFIG = "english"
COLUMN = "search_document"
INDEX_NAME = "briefing_search_idx"
UNACCENT = "briefings_unaccent"
# ts_headline parses all the text it is given, for each result of the page: the
# executive summary and the start of the body hold the snippet most readers
# need. Parsing costs about as much as everything else a search does, so the
# body's share is kept short.
HEADLINE_BODY_CHARS = 400


class SearchDocument(Expression):
    """A briefing's stored search document (the model does not know the column)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(COLUMN)}", []


def unaccented(expression):
    return Func(expression, function=UNACCENT, output_field=TextField())


def full_text_search(briefings, text, *, marks):
    # websearch_to_tsquery accepts anything a reader types, so no input can make
    # the query fail.
    query = SearchQuery(unaccented(Value(text)), search_type="websearch", config=CONFIG)
    start, stop = marks
    matches = briefings.alias(document=SearchDocument()).filter(document=query)
    return (
        matches.annotate(
            rank=SearchRank(F("document"), query),
            # Computed for the rows of the page only, after the sort; from the
            # text as written, so a word found without its accent is not marked.
            headline=SearchHeadline(
                Concat(
                    "summary",
                    Value("\n\n"),
                    Left("body", HEADLINE_BODY_CHARS),
                    output_field=TextField(),
                ),
                query,
                config=CONFIG,
                start_sel=start,
                stop_sel=stop,
                max_words=30,
                min_words=12,
                max_fragments=2,
            ),
        )
        # Counted once for the query (an InitPlan), not by a window over the
        # matches: a window carries every match's whole document up to the
        # sort, and spilled them to disk past a few hundred matches.
        .annotate(total=Subquery(count_of(matches)))
        .order_by("-rank", "-published_at", "-id")
    )


def count_of(queryset):
    """A subquery counting the rows of `queryset`, for an annotation."""
    return (
        queryset.order_by()
        .annotate(count=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("count")
    )
