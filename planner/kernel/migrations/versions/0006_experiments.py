"""Personal experiments: the design of each, its schedule following from it and its seed
(revision 0006, after 0005)."""

import sqlalchemy as sa
from alembic import op

from planner.kernel.migrations.owned import create_owned_table

revision, down_revision = "0006", "0005"
TABLE = "experiments"
# Every column after id and owner_id; only ended_at (a running experiment has none) is optional.
REQUIRED = {
    "conditions": sa.JSON(), "days_per_condition": sa.Integer(), "wash_out": sa.Boolean(),
    "blocks": sa.Integer(), "outcome": sa.String(length=12), "start": sa.Date(),
    "seed": sa.BigInteger(), "created_at": sa.DateTime(timezone=True),
}


def upgrade() -> None:
    create_owned_table(
        TABLE,
        *(sa.Column(name, kind, nullable=False) for name, kind in REQUIRED.items()),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index(f"ix_{TABLE}_owner_id", TABLE, ["owner_id"])


def downgrade() -> None:
    op.drop_index(f"ix_{TABLE}_owner_id", table_name=TABLE)
    op.drop_table(TABLE)
