"""Runs in progress, their actions, logged sessions, and preferences.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def _owned(table: str, *columns: sa.Column, unique: tuple[str, ...] = ()) -> None:
    """A table whose rows have an id and belong to an owner."""
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(["owner_id"], ["owners.id"], ondelete="CASCADE",
                                name=f"fk_{table}_owner_id_owners"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
        *(sa.UniqueConstraint(column, name=f"uq_{table}_{column}") for column in unique),
    )


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
    _owned(
        "runs",
        sa.Column("routine_id", sa.Integer(), nullable=True),
        sa.Column("routine_name", sa.String(length=120), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("stress_before", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_runs_owner_id", "runs", ["owner_id"], unique=False)
    _owned(
        "sessions",
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("routine_name", sa.String(length=120), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("planned_seconds", sa.Integer(), nullable=False),
        sa.Column("actual_seconds", sa.Integer(), nullable=False),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("stress_before", sa.Integer(), nullable=True),
        sa.Column("stress_after", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        unique=("run_id",),
    )
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
