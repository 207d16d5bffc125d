"""Closed accounts' identities, so a sign-in issued before an account was closed (a cookie
copied earlier) can't open a new, empty account for that identity. Only a digest of the
identity and the closing time are kept: nothing of the person's records, nothing that names
them.

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"


def upgrade() -> None:
    op.create_table(
        "closed_identities",
        sa.Column("identity_digest", sa.String(64), primary_key=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("closed_identities")
