"""Daily check-ins, sample-data flags, and a data version for chart caches.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from planner.kernel.migrations.owned import columns, create_owned_table

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    create_owned_table(
        "checkins",
        *columns({"day": sa.Date(), "stress": sa.Integer(), "socks": sa.Boolean(),
                  "swelling": sa.Integer(), "pain": sa.Integer(), "notes": sa.Text(),
                  "created_at": sa.DateTime(timezone=True),
                  "updated_at": sa.DateTime(timezone=True)},
                 optional={"sock_hours": sa.Float(), "sleep": sa.Integer(),
                           "pulse": sa.Integer(), "systolic": sa.Integer(),
                           "diastolic": sa.Integer()}),
        sa.Column("is_sample", sa.Boolean(), server_default=sa.false(), nullable=False),
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
