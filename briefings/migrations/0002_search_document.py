"""PostgreSQL only: each briefing's weighted search document, kept by the database.

The column is unknown to the model on purpose: PostgreSQL computes it on every
write and only search reads it (briefings.search.SearchDocument). Changing the
type of a column it reads needs the column dropped first and added back after.
"""

from django.db import migrations

ADD = """
ALTER TABLE briefings_briefing ADD COLUMN search_document tsvector
GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(title, '')), 'A')
    || setweight(to_tsvector('english', coalesce(standfirst, '')), 'B')
    || setweight(
        to_tsvector('english', coalesce(summary, '') || ' ' || coalesce(body, '')),
        'C'
    )
) STORED;
CREATE INDEX briefing_search_idx ON briefings_briefing USING gin (search_document);
"""
DROP = "ALTER TABLE briefings_briefing DROP COLUMN search_document;"


def run_on_postgresql(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("briefings", "0001_initial")]

    operations = [migrations.RunPython(run_on_postgresql(ADD), run_on_postgresql(DROP))]
