"""The journal as frames for the charts."""

from __future__ import annotations

from datetime import UTC, date

from planner.journal.model import make_checkin

TODAY = date(2026, 11, 23)


GOOD = {"day": TODAY, "today": TODAY, "stress": 4, "swelling": 2, "pain": 1}


def test_frames_have_the_columns_and_types_the_charts_expect(store):
    store.checkins.save(make_checkin(**GOOD, socks=True))
    frame = store.frames.checkins()
    assert list(frame.columns) == ["day", "stress", "socks", "sock_hours", "swelling", "pain",
                                   "sleep", "pulse", "systolic", "diastolic"]
    assert str(frame["stress"].dtype) == "Int64" and frame["socks"].tolist() == [True]
    assert store.frames.sessions(UTC).empty
