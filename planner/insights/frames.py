"""The journal as pandas frames for the charts (SQL in, frames out), and its data version."""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING

import sqlalchemy as sa

from planner.journal.model import RATINGS, READINGS
from planner.kernel.db import OwnedRepository, data_version
from planner.kernel.schema import checkins, daily_measures, sessions

if TYPE_CHECKING:
    import pandas as pd


class Frames(OwnedRepository):
    def version(self) -> int:
        """Moves on with every change to sessions or check-ins: the charts' cache key."""
        return data_version(self.db, self.owner_id)

    def _columns(self, query: sa.Select) -> dict[str, list]:
        """Run ``query`` and return its columns as lists: far quicker for pandas than rows."""
        with self.db.read() as connection:
            result = connection.execute(query)
            names = list(result.keys())
            rows = result.all()
        if not rows:
            return {name: [] for name in names}
        columns = zip(*rows, strict=True)  # every row has every column
        return {name: list(values) for name, values in zip(names, columns, strict=True)}

    def sessions(self, zone: tzinfo) -> pd.DataFrame:
        """Sessions as a frame: started_at (UTC), day (the calendar day in ``zone``), minutes,
        ratings."""
        import pandas as pd  # imported when first needed: pages without charts start quicker
        # Read the timestamp as it is stored and parse all of it at once in pandas.
        started_raw = sa.type_coerce(sessions.c.started_at, sa.String).label("started_at")
        data = self._columns(
            sa.select(started_raw, sessions.c.actual_seconds, sessions.c.stress_before,
                      sessions.c.stress_after, sessions.c.routine_name, sessions.c.completed)
            .where(sessions.c.owner_id == self.owner_id).order_by(sessions.c.started_at)
        )
        raw = pd.Series(data["started_at"], dtype=object)
        if len(raw) and isinstance(raw.iloc[0], str):
            started = pd.to_datetime(raw, format="ISO8601")
        else:
            started = pd.to_datetime(raw)
        if started.dt.tz is None:
            started = started.dt.tz_localize("UTC")  # SQLite keeps no zone; we store UTC
        started = started.dt.tz_convert("UTC").astype("datetime64[ns, UTC]")
        local_day = started.dt.tz_convert(zone).dt.tz_localize(None).dt.normalize()
        return pd.DataFrame({
            "started_at": started,
            "day": local_day.astype("datetime64[ns]"),
            "minutes": pd.Series(data["actual_seconds"], dtype=float) / 60,
            "stress_before": pd.Series(data["stress_before"], dtype="Int64"),
            "stress_after": pd.Series(data["stress_after"], dtype="Int64"),
            "routine_name": pd.Series(data["routine_name"], dtype=str),
            "completed": pd.Series(data["completed"], dtype=bool),
        })

    def checkins(self) -> pd.DataFrame:
        import pandas as pd
        columns = ["day", "socks", "sock_hours", *RATINGS, *READINGS]
        frame = pd.DataFrame(self._columns(
            sa.select(*(checkins.c[name] for name in columns))
            .where(checkins.c.owner_id == self.owner_id).order_by(checkins.c.day)
        ))
        frame["day"] = pd.to_datetime(frame["day"]).astype("datetime64[ns]")
        for name in (*RATINGS, *READINGS):
            frame[name] = frame[name].astype("Int64")
        frame["socks"] = frame["socks"].astype(bool)
        frame["sock_hours"] = frame["sock_hours"].astype(float)
        return frame

    def measures(self) -> pd.DataFrame:
        """A watch's daily values: ``day``, ``measure``, ``value``, one row per source."""
        import pandas as pd
        frame = pd.DataFrame(self._columns(
            sa.select(daily_measures.c.day, daily_measures.c.measure, daily_measures.c.value)
            .where(daily_measures.c.owner_id == self.owner_id)))
        frame["day"] = pd.to_datetime(frame["day"]).astype("datetime64[ns]")
        frame["value"] = frame["value"].astype(float)
        return frame
