"""The journal as frames for the charts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from planner.journal.model import Session, make_checkin
from planner.kernel import clock

TODAY = date(2026, 11, 23)


GOOD = {"day": TODAY, "today": TODAY, "stress": 4, "swelling": 2, "pain": 1}


def test_frames_have_the_columns_and_types_the_charts_expect(store):
    store.checkins.save(make_checkin(**GOOD, socks=True))
    frame = store.frames.checkins()
    assert list(frame.columns) == ["day", "socks", "sock_hours", "stress", "swelling", "pain",
                                   "sleep", "pulse", "systolic", "diastolic"]
    assert str(frame["stress"].dtype) == "Int64" and frame["socks"].tolist() == [True]
    assert store.frames.sessions(UTC).empty


def test_a_sessions_day_is_the_calendar_day_in_the_persons_zone(store):
    start = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)
    with clock.frozen(start + timedelta(days=1)):
        store.sessions.log(Session(routine_name="Foot rub", started_at=start,
                                   ended_at=start + timedelta(minutes=10), planned_seconds=600,
                                   actual_seconds=600, completed=True, source="manual"))
    days = {zone: str(store.frames.sessions(ZoneInfo(zone))["day"].dt.date.iloc[0])
            for zone in ("Pacific/Kiritimati", "UTC", "Pacific/Pago_Pago")}
    assert days == {"Pacific/Kiritimati": "2026-11-24", "UTC": "2026-11-23",
                    "Pacific/Pago_Pago": "2026-11-23"}
