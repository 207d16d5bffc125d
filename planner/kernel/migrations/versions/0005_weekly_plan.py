"""The weekly plan: a routine at a time on a weekday, with a reminder (revision 0005, after
0004)."""

import sqlalchemy as sa
from alembic import op

revision, down_revision = "0005", "0004"
TABLE = "plan_slots"
# Every column after id and owner_id, all required.
COLUMNS = {
    "weekday": sa.Integer(), "at": sa.Time(), "routine_name": sa.String(length=120),
    "reminder_minutes": sa.Integer(), "since": sa.Date(),
    "created_at": sa.DateTime(timezone=True),
}


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(),
                  sa.ForeignKey("owners.id", ondelete="CASCADE",
                                name=f"fk_{TABLE}_owner_id_owners"), nullable=False),
        *(sa.Column(name, kind, nullable=False) for name, kind in COLUMNS.items()),
        sa.PrimaryKeyConstraint("id", name=f"pk_{TABLE}"),
        sa.UniqueConstraint("owner_id", "weekday", "at", name=f"uq_{TABLE}_owner_id_weekday_at"),
    )


def downgrade() -> None:
    op.drop_table(TABLE)
