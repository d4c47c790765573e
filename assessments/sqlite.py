"""Let Django batch bulk writes by SQLite's real variable limit, not its old default of 999.

Django 5.2 assumes every SQLite allows 999 variables per query, so saving a 150-leaf form
(one bulk update and one history insert of ~18 columns each) would be split into several
queries on SQLite while PostgreSQL does it in one. SQLite has allowed 32,766 since 3.32,
and the connection reports its own limit; Django 6.0 reads it the same way.
"""

import sqlite3

from django.db.backends.signals import connection_created


def use_sqlite_variable_limit(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite":
        return
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    # An instance attribute: other connections (and other databases) keep their own.
    connection.features.max_query_params = limit


def connect() -> None:
    connection_created.connect(use_sqlite_variable_limit, dispatch_uid="indexes-sqlite-limit")
