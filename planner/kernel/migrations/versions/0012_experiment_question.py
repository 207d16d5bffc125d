"""An experiment names its main question at the start (massage vs socks, say). Experiments
planned before it keep it empty: their main question is their first two conditions.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"


def upgrade() -> None:
    op.add_column("experiments", sa.Column("question", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("experiments") as table:  # SQLite drops columns by copying
        table.drop_column("question")
