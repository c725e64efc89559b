"""Full-text search over briefings, on PostgreSQL and on the embedded SQLite.

Both databases keep each briefing's search document themselves, on every write,
bulk ones and changes of its countries, topics and authors included: PostgreSQL
in a stored generated column (migrations 0002 and 0004), SQLite in an FTS5 table
kept by triggers (briefings.search.sqlite). Both fold accents, stem English
words, treat any apostrophe as a word break, and understand what readers type
into search boxes: "quoted phrases", `or`, a leading `-` to exclude a word.
"""

from django.core.paginator import PageNotAnInteger, Paginator
from django.db import connections
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import postgresql, sqlite

# Longer queries are cut to this, not refused: nobody means the 201st character.
MAX_QUERY_LENGTH = 200
# Control characters no editor types: once the snippet is escaped, they are
# the only places where <mark> may go.
START_MARK, STOP_MARK = "\x02", "\x03"


def full_text_search(briefings, text):
    """The briefings matching the reader's words, best first, each with a
    `headline`: a snippet of its text with START_MARK/STOP_MARK around matches;
    on PostgreSQL also the `total` number of matches."""
    backend = postgresql if connections[briefings.db].vendor == "postgresql" else sqlite
    return backend.full_text_search(briefings, text, marks=(START_MARK, STOP_MARK))


class ResultsPaginator(Paginator):
    """Pages of full_text_search() results, counted by the page's own query
    where the results carry their `total` (PostgreSQL: one round trip instead
    of two)."""

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        first = (number - 1) * self.per_page
        rows = (
            list(self.object_list[first : first + self.per_page]) if number > 0 else []
        )
        if rows and hasattr(rows[0], "total"):
            self.count = rows[0].total
        # Without a row, Paginator counts by itself whether the page may be empty.
        return self._get_page(rows, self.validate_number(number), self)


def highlighted(headline):
    """The snippet as HTML: its own text escaped, the matched words in <mark>."""
    return mark_safe(
        escape(headline).replace(START_MARK, "<mark>").replace(STOP_MARK, "</mark>")
    )
