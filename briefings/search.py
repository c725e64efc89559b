"""Full-text search on PostgreSQL: weighted, ranked, highlighted, indexed.

PostgreSQL keeps each briefing's search document in a stored generated column
with a GIN index (migration 0002): the database computes it on every write,
bulk ones included, so no code has to, and neither the filter nor the ranking
parses the text again. Other databases have no such column and use the simple
search in BriefingQuerySet.search().
"""

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db.models import Expression, F, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

CONFIG = "english"
COLUMN = "search_document"
INDEX_NAME = "briefing_search_idx"
# Control characters no editor types: once the snippet is escaped, they are
# the only places where <mark> may go.
START_MARK, STOP_MARK = "\x02", "\x03"


class SearchDocument(Expression):
    """A briefing's stored search document: its title weighs most (A), then its
    standfirst (B), then its summary and body (C)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(COLUMN)}", []


def full_text_search(briefings, text):
    """The briefings matching the reader's words, best first, with a snippet.

    websearch_to_tsquery accepts anything a reader types (quotes, "or", a leading
    "-"), so no input can make the query fail.
    """
    query = SearchQuery(text, search_type="websearch", config=CONFIG)
    return (
        briefings.alias(document=SearchDocument())
        .filter(document=query)
        .annotate(
            rank=SearchRank(F("document"), query),
            # Computed for the rows of the page only, after the sort.
            headline=SearchHeadline(
                Concat("summary", Value("\n\n"), "body", output_field=TextField()),
                query,
                config=CONFIG,
                start_sel=START_MARK,
                stop_sel=STOP_MARK,
                max_words=30,
                min_words=12,
                max_fragments=2,
            ),
        )
        .order_by("-rank", "-published_at", "-id")
    )


def highlighted(headline):
    """The snippet as HTML: its own text escaped, the matched words in <mark>."""
    return mark_safe(
        escape(headline).replace(START_MARK, "<mark>").replace(STOP_MARK, "</mark>")
    )
