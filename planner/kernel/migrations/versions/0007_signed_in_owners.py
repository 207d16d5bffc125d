"""Owners who sign in: keyed on their identity provider (issuer) and their id there (subject).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    op.add_column("owners", sa.Column("issuer", sa.String(length=500), nullable=True))
    op.add_column("owners", sa.Column("subject", sa.String(length=255), nullable=True))
    op.create_index("ix_owners_issuer_subject", "owners", ["issuer", "subject"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_owners_issuer_subject", table_name="owners")
    op.drop_column("owners", "subject")
    op.drop_column("owners", "issuer")
