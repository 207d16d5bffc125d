"""A run keeps the steps the person confirmed on the Run page although their health profile
advises against them (technique ids). Earlier runs keep it empty: none was asked.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    op.add_column("runs", sa.Column("confirmed_steps", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("runs") as table:  # SQLite drops columns by copying
        table.drop_column("confirmed_steps")
