"""Sessions the server can end: a person's sign-ins carry a generation, bumped by signing out
or closing the account, and the moment they were last ended (a sign-in issued before it is
no longer accepted).

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"


def upgrade() -> None:
    op.add_column("owners", sa.Column("session_generation", sa.Integer, nullable=False,
                                      server_default="0"))
    op.add_column("owners", sa.Column("sessions_ended_at", sa.DateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("owners") as table:  # SQLite drops columns by copying
        table.drop_column("sessions_ended_at")
        table.drop_column("session_generation")
