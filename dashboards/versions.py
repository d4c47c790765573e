"""Data versions kept by database triggers: what the dashboards' cache keys are made of.

Every write to a table that feeds a dashboard page fires a trigger that gives the version
row of the write's scope (see `DataVersion`) a new number, in the transaction of the
write: saves, bulk_create and bulk_update, `QuerySet.update()`, deletes, the admin, raw
SQL and imports alike. Another connection sees the new number exactly when it sees the
new data, at commit, and never before.

The number is random, not counted: it is never handed out twice, even after a rollback
(a test's, or a request that computed something from its own uncommitted writes) or a
restore from a backup, where a counter would reach the same number again for other data
and find the figures cached for the first.

PostgreSQL: statement-level triggers with transition tables (one bump per statement,
whatever its number of rows). Locks are taken in one order: first a KEY SHARE lock on the
index sets the rows belong to (by id), then the version rows (by scope: `set:…` before
`units` before `workflow`), held until commit. The KEY SHARE lock is the one Django's
deferred foreign-key checks take at commit anyway; taking it first means a transaction
that locks a set FOR UPDATE and then writes to it (publication, the next phase, an
adjustment) cannot deadlock with one that wrote to the set and then adds a row pointing
at it (an assessment). Two writers of one scope wait for each other from the first write
until commit. SQLite: row-level triggers (it has one writer at a time anyway).

SQLite drops a table's triggers when a migration rebuilds the table (most AlterField,
AddConstraint, ...), so besides the migration that creates them, `after_migrate`
re-creates every trigger after each `migrate` (and `flush`) and gives every scope a new
number, in case a migration wrote while a trigger was missing.
"""

from dataclasses import dataclass, replace

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

from assessments.models import Adjustment, Assessment, Score
from commitments.models import Commitment, CommittedTarget
from dashboards.models import DataVersion, UnitDataVersion
from indexes.models import (
    AdjustmentItem,
    ClassificationThreshold,
    Criterion,
    IndexSet,
    MethodNotHeld,
    NotApplicable,
    TagExemption,
    Target,
)
from units.models import Unit, UnitTag

SET_PREFIX = "set:"
# Everything of a set but its units' own scores and adjustments: while it holds, a
# changed set needs only the roll-ups of the units whose UnitDataVersion moved.
SHAPE_PREFIX = "shape:"
UNITS, WORKFLOW = "units", "workflow"
PREFIX = "dashboards_bump_"
ROW_OPERATIONS = ("insert", "update", "delete")
# A new number per bump; PostgreSQL's random() has 52 random bits, SQLite's 64.
RANDOM = {
    "postgresql": "floor(random() * 9007199254740991)::bigint",
    "sqlite": "(random() & 9223372036854775807)",
}


@dataclass(frozen=True)
class Tracked:
    """A table that feeds the dashboards, the scope its rows belong to, and where a row
    finds its index set: `set_column` on the row itself, or on the `via` parent (model,
    the row's column that points at it)."""

    model: type[Model]
    scope: str  # SET_PREFIX (the row's own set), UNITS or WORKFLOW
    set_column: str | None = None
    via: tuple[type[Model], str] | None = None
    # A unit's own rows (its scores, its adjustments): they renew the (set, unit) version
    # and the set's, not the set's shape.
    per_unit: bool = False

    @property
    def table(self) -> str:
        return self.model._meta.db_table


# Everything dashboards/selectors, assessments/results and commitments/selectors read
# for the pages. Assessments and commitments find their set only to lock it (see above).
TRACKED = [
    Tracked(Unit, UNITS),
    Tracked(Unit.predecessors.through, UNITS),
    Tracked(UnitTag, UNITS),
    Tracked(Unit.tags.through, UNITS),
    Tracked(IndexSet, SET_PREFIX, "id"),
    Tracked(Criterion, SET_PREFIX, "index_set_id"),
    Tracked(Target, SET_PREFIX, "index_set_id"),
    Tracked(ClassificationThreshold, SET_PREFIX, "index_set_id"),
    Tracked(AdjustmentItem, SET_PREFIX, "index_set_id"),
    Tracked(NotApplicable, SET_PREFIX, "index_set_id", via=(Criterion, "criterion_id")),
    Tracked(TagExemption, SET_PREFIX, "index_set_id"),
    Tracked(
        TagExemption.nodes.through,
        SET_PREFIX,
        "index_set_id",
        via=(TagExemption, "tagexemption_id"),
    ),
    Tracked(MethodNotHeld, SET_PREFIX, "index_set_id"),
    Tracked(Score, SET_PREFIX, "index_set_id", via=(Criterion, "criterion_id"), per_unit=True),
    Tracked(Adjustment, SET_PREFIX, "index_set_id", via=(AdjustmentItem, "item_id"), per_unit=True),
    Tracked(Assessment, WORKFLOW, "index_set_id"),
    Tracked(Commitment, WORKFLOW, "index_set_id"),
    Tracked(CommittedTarget, WORKFLOW, "index_set_id", via=(Commitment, "commitment_id")),
]


def install(connection: BaseDatabaseWrapper) -> None:
    """(Re-)create the triggers of every tracked table that exists, and a version row for
    every scope that has none; all at once, so that no write slips between two steps."""
    existing = set(connection.introspection.table_names())
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in _remove_sql(connection) + _install_sql(connection, existing):
            cursor.execute(statement)


def remove(connection: BaseDatabaseWrapper) -> None:
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in _remove_sql(connection):
            cursor.execute(statement)


def bump_all(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {_version_table(connection)} SET number = {_random(connection)}")


def expected_triggers(connection: BaseDatabaseWrapper) -> set[str]:
    operations = ROW_OPERATIONS + (("truncate",) if connection.vendor == "postgresql" else ())
    return {_trigger_name(t, operation) for t in TRACKED for operation in operations}


def installed_triggers(connection: BaseDatabaseWrapper) -> set[str]:
    if connection.vendor == "postgresql":
        sql = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [PREFIX + "%"])
        return {name for (name,) in cursor.fetchall()}


def after_migrate(sender, using: str, **kwargs) -> None:
    """post_migrate: see the module docstring. Nothing to do before the version table
    exists (a first `migrate` sends this for every app, or after `migrate dashboards zero`)."""
    connection = connections[using]
    if DataVersion._meta.db_table not in connection.introspection.table_names():
        return
    install(connection)
    bump_all(connection)


# --- SQL ----------------------------------------------------------------------------------


def _install_sql(connection: BaseDatabaseWrapper, existing: set[str]) -> list[str]:
    tracked = [t for t in TRACKED if t.table in existing]
    if UnitDataVersion._meta.db_table not in existing:  # migrating, before its table
        tracked = [replace(t, per_unit=False) for t in tracked]
    version, random = _version_table(connection), _random(connection)
    seed = [
        *(
            f"INSERT INTO {version} (scope, number) SELECT '{prefix}' || id, {random} "
            f"FROM {_quote(connection, IndexSet._meta.db_table)} WHERE true "
            "ON CONFLICT (scope) DO NOTHING"
            for prefix in (SET_PREFIX, SHAPE_PREFIX)
        ),
        f"INSERT INTO {version} (scope, number) SELECT scope, {random} "
        f"FROM (SELECT '{UNITS}' AS scope UNION SELECT '{WORKFLOW}') AS fixed WHERE true "
        "ON CONFLICT (scope) DO NOTHING",
    ]
    if connection.vendor == "postgresql":
        return [_pg_bump_function(connection), *_pg_triggers(connection, tracked), *seed]
    return [*_sqlite_triggers(connection, tracked), *seed]


def _remove_sql(connection: BaseDatabaseWrapper) -> list[str]:
    _check_vendor(connection)
    existing = set(connection.introspection.table_names())
    tracked = [t for t in TRACKED if t.table in existing]
    if connection.vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {_trigger_name(t, operation)}"
            for t in tracked
            for operation in ROW_OPERATIONS
        ]
    return [
        *(
            f"DROP TRIGGER IF EXISTS {_trigger_name(t, operation)} ON {_quote(connection, t.table)}"
            for t in tracked
            for operation in (*ROW_OPERATIONS, "truncate")
        ),
        *(f"DROP FUNCTION IF EXISTS {PREFIX}{t.table}()" for t in TRACKED),
        f"DROP FUNCTION IF EXISTS {PREFIX}scopes(text[], bigint[])",
    ]


def _pg_bump_function(connection: BaseDatabaseWrapper) -> str:
    """New numbers for `scopes`, after a KEY SHARE lock on the sets `set_ids` (see the
    module docstring for the order of the locks)."""
    index_set = _quote(connection, IndexSet._meta.db_table)
    return f"""
        CREATE OR REPLACE FUNCTION {PREFIX}scopes(scopes text[], set_ids bigint[])
        RETURNS void LANGUAGE plpgsql AS $bump$
        BEGIN
            PERFORM 1 FROM {index_set} WHERE id = ANY(set_ids) ORDER BY id FOR KEY SHARE;
            INSERT INTO {_version_table(connection)} (scope, number)
            SELECT scope, {_random(connection)}
            FROM (SELECT DISTINCT unnest(scopes) AS scope) AS touched
            WHERE scope IS NOT NULL
            ORDER BY scope
            ON CONFLICT (scope) DO UPDATE SET number = EXCLUDED.number;
        END
        $bump$
    """


def _pg_triggers(connection: BaseDatabaseWrapper, tracked: list[Tracked]) -> list[str]:
    statements = []
    for t in tracked:
        table, function = _quote(connection, t.table), f"{PREFIX}{t.table}"
        statements.append(_pg_table_function(connection, t))
        referencing = {
            "insert": "REFERENCING NEW TABLE AS new_rows",
            "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
            "delete": "REFERENCING OLD TABLE AS old_rows",
            "truncate": "",
        }
        statements.extend(
            f"CREATE TRIGGER {_trigger_name(t, operation)} AFTER {operation.upper()} "
            f"ON {table} {clause} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            for operation, clause in referencing.items()
        )
    return statements


def _pg_table_function(connection: BaseDatabaseWrapper, t: Tracked) -> str:
    def sets_of(rows: str) -> str:
        if t.set_column is None:
            return f"SELECT NULL::bigint AS set_id FROM {rows} AS r"
        if t.via is None:
            return f"SELECT r.{t.set_column} AS set_id FROM {rows} AS r"
        parent, column = _quote(connection, t.via[0]._meta.db_table), t.via[1]
        return (
            f"SELECT p.{t.set_column} AS set_id FROM {rows} AS r "
            f"LEFT JOIN {parent} AS p ON p.id = r.{column}"
        )

    def read(source: str) -> str:
        return (
            "SELECT array_remove(array_agg(DISTINCT set_id), NULL), count(*) > 0 "
            f"INTO set_ids, touched FROM ({source}) AS written;"
        )

    units = ""
    if t.scope == SET_PREFIX:
        prefixes = (SET_PREFIX,) if t.per_unit else (SET_PREFIX, SHAPE_PREFIX)
        scopes = " || ".join(
            f"ARRAY(SELECT '{prefix}' || id FROM unnest(set_ids) AS id)" for prefix in prefixes
        )
        # A truncated table of a unit's rows leaves no row to name its units: every set's
        # shape moves, and every set is computed whole again.
        truncated = (
            f"UPDATE {_version_table(connection)} SET number = {_random(connection)} "
            f"WHERE scope LIKE '{SET_PREFIX}%' OR scope LIKE '{SHAPE_PREFIX}%'"
        )
        if t.per_unit:
            units = _pg_unit_bump(connection, t)
    else:
        scopes = f"ARRAY['{t.scope}']"
        truncated = f"PERFORM {PREFIX}scopes({scopes}, NULL)"
    # A set's own rows hold their lock already; no KEY SHARE lock on them.
    locked = "NULL" if t.model is IndexSet else "set_ids"
    return f"""
        CREATE OR REPLACE FUNCTION {PREFIX}{t.table}() RETURNS trigger
        LANGUAGE plpgsql AS $bump$
        DECLARE
            set_ids bigint[];
            touched boolean;
        BEGIN
            IF TG_OP = 'TRUNCATE' THEN
                {truncated};
                RETURN NULL;
            ELSIF TG_OP = 'INSERT' THEN
                {read(sets_of("new_rows"))}
            ELSIF TG_OP = 'UPDATE' THEN
                {read(f"{sets_of('new_rows')} UNION ALL {sets_of('old_rows')}")}
            ELSE
                {read(sets_of("old_rows"))}
            END IF;
            IF touched THEN
                PERFORM {PREFIX}scopes({scopes}, {locked});
                {units}
            END IF;
            RETURN NULL;
        END
        $bump$
    """


def _unit_pairs(connection: BaseDatabaseWrapper, t: Tracked, rows: str) -> str:
    """(set_id, unit_id) of each of `rows` (a unit's own rows: scores, adjustments)."""
    assert t.via is not None and t.set_column is not None
    parent, column = _quote(connection, t.via[0]._meta.db_table), t.via[1]
    return (
        f"SELECT p.{t.set_column} AS set_id, r.unit_id AS unit_id FROM {rows} AS r "
        f"JOIN {parent} AS p ON p.id = r.{column}"
    )


def _unit_upsert(connection: BaseDatabaseWrapper, pairs: str) -> str:
    """New numbers for the (set, unit) versions of `pairs`, after the set's version row
    (the trigger bumps that first, so writers of one set meet there, never here)."""
    table = _quote(connection, UnitDataVersion._meta.db_table)
    return (
        f"INSERT INTO {table} (index_set_id, unit_id, number) "
        f"SELECT set_id, unit_id, {_random(connection)} "
        f"FROM (SELECT DISTINCT set_id, unit_id FROM ({pairs}) AS touched) AS pairs "
        "WHERE true ORDER BY set_id, unit_id "
        "ON CONFLICT (index_set_id, unit_id) DO UPDATE SET number = excluded.number;"
    )


def _pg_unit_bump(connection: BaseDatabaseWrapper, t: Tracked) -> str:
    return f"""
                IF TG_OP = 'INSERT' THEN
                    {_unit_upsert(connection, _unit_pairs(connection, t, "new_rows"))}
                ELSIF TG_OP = 'UPDATE' THEN
                    {_unit_upsert(connection, _pairs_of_update(connection, t))}
                ELSE
                    {_unit_upsert(connection, _unit_pairs(connection, t, "old_rows"))}
                END IF;"""


def _pairs_of_update(connection: BaseDatabaseWrapper, t: Tracked) -> str:
    new, old = _unit_pairs(connection, t, "new_rows"), _unit_pairs(connection, t, "old_rows")
    return f"{new} UNION ALL {old}"


def _sqlite_triggers(connection: BaseDatabaseWrapper, tracked: list[Tracked]) -> list[str]:
    def scope_of(t: Tracked, row: str) -> str:
        if t.scope != SET_PREFIX:
            return f"SELECT '{t.scope}' AS scope"
        if t.via is None:
            set_id = f"{row}.{t.set_column}"
        else:
            parent, column = _quote(connection, t.via[0]._meta.db_table), t.via[1]
            set_id = f"(SELECT p.{t.set_column} FROM {parent} AS p WHERE p.id = {row}.{column})"
        prefixes = (SET_PREFIX,) if t.per_unit else (SET_PREFIX, SHAPE_PREFIX)
        return " UNION ".join(f"SELECT '{prefix}' || {set_id} AS scope" for prefix in prefixes)

    def units_of(t: Tracked, operation: str) -> str:
        if not t.per_unit:
            return ""
        assert t.via is not None
        column = t.via[1]
        pairs = " UNION ALL ".join(
            _unit_pairs(
                connection, t, f"(SELECT {row}.unit_id AS unit_id, {row}.{column} AS {column})"
            )
            for row in rows[operation]
        )
        return _unit_upsert(connection, pairs)

    rows = {"insert": ["NEW"], "update": ["NEW", "OLD"], "delete": ["OLD"]}
    return [
        f"""
        CREATE TRIGGER {_trigger_name(t, operation)} AFTER {operation.upper()}
        ON {_quote(connection, t.table)} FOR EACH ROW BEGIN
            INSERT INTO {_version_table(connection)} (scope, number)
            SELECT scope, {_random(connection)}
            FROM ({" UNION ".join(scope_of(t, row) for row in rows[operation])}) AS touched
            WHERE scope IS NOT NULL
            ON CONFLICT (scope) DO UPDATE SET number = excluded.number;
            {units_of(t, operation)}
        END
        """
        for t in tracked
        for operation in ROW_OPERATIONS
    ]


def _trigger_name(t: Tracked, operation: str) -> str:
    return f"{PREFIX}{t.table}_{operation}"


def _version_table(connection: BaseDatabaseWrapper) -> str:
    return _quote(connection, DataVersion._meta.db_table)


def _quote(connection: BaseDatabaseWrapper, name: str) -> str:
    return connection.ops.quote_name(name)


def _random(connection: BaseDatabaseWrapper) -> str:
    _check_vendor(connection)
    return RANDOM[connection.vendor]


def _check_vendor(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor not in RANDOM:
        raise NotImplementedError(
            f"The dashboards' data versions have triggers for {' and '.join(RANDOM)} only."
        )
