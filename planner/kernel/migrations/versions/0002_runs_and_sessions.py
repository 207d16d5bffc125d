"""Runs in progress, their actions, logged sessions, and preferences.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from planner.kernel.migrations.owned import columns, create_owned_table

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "preferences",
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["owners.id"], ondelete="CASCADE",
                                name="fk_preferences_owner_id_owners"),
        sa.PrimaryKeyConstraint("owner_id", name="pk_preferences"),
    )
    create_owned_table("runs", *columns(
        {"routine_name": sa.String(length=120), "plan": sa.JSON(),
         "status": sa.String(length=12), "created_at": sa.DateTime(timezone=True),
         "updated_at": sa.DateTime(timezone=True)},
        optional={"routine_id": sa.Integer(), "stress_before": sa.Integer()}))
    op.create_index("ix_runs_owner_id", "runs", ["owner_id"], unique=False)
    create_owned_table("sessions", *columns(
        {"routine_name": sa.String(length=120), "started_at": sa.DateTime(timezone=True),
         "ended_at": sa.DateTime(timezone=True), "planned_seconds": sa.Integer(),
         "actual_seconds": sa.Integer(), "completed": sa.Boolean(), "steps": sa.JSON(),
         "notes": sa.Text(), "source": sa.String(length=8),
         "created_at": sa.DateTime(timezone=True)},
        optional={"run_id": sa.Integer(), "stress_before": sa.Integer(),
                  "stress_after": sa.Integer()}), unique=("run_id",))
    op.create_index("ix_sessions_owner_id_started_at", "sessions", ["owner_id", "started_at"],
                    unique=False)
    op.create_table(
        "run_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE",
                                name="fk_run_actions_run_id_runs"),
        sa.PrimaryKeyConstraint("id", name="pk_run_actions"),
    )
    op.create_index("ix_run_actions_run_id", "run_actions", ["run_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_run_actions_run_id", table_name="run_actions")
    op.drop_table("run_actions")
    op.drop_index("ix_sessions_owner_id_started_at", table_name="sessions")
    op.drop_table("sessions")
    op.drop_index("ix_runs_owner_id", table_name="runs")
    op.drop_table("runs")
    op.drop_table("preferences")
