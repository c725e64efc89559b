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
from django.db.models import Count, Expression, F, Func, TextField, Value, Window
from django.db.models.functions import Concat, Left

CONFIG = "english"
COLUMN = "search_document"
INDEX_NAME = "briefing_search_idx"
UNACCENT = "briefings_unaccent"
# ts_headline parses all the text it is given, for each result: the summary and
# the start of the body hold the snippet most readers need, at a fraction of the
# cost of a whole briefing.
HEADLINE_BODY_CHARS = 1200


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
    return (
        briefings.alias(document=SearchDocument())
        .filter(document=query)
        .annotate(
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
        .annotate(total=Window(Count("*")))
        .order_by("-rank", "-published_at", "-id")
    )
