"""PostgreSQL only: the search document without accents, with the names of the
briefing's countries, topics and authors.

A generated column reads only its own row, so triggers copy those names into
`search_names` whenever a link or a name changes. unaccent() is only STABLE (its
dictionary could change), which a generated column refuses: the wrapper pins
the dictionary and is declared IMMUTABLE, as PostgreSQL's manual suggests.
On SQLite, the FTS5 table and its triggers (briefings.search.sqlite).
"""

from django.db import migrations

from briefings.search import sqlite

SUBJECTS = (
    ("briefings_country", "briefings_briefing_countries", "country_id"),
    ("briefings_topic", "briefings_briefing_topics", "topic_id"),
    ("briefings_analyst", "briefings_briefing_authors", "analyst_id"),
)
NAMES = " UNION ALL ".join(
    f"SELECT s.name FROM {table} s JOIN {link} l ON l.{column} = s.id "
    "WHERE l.briefing_id = briefing"
    for table, link, column in SUBJECTS
)

DOCUMENT = """
ALTER TABLE briefings_briefing ADD COLUMN search_document tsvector
GENERATED ALWAYS AS (
    setweight(to_tsvector('english', {clean}(coalesce(title, ''))), 'A')
    || setweight(
        to_tsvector('english', {clean}(coalesce(standfirst, '') || ' ' || {names})),
        'B'
    )
    || setweight(
        to_tsvector(
            'english', {clean}(coalesce(summary, '') || ' ' || coalesce(body, ''))
        ),
        'C'
    )
) STORED;
CREATE INDEX briefing_search_idx ON briefings_briefing USING gin (search_document)
{index_options};
"""

FORWARD = [
    # Not UnaccentExtension: its reverse queries pg_extension on any database.
    # Left installed on the way back, as something else may use it.
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    CREATE FUNCTION briefings_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
    """,
    f"""
    CREATE FUNCTION briefings_search_names(briefing bigint) RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(string_agg(name, ' '), '') FROM ({NAMES}) AS names $$;
    """,
    """
    CREATE FUNCTION briefings_links_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            UPDATE briefings_briefing SET search_names = briefings_search_names(id)
            WHERE id IN (SELECT briefing_id FROM new_links);
        ELSE
            UPDATE briefings_briefing SET search_names = briefings_search_names(id)
            WHERE id IN (SELECT briefing_id FROM old_links);
        END IF;
        RETURN NULL;
    END $$;
    """,
    """
    CREATE FUNCTION briefings_subject_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        EXECUTE format(
            'UPDATE briefings_briefing SET search_names = briefings_search_names(id) '
            'WHERE id IN (SELECT briefing_id FROM %I WHERE %I = $1)',
            TG_ARGV[0], TG_ARGV[1]
        ) USING NEW.id;
        RETURN NULL;
    END $$;
    """,
    "ALTER TABLE briefings_briefing DROP COLUMN search_document",
    "ALTER TABLE briefings_briefing ADD COLUMN search_names text NOT NULL DEFAULT ''",
    # fastupdate off: a write updates the index at once, instead of queueing
    # entries that every search must scan until a vacuum merges them. Briefings
    # are written rarely and searched often.
    DOCUMENT.format(
        clean="briefings_unaccent",
        names="search_names",
        index_options="WITH (fastupdate = off)",
    ),
    # Inline in the row, not in TOAST: a search reads the document of every
    # candidate (filter, rank, count), and a TOAST fetch per read cost 6x more.
    # It applies to rows written from now on, so to every row below.
    "ALTER TABLE briefings_briefing ALTER COLUMN search_document SET STORAGE MAIN",
    *(
        statement
        for table, link, column in SUBJECTS
        for statement in (
            # Once per statement: setting a briefing's three countries
            # refreshes it once. Django never updates a link row in place.
            f"""CREATE TRIGGER briefings_search_names_insert AFTER INSERT ON {link}
            REFERENCING NEW TABLE AS new_links
            FOR EACH STATEMENT EXECUTE FUNCTION briefings_links_changed()""",
            f"""CREATE TRIGGER briefings_search_names_delete AFTER DELETE ON {link}
            REFERENCING OLD TABLE AS old_links
            FOR EACH STATEMENT EXECUTE FUNCTION briefings_links_changed()""",
            f"""CREATE TRIGGER briefings_search_names AFTER UPDATE OF name ON {table}
            FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
            EXECUTE FUNCTION briefings_subject_renamed('{link}', '{column}')""",
        )
    ),
    # Briefings that already have subjects (and every row rewritten).
    "UPDATE briefings_briefing SET search_names = briefings_search_names(id)",
]

BACKWARD = [
    *(
        f"DROP TRIGGER {trigger} ON {on}"
        for table, link, _column in SUBJECTS
        for trigger, on in (
            ("briefings_search_names", table),
            ("briefings_search_names_insert", link),
            ("briefings_search_names_delete", link),
        )
    ),
    "ALTER TABLE briefings_briefing DROP COLUMN search_document",
    "ALTER TABLE briefings_briefing DROP COLUMN search_names",
    DOCUMENT.format(clean="", names="''", index_options=""),
    "DROP FUNCTION briefings_subject_renamed()",
    "DROP FUNCTION briefings_links_changed()",
    "DROP FUNCTION briefings_search_names(bigint)",
    "DROP FUNCTION briefings_unaccent(text)",
]


def operation(statements, on_sqlite):
    """PostgreSQL runs the statements, SQLite the search module's function."""

    def run(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)
        elif connection.vendor == "sqlite":
            on_sqlite(connection.alias)

    return run


class Migration(migrations.Migration):
    dependencies = [("briefings", "0003_analyst_public_profile_only")]

    operations = [
        migrations.RunPython(
            operation(FORWARD, sqlite.install),
            operation(BACKWARD, sqlite.uninstall),
            elidable=False,
        ),
    ]
