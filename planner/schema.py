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
    sa.UniqueConstraint("owner_id", "name_key"),
)

profiles = sa.Table(
    "profiles",
    metadata,
    sa.Column("owner_id", sa.ForeignKey("owners.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("conditions", sa.JSON, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
