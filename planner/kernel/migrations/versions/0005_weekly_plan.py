"""The weekly plan: a routine at a time on a weekday, with a reminder.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.create_table(
        "plan_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("at", sa.Time(), nullable=False),
        sa.Column("routine_name", sa.String(length=120), nullable=False),
        sa.Column("reminder_minutes", sa.Integer(), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["owners.id"], ondelete="CASCADE",
                                name="fk_plan_slots_owner_id_owners"),
        sa.PrimaryKeyConstraint("id", name="pk_plan_slots"),
        sa.UniqueConstraint("owner_id", "weekday", "at",
                            name="uq_plan_slots_owner_id_weekday_at"),
    )


def downgrade() -> None:
    op.drop_table("plan_slots")
