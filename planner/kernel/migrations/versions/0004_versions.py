"""Versions for optimistic concurrency, and at most one active run per owner.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"

ACTIVE = sa.text("status = 'active'")


def upgrade() -> None:
    for table in ("routines", "sessions", "checkins"):
        op.add_column(table, sa.Column("version", sa.Integer(), server_default="1",
                                       nullable=False))
    # Earlier versions discarded an older active run when a new one started, so there is at
    # most one; keep only the newest in case a database says otherwise.
    op.execute("""
        UPDATE runs SET status = 'discarded'
        WHERE status = 'active' AND id NOT IN (
            SELECT MAX(id) FROM runs WHERE status = 'active' GROUP BY owner_id)
    """)
    op.create_index("ix_runs_one_active", "runs", ["owner_id"], unique=True,
                    sqlite_where=ACTIVE, postgresql_where=ACTIVE)


def downgrade() -> None:
    op.drop_index("ix_runs_one_active", table_name="runs")
    for table in ("checkins", "sessions", "routines"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
