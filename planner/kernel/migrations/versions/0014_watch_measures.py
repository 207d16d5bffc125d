"""Daily measures from a watch: resting heart rate, heart-rate variability, sleep and steps,
one value per day, measure and source (revision 0014).

Revision ID: 0014
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

from planner.kernel.migrations.owned import columns, create_owned_table

revision, down_revision = "0014", "0013"
TABLE = "daily_measures"


def upgrade() -> None:
    create_owned_table(
        TABLE,
        *columns({"day": sa.Date(), "measure": sa.String(length=16), "value": sa.Float(),
                  "source": sa.String(length=120), "imported_at": sa.DateTime(timezone=True)}),
        sa.UniqueConstraint("owner_id", "day", "measure", "source",
                            name=f"uq_{TABLE}_owner_id_day_measure_source"),
    )


def downgrade() -> None:
    op.drop_table(TABLE)
