"""A check-in on an experiment day says whether the plan was followed, and what was done
instead if it wasn't. Both are optional: earlier check-ins keep them empty.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    op.add_column("checkins", sa.Column("plan_followed", sa.Boolean(), nullable=True))
    op.add_column("checkins", sa.Column("done_instead", sa.String(length=12), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("checkins") as table:  # SQLite drops columns by copying
        table.drop_column("done_instead")
        table.drop_column("plan_followed")
