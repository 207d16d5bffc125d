"""The weekly plan: a routine at a time on a weekday, with a reminder (revision 0005, after
0004)."""

import sqlalchemy as sa
from alembic import op

from planner.kernel.migrations.owned import create_owned_table

revision, down_revision = "0005", "0004"
TABLE = "plan_slots"
# Every column after id and owner_id, all required.
COLUMNS = {
    "weekday": sa.Integer(), "at": sa.Time(), "routine_name": sa.String(length=120),
    "reminder_minutes": sa.Integer(), "since": sa.Date(),
    "created_at": sa.DateTime(timezone=True),
}


def upgrade() -> None:
    create_owned_table(
        TABLE,
        *(sa.Column(name, kind, nullable=False) for name, kind in COLUMNS.items()),
        sa.UniqueConstraint("owner_id", "weekday", "at", name=f"uq_{TABLE}_owner_id_weekday_at"),
    )


def downgrade() -> None:
    op.drop_table(TABLE)
