"""A run keeps the last moment a page was seen following it, so time the person was away
(the tab closed, the computer asleep) is not counted as time massaged. Earlier runs keep it
empty: they are read as before.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"


def upgrade() -> None:
    op.add_column("runs", sa.Column("seen_at", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("runs") as table:  # SQLite drops columns by copying
        table.drop_column("seen_at")
