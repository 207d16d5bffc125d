"""Daily measures, one owner's: an import's records in (all or nothing), records out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from planner.kernel import clock
from planner.kernel.db import OwnedRepository, bump_data_version, hold_owner
from planner.kernel.errors import Problem
from planner.kernel.schema import daily_measures
from planner.watch.model import DailyMeasure, Preview, compare, preview

CHUNK = 1000  # rows a statement, and a step of the progress bar
Progress = Callable[[float, str], None]


def read_measures(connection: Connection, owner_id: int) -> list[DailyMeasure]:
    """The owner's measures by day, measure and source."""
    rows = connection.execute(
        sa.select(daily_measures.c.day, daily_measures.c.measure, daily_measures.c.value,
                  daily_measures.c.source)
        .where(daily_measures.c.owner_id == owner_id))
    # Sorted here: ORDER BY on text follows the database's collation.
    return sorted((DailyMeasure.model_construct(day=row.day, measure=row.measure,
                                                value=row.value, source=row.source)
                   for row in rows), key=lambda record: record.key)


def stored_values(connection: Connection, owner_id: int
                  ) -> dict[tuple[date, str, str], tuple[int, float]]:
    rows = connection.execute(
        sa.select(daily_measures.c.id, daily_measures.c.day, daily_measures.c.measure,
                  daily_measures.c.source, daily_measures.c.value)
        .where(daily_measures.c.owner_id == owner_id))
    return {(row.day, row.measure, row.source): (row.id, row.value) for row in rows}


def write_measures(connection: Connection, owner_id: int, records: Iterable[DailyMeasure],
                   progress: Progress | None = None) -> Preview:
    """Add the new records and update the changed ones, inside the caller's transaction."""
    records = tuple(records)
    stored = stored_values(connection, owner_id)
    new, changed, same = compare(records, {key: value for key, (_, value) in stored.items()})
    stamp = clock.now()
    total, done = max(1, len(new) + len(changed)), 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(min(1.0, done / total), "Saving the daily values")

    for start in range(0, len(new), CHUNK):
        part = new[start:start + CHUNK]
        connection.execute(daily_measures.insert(), [
            {"owner_id": owner_id, "day": r.day, "measure": r.measure, "value": r.value,
             "source": r.source, "imported_at": stamp} for r in part])
        step(len(part))
    update = (daily_measures.update()
              .where(daily_measures.c.id == sa.bindparam("row_id"),
                     daily_measures.c.owner_id == owner_id)
              .values(value=sa.bindparam("new_value"), imported_at=stamp))
    for start in range(0, len(changed), CHUNK):
        part = changed[start:start + CHUNK]
        connection.execute(update, [{"row_id": stored[r.key][0], "new_value": r.value}
                                    for r in part])
        step(len(part))
    return Preview(records, len(new), len(changed), same)


class MeasureRepo(OwnedRepository):
    def all(self) -> list[DailyMeasure]:
        with self.db.read() as connection:
            return read_measures(connection, self.owner_id)

    def measured(self) -> set[str]:
        """The measures the person has imported at least one value of."""
        with self.db.read() as connection:
            return set(connection.scalars(
                sa.select(daily_measures.c.measure).distinct()
                .where(daily_measures.c.owner_id == self.owner_id)))

    def count(self) -> int:
        with self.db.read() as connection:
            return connection.scalar(sa.select(sa.func.count()).select_from(daily_measures)
                                     .where(daily_measures.c.owner_id == self.owner_id))

    def preview(self, records: Sequence[DailyMeasure]) -> Preview:
        """What importing ``records`` would add, change and leave; writes nothing."""
        with self.db.read() as connection:
            stored = stored_values(connection, self.owner_id)
        return preview(records, {key: value for key, (_, value) in stored.items()})

    def save(self, records: Sequence[DailyMeasure], progress: Progress | None = None
             ) -> Preview:
        """Import ``records`` in one transaction: all of them, or none. Compared again with
        what is here inside the transaction, so a second import of the same export (in
        another tab at once, say) changes nothing."""
        try:
            with self.db.write() as connection:
                hold_owner(connection, self.owner_id)
                result = write_measures(connection, self.owner_id, records, progress)
                if result.new or result.changed:
                    bump_data_version(connection, self.owner_id)  # the charts are redrawn
        except sa.exc.IntegrityError as error:
            raise Problem("file", "Another window imported the same values at once. Nothing "
                                  "was imported; try again.") from error
        return result
