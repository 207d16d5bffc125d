"""The one shape the migrations repeat: a table whose rows have an id and belong to an owner.

The migrations call it as they were written; it must keep making the same tables (the test
that migrates an empty database compares the result with ``planner.kernel.schema``), so
change it only in a way that makes no difference to them.
"""

import sqlalchemy as sa
from alembic import op


def create_owned_table(table: str, *columns: sa.Column | sa.Constraint,
                       unique: tuple[str, ...] = ()) -> None:
    """``table`` with an id, an owner (deleted with the owner), ``columns`` and constraints,
    and one unique constraint per column named in ``unique``."""
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


def columns(required: dict[str, sa.types.TypeEngine],
            optional: dict[str, sa.types.TypeEngine] | None = None) -> list[sa.Column]:
    """Columns by name and type: ``required`` ones NOT NULL, then the ``optional`` ones."""
    return ([sa.Column(name, kind, nullable=False) for name, kind in required.items()]
            + [sa.Column(name, kind, nullable=True) for name, kind in (optional or {}).items()])
