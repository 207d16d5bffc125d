"""Daily check-ins, sample-data flags, and a data version for chart caches.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("stress", sa.Integer(), nullable=False),
        sa.Column("socks", sa.Boolean(), nullable=False),
        sa.Column("sock_hours", sa.Float(), nullable=True),
        sa.Column("swelling", sa.Integer(), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=False),
        sa.Column("sleep", sa.Integer(), nullable=True),
        sa.Column("pulse", sa.Integer(), nullable=True),
        sa.Column("systolic", sa.Integer(), nullable=True),
        sa.Column("diastolic", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("is_sample", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["owners.id"], ondelete="CASCADE",
                                name="fk_checkins_owner_id_owners"),
        sa.PrimaryKeyConstraint("id", name="pk_checkins"),
        sa.UniqueConstraint("owner_id", "day", name="uq_checkins_owner_id_day"),
    )
    op.add_column("owners", sa.Column("data_version", sa.Integer(), server_default="0",
                                      nullable=False))
    op.add_column("sessions", sa.Column("is_sample", sa.Boolean(), server_default=sa.false(),
                                        nullable=False))
    op.create_index("ix_sessions_owner_id_is_sample", "sessions", ["owner_id", "is_sample"])
    op.create_index("ix_checkins_owner_id_is_sample", "checkins", ["owner_id", "is_sample"])


def downgrade() -> None:
    op.drop_index("ix_checkins_owner_id_is_sample", table_name="checkins")
    op.drop_index("ix_sessions_owner_id_is_sample", table_name="sessions")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("is_sample")
    with op.batch_alter_table("owners") as batch:
        batch.drop_column("data_version")
    op.drop_table("checkins")
