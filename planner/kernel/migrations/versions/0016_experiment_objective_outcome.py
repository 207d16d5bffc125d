"""An experiment's outcome may be a watch's measure the next day ("resting_hr", "hrv_sdnn",
"sleep_minutes"): the column that names it grows from 12 to 20 characters.

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"


def upgrade() -> None:
    with op.batch_alter_table("experiments") as table:  # SQLite changes columns by copying
        table.alter_column("outcome", existing_type=sa.String(length=12),
                           type_=sa.String(length=20), existing_nullable=False)


def downgrade() -> None:
    # An experiment on "sleep_minutes" doesn't fit 12 characters: on PostgreSQL such rows keep
    # the downgrade from running, and nothing is cut short.
    with op.batch_alter_table("experiments") as table:
        table.alter_column("outcome", existing_type=sa.String(length=20),
                           type_=sa.String(length=12), existing_nullable=False)
