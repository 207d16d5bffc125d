"""Versions for the health profile and the preferences, as the other records have: a stale
save from a window opened earlier is refused instead of undoing what another window saved.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"


def upgrade() -> None:
    for table in ("profiles", "preferences"):
        op.add_column(table, sa.Column("version", sa.Integer(), server_default="1",
                                       nullable=False))


def downgrade() -> None:
    for table in ("preferences", "profiles"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
