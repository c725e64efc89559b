"""Where personal data is: every text column of every table, scanned."""

from django.apps import apps
from django.db import connection, models

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def rows_containing(text):
    """Every (table, column) of every model whose value contains `text`, in any
    case: a raw LIKE over each text column the app registry knows of."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            for field in model._meta.concrete_fields:
                # A generated column holds what its output field says.
                if not isinstance(getattr(field, "output_field", field), TEXT_FIELDS):
                    continue
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} "
                    f"WHERE LOWER(CAST({quote(field.column)} AS TEXT)) LIKE %s",
                    [f"%{text.lower()}%"],
                )
                if cursor.fetchone()[0]:
                    found.append((table, field.column))
    return found
