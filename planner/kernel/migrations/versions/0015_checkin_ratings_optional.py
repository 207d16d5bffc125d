"""A check-in needs only stress: swelling and pain may stay unrated (empty).

Revision ID: 0015
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"


def upgrade() -> None:
    with op.batch_alter_table("checkins") as table:  # SQLite changes columns by copying
        table.alter_column("swelling", existing_type=sa.Integer(), nullable=True)
        table.alter_column("pain", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # An unrated day can't be put back into a column that requires a number without making
    # one up: such check-ins keep the downgrade from running, and nothing is lost.
    with op.batch_alter_table("checkins") as table:
        table.alter_column("swelling", existing_type=sa.Integer(), nullable=False)
        table.alter_column("pain", existing_type=sa.Integer(), nullable=False)
