"""SQLite (the embedded default): an FTS5 table kept by triggers.

SQLite rebuilds a table to alter it, and refuses to rename the rebuilt table
while a trigger names a table that is missing at that moment; it also drops a
table's own triggers with it. So `migrate` removes the triggers before it runs
(pre_migrate) and installs them again after (post_migrate), rebuilding the
index, which on the embedded database is small. Migration 0004 installs them
and, backwards, removes the table too. Ranking is bm25 with the title weighing
most; snippets come from FTS5.
"""

import re

from django.db import connections

TABLE = "briefings_search"
COLUMNS = ("title", "standfirst", "names", "text")
# bm25 weights, in COLUMNS order.
WEIGHTS = (10.0, 4.0, 4.0, 1.0)
SNIPPET_TOKENS = 32
# Each subject: its table, the briefing's link table, the link's column.
SUBJECTS = (
    ("briefings_country", "briefings_briefing_countries", "country_id"),
    ("briefings_topic", "briefings_briefing_topics", "topic_id"),
    ("briefings_analyst", "briefings_briefing_authors", "analyst_id"),
)
# A "phrase" (closing quote optional), or a word; either may start with "-".
TERM = re.compile(r'(?P<exclude>-?)(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')
HAS_WORD = re.compile(r"\w")


def names_of(briefing):
    """SQL: the names of the briefing's countries, topics and authors."""
    names = " UNION ALL ".join(
        f"SELECT s.name FROM {table} s JOIN {link} l ON l.{column} = s.id "
        f"WHERE l.briefing_id = {briefing}"
        for table, link, column in SUBJECTS
    )
    return f"(SELECT coalesce(group_concat(name, ' '), '') FROM ({names}))"


def schema():
    text = "new.summary || char(10) || new.body"
    statements = [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
        f"{', '.join(COLUMNS)}, tokenize = 'porter unicode61 remove_diacritics 2')",
        f"""CREATE TRIGGER {TABLE}_insert AFTER INSERT ON briefings_briefing BEGIN
            INSERT INTO {TABLE} (rowid, {", ".join(COLUMNS)}) VALUES (
                new.id, new.title, new.standfirst, {names_of("new.id")}, {text});
        END""",
        f"""CREATE TRIGGER {TABLE}_update
        AFTER UPDATE OF title, standfirst, summary, body ON briefings_briefing BEGIN
            UPDATE {TABLE} SET title = new.title, standfirst = new.standfirst,
                text = {text} WHERE rowid = new.id;
        END""",
        f"""CREATE TRIGGER {TABLE}_delete AFTER DELETE ON briefings_briefing BEGIN
            DELETE FROM {TABLE} WHERE rowid = old.id;
        END""",
    ]
    for table, link, column in SUBJECTS:
        for event, row in (("INSERT", "new"), ("DELETE", "old")):
            statements.append(
                f"""CREATE TRIGGER {TABLE}_{link}_{event.lower()}
                AFTER {event} ON {link} BEGIN
                    UPDATE {TABLE} SET names = {names_of(f"{row}.briefing_id")}
                    WHERE rowid = {row}.briefing_id;
                END"""
            )
        statements.append(
            f"""CREATE TRIGGER {TABLE}_{table}_rename AFTER UPDATE OF name ON {table}
            BEGIN
                UPDATE {TABLE} SET names = {names_of(f"{TABLE}.rowid")}
                WHERE rowid IN (SELECT briefing_id FROM {link} WHERE {column} = new.id);
            END"""
        )
    return statements


def remove_triggers(using="default", **kwargs):
    """pre_migrate, and before the triggers are made again."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            [f"{TABLE}%"],
        )
        for (trigger,) in cursor.fetchall():
            cursor.execute(f'DROP TRIGGER "{trigger}"')


def install(using="default", **kwargs):
    """post_migrate: the FTS5 table, its triggers, and its rows from scratch."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    remove_triggers(using)
    with connection.cursor() as cursor:
        for statement in schema():
            cursor.execute(statement)
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(
            f"INSERT INTO {TABLE} (rowid, {', '.join(COLUMNS)}) "
            f"SELECT b.id, b.title, b.standfirst, {names_of('b.id')}, "
            "b.summary || char(10) || b.body FROM briefings_briefing b"
        )


def uninstall(using="default"):
    remove_triggers(using)
    with connections[using].cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def match_expression(text):
    """The reader's words as an FTS5 query, or None when there is nothing to find.

    Every term is quoted, so FTS5's own syntax (NEAR, column filters, `*`) is
    text like any other, and a term is tokenized as the briefings were: "d'Ivoire"
    and "d’Ivoire" are the same two words.
    """
    alternatives, excluded = [[]], []
    for term in TERM.finditer(text):
        words = term["word"] if term["phrase"] is None else term["phrase"]
        if term["word"] and words.lower() == "or" and not term["exclude"]:
            alternatives.append([])
        elif HAS_WORD.search(words):
            quoted = '"{}"'.format(words.replace('"', '""'))
            (excluded if term["exclude"] else alternatives[-1]).append(quoted)
    expression = " OR ".join(
        f"({' AND '.join(terms)})" for terms in alternatives if terms
    )
    if not expression:
        return None
    for quoted in excluded:
        expression = f"({expression}) NOT {quoted}"
    return expression


def full_text_search(briefings, text, *, marks):
    expression = match_expression(text)
    if expression is None:
        return briefings.none()
    start, stop = marks
    weights = ", ".join(map(str, WEIGHTS))
    table = briefings.model._meta.db_table
    # The FTS5 table is no model: extra() joins it, and its functions rank and
    # cut the snippets.
    return briefings.extra(
        tables=[TABLE],
        where=[f"{TABLE}.rowid = {table}.id", f"{TABLE} MATCH %s"],
        params=[expression],
        select={
            "rank": f"-bm25({TABLE}, {weights})",
            "headline": f"snippet({TABLE}, {COLUMNS.index('text')}, %s, %s, %s, %s)",
        },
        select_params=[start, stop, "…", SNIPPET_TOKENS],
    ).order_by("-rank", "-published_at", "-id")
