"""The database tables. Changes to them ship as an Alembic migration in planner/migrations."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "pk": "pk_%(table_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)

# Every record belongs to an owner. The app has one local owner today; a hosted version with
# sign-in adds rows here and filters by them, with no change to the other tables.
owners = sa.Table(
    "owners",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(120), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    # Bumped in every transaction that changes sessions or check-ins, so cached charts know
    # when to rebuild, across app processes.
    sa.Column("data_version", sa.Integer, nullable=False, server_default="0"),
)

routines = sa.Table(
    "routines",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("owner_id", sa.ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    sa.Column("name", sa.String(120), nullable=False),
    # The case- and space-folded name, so "Evening calm" and "evening  calm" can't both exist.
    sa.Column("name_key", sa.String(120), nullable=False),
    sa.Column("switch_pause_seconds", sa.Integer, nullable=False),
    sa.Column("steps", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    # Bumped by every update, which must name the version it started from: two windows
    # editing the same record can't both be told "saved" (optimistic concurrency).
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.UniqueConstraint("owner_id", "name_key"),
)

profiles = sa.Table(
    "profiles",
    metadata,
    sa.Column("owner_id", sa.ForeignKey("owners.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("conditions", sa.JSON, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

preferences = sa.Table(
    "preferences",
    metadata,
    sa.Column("owner_id", sa.ForeignKey("owners.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

# A run in progress: a copy of the plan as it was started, plus the person's actions. Everything
# shown while it runs is computed from these and the clock (planner.timer).
runs = sa.Table(
    "runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("owner_id", sa.ForeignKey("owners.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("routine_id", sa.Integer, nullable=True),  # no FK: deleting it leaves runs alone
    sa.Column("routine_name", sa.String(120), nullable=False),
    sa.Column("plan", sa.JSON, nullable=False),
    sa.Column("stress_before", sa.Integer, nullable=True),
    sa.Column("status", sa.String(12), nullable=False),  # active, logged, discarded
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    # At most one active run per owner, even when two windows press Start at once.
    sa.Index("ix_runs_one_active", "owner_id", unique=True,
             sqlite_where=sa.text("status = 'active'"),
             postgresql_where=sa.text("status = 'active'")),
)

run_actions = sa.Table(
    "run_actions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("run_id", sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("at", sa.Float, nullable=False),  # seconds since the epoch
)

# A logged session: what was done, for the history and the charts.
sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("owner_id", sa.ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    # Unique, so two tabs finishing the same run can't log it twice.
    sa.Column("run_id", sa.Integer, nullable=True, unique=True),
    sa.Column("routine_name", sa.String(120), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("planned_seconds", sa.Integer, nullable=False),
    sa.Column("actual_seconds", sa.Integer, nullable=False),
    sa.Column("completed", sa.Boolean, nullable=False),
    sa.Column("steps", sa.JSON, nullable=False),
    sa.Column("stress_before", sa.Integer, nullable=True),
    sa.Column("stress_after", sa.Integer, nullable=True),
    sa.Column("notes", sa.Text, nullable=False),
    sa.Column("source", sa.String(8), nullable=False),  # timer or manual
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("is_sample", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Index("ix_sessions_owner_id_started_at", "owner_id", "started_at"),
    sa.Index("ix_sessions_owner_id_is_sample", "owner_id", "is_sample"),
)

checkins = sa.Table(
    "checkins",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("owner_id", sa.ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("stress", sa.Integer, nullable=False),
    sa.Column("socks", sa.Boolean, nullable=False),
    sa.Column("sock_hours", sa.Float, nullable=True),
    sa.Column("swelling", sa.Integer, nullable=False),
    sa.Column("pain", sa.Integer, nullable=False),
    sa.Column("sleep", sa.Integer, nullable=True),
    sa.Column("pulse", sa.Integer, nullable=True),
    sa.Column("systolic", sa.Integer, nullable=True),
    sa.Column("diastolic", sa.Integer, nullable=True),
    sa.Column("notes", sa.Text, nullable=False),
    sa.Column("is_sample", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.UniqueConstraint("owner_id", "day"),  # one check-in per day
    sa.Index("ix_checkins_owner_id_is_sample", "owner_id", "is_sample"),
)
