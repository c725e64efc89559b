"""The benchmark's own database on the PostgreSQL server: dropped and created anew."""

from urllib.parse import unquote, urlsplit

import psycopg2
from psycopg2 import sql


def reset(url):
    """Drop and create the database in `url`; return the server's version."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        # A typo here must never drop someone's real database.
        raise SystemExit(f"refusing to reset {name!r}: its name must contain 'bench'")
    connection = psycopg2.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=unquote(parts.username or "postgres"),
        password=unquote(parts.password or "") or None,
        dbname="postgres",
        connect_timeout=5,
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            cursor.execute("SHOW server_version")
            return cursor.fetchone()[0].split()[0]
    finally:
        connection.close()
