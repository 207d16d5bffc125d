"""The guided-run timer: a pure model of step lengths, timestamped actions and an injected clock."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.runs.timer import Action, RunState, run_state

# No database, no clock and no time zone (held by the guard in tests/conftest.py): the rerun
# on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere

T0 = 1_000.0  # the injected clock: plain floats, seconds
D = (60, 30, 90)  # three steps, 180 s in all


def at(kind: str, t: float) -> Action:
    return Action(kind, t)  # type: ignore[arg-type]


def state(now: float, *actions: tuple[str, float], durations=D) -> RunState:
    return run_state(durations, [at(k, t) for k, t in actions], now)


def same_apart_from_pauses(a: RunState, b: RunState) -> bool:
    return replace(a, paused_seconds=0.0) == replace(b, paused_seconds=0.0)


# --- not started, running, crossing boundaries --------------------------------------------------


def test_not_started():
    s = run_state(D, [], now=T0 + 500)
    assert not s.started and not s.running and not s.over and not s.paused
    assert s.started_at is None and s.ended_at is None
    assert (s.index, s.into_step, s.remaining) == (0, 0.0, 60)
    assert s.total_remaining == 180
    assert s.actual == (0.0, 0.0, 0.0) and s.active_seconds == 0
    assert s.skipped == frozenset() and s.paused_seconds == 0


def test_actions_without_start_do_not_start_the_run():
    s = state(T0 + 50, ("pause", T0), ("skip", T0 + 10))
    assert not s.started and s.index == 0 and s.actual == (0.0, 0.0, 0.0)


def test_at_the_start_instant():
    s = state(T0, ("start", T0))
    assert s.started and s.running
    assert (s.index, s.into_step, s.remaining, s.total_remaining) == (0, 0.0, 60, 180)


def test_mid_first_step():
    s = state(T0 + 25, ("start", T0))
    assert s.running and s.started_at == T0
    assert (s.index, s.into_step, s.remaining) == (0, 25.0, 35.0)
    assert s.total_remaining == 155
    assert s.actual == (25.0, 0.0, 0.0)


def test_exact_boundary_moves_to_next_step():
    s = state(T0 + 60, ("start", T0))
    assert (s.index, s.into_step, s.remaining) == (1, 0.0, 30)
    assert s.actual == (60.0, 0.0, 0.0)
    assert s.total_remaining == 120


def test_crossing_one_boundary_carries_overflow():
    s = state(T0 + 70, ("start", T0))
    assert (s.index, s.into_step, s.remaining) == (1, 10.0, 20.0)
    assert s.actual == (60.0, 10.0, 0.0)
    assert s.total_remaining == 110


def test_crossing_several_boundaries():
    s = state(T0 + 100, ("start", T0))  # 60 + 30 done, 10 into the 90 s step
    assert (s.index, s.into_step, s.remaining) == (2, 10.0, 80.0)
    assert s.actual == (60.0, 30.0, 10.0)
    assert s.total_remaining == 80
    assert not s.over


def test_many_short_steps_crossed_at_once():
    s = run_state([1] * 10, [at("start", T0)], T0 + 7.5)
    assert (s.index, s.into_step) == (7, 0.5)
    assert s.actual == (1.0,) * 7 + (0.5, 0.0, 0.0)


# --- pause and resume ---------------------------------------------------------------------------


def test_pause_holds_the_countdown_for_five_minutes():
    actions = (("start", T0), ("pause", T0 + 20))
    at_pause = state(T0 + 20, *actions)
    later = state(T0 + 20 + 300, *actions)
    assert at_pause.paused and later.paused and not later.running
    assert later.remaining == at_pause.remaining == 40.0
    assert later.into_step == at_pause.into_step == 20.0
    assert later.index == at_pause.index == 0
    assert later.total_remaining == at_pause.total_remaining == 160
    assert later.actual == at_pause.actual == (20.0, 0.0, 0.0)
    assert at_pause.paused_seconds == 0 and later.paused_seconds == 300
    assert same_apart_from_pauses(at_pause, later)


def test_resume_continues_exactly():
    actions = (("start", T0), ("pause", T0 + 20), ("resume", T0 + 320))
    at_resume = state(T0 + 320, *actions)
    assert at_resume.running and at_resume.remaining == 40.0
    s = state(T0 + 330, *actions)
    assert (s.index, s.into_step, s.remaining) == (0, 30.0, 30.0)
    assert s.paused_seconds == 300
    # The boundary moves by exactly the pause: 60 s of step 0 end at T0 + 360.
    b = state(T0 + 360, *actions)
    assert (b.index, b.into_step) == (1, 0.0)
    assert b.actual == (60.0, 0.0, 0.0)


def test_long_pause_of_hours():
    hours = 5 * 3600.0
    actions = (("start", T0), ("pause", T0 + 45), ("resume", T0 + 45 + hours))
    paused = state(T0 + 45 + hours - 1, *actions[:2])
    assert paused.paused and paused.remaining == 15.0 and paused.paused_seconds == hours - 1
    s = state(T0 + 45 + hours + 20, *actions)
    assert (s.index, s.into_step) == (1, 5.0)
    assert s.actual == (60.0, 5.0, 0.0)
    assert s.paused_seconds == hours


def test_double_pause_is_ignored():
    one = state(T0 + 200, ("start", T0), ("pause", T0 + 10))
    two = state(T0 + 200, ("start", T0), ("pause", T0 + 10), ("pause", T0 + 50))
    assert one == two
    assert two.paused_seconds == 190 and two.into_step == 10.0


def test_resume_without_pause_is_ignored():
    plain = state(T0 + 40, ("start", T0))
    extra = state(T0 + 40, ("start", T0), ("resume", T0 + 10))
    assert plain == extra
    assert extra.paused_seconds == 0 and extra.into_step == 40.0


def test_resume_twice_counts_one_pause():
    s = state(
        T0 + 100, ("start", T0), ("pause", T0 + 10), ("resume", T0 + 30), ("resume", T0 + 50)
    )
    assert s.paused_seconds == 20 and s.actual == (60.0, 20.0, 0.0)


def test_several_pauses_add_up():
    s = state(
        T0 + 100,
        ("start", T0), ("pause", T0 + 10), ("resume", T0 + 20),
        ("pause", T0 + 50), ("resume", T0 + 80),
    )
    assert s.paused_seconds == 40
    assert s.active_seconds == 60 and (s.index, s.into_step) == (1, 0.0)


# --- skip and back ------------------------------------------------------------------------------


def test_skip_moves_to_next_step_with_full_length():
    s = state(T0 + 25, ("start", T0), ("skip", T0 + 20))
    assert (s.index, s.into_step, s.remaining) == (1, 5.0, 25.0)
    assert s.skipped == frozenset({0})
    assert s.actual == (20.0, 5.0, 0.0)
    assert s.total_remaining == 25 + 90


def test_skip_of_the_last_step_finishes_at_the_skip():
    s = state(
        T0 + 999,
        ("start", T0), ("skip", T0 + 10), ("skip", T0 + 20), ("skip", T0 + 30),
    )
    assert s.finished and s.over and not s.stopped and not s.running
    assert s.index == 3 and s.ended_at == T0 + 30
    assert s.skipped == frozenset({0, 1, 2})
    assert s.actual == (10.0, 10.0, 10.0)
    assert s.total_remaining == 0 and s.remaining == 0


def test_skip_while_paused_stays_paused_on_next_step():
    actions = (("start", T0), ("pause", T0 + 10), ("skip", T0 + 40))
    s = state(T0 + 100, *actions)
    assert s.paused and not s.running
    assert (s.index, s.into_step, s.remaining) == (1, 0.0, 30)
    assert s.skipped == frozenset({0})
    assert s.actual == (10.0, 0.0, 0.0)
    assert s.paused_seconds == 90
    resumed = state(T0 + 110, *actions, ("resume", T0 + 100))
    assert resumed.running and (resumed.index, resumed.into_step) == (1, 10.0)


def test_skip_of_the_last_step_while_paused_closes_the_pause():
    s = run_state([10], [at("start", T0), at("pause", T0 + 5), at("skip", T0 + 20)], T0 + 50)
    assert s.finished and s.ended_at == T0 + 20 and s.index == 1
    assert not s.paused
    assert s.actual == (5.0,)
    assert s.paused_seconds == 15
    assert s.active_seconds == (s.ended_at - s.started_at) - s.paused_seconds


def test_back_from_step_2_restarts_step_1():
    s = state(T0 + 110, ("start", T0), ("back", T0 + 100))  # at T0+100: step 2, 10 s in
    assert (s.index, s.into_step, s.remaining) == (1, 10.0, 20.0)
    assert s.actual == (60.0, 40.0, 10.0)
    assert s.total_remaining == 20 + 90
    assert s.skipped == frozenset()


def test_back_on_step_0_restarts_it():
    s = state(T0 + 50, ("start", T0), ("back", T0 + 40))
    assert (s.index, s.into_step, s.remaining) == (0, 10.0, 50.0)
    assert s.actual == (50.0, 0.0, 0.0)


def test_skipped_step_completed_later_is_not_skipped():
    # Skip step 0 at 10, back to it at 15 (5 s into step 1), then let it run out.
    s = state(T0 + 80, ("start", T0), ("skip", T0 + 10), ("back", T0 + 15))
    assert (s.index, s.into_step) == (1, 5.0)
    assert s.skipped == frozenset()
    assert s.actual == (70.0, 10.0, 0.0)


def test_skipped_step_revisited_and_skipped_again_stays_skipped():
    s = state(T0 + 30, ("start", T0), ("skip", T0 + 10), ("back", T0 + 15), ("skip", T0 + 20))
    assert s.skipped == frozenset({0}) and (s.index, s.into_step) == (1, 10.0)


# --- finishing and stopping ---------------------------------------------------------------------


def test_finished_run():
    s = state(T0 + 10_000, ("start", T0))
    assert s.finished and s.over and not s.stopped and not s.running
    assert s.index == len(D) and s.step_seconds == 0
    assert s.remaining == 0 and s.total_remaining == 0
    assert s.ended_at == T0 + 180
    assert s.actual == (60.0, 30.0, 90.0)
    assert s.skipped == frozenset() and s.paused_seconds == 0


def test_finished_at_the_exact_end():
    s = state(T0 + 180, ("start", T0))
    assert s.finished and s.ended_at == T0 + 180 and s.index == 3


def test_finished_run_ends_after_its_pauses():
    actions = (("start", T0), ("pause", T0 + 30), ("resume", T0 + 130))
    s = state(T0 + 10_000, *actions)
    assert s.finished and s.ended_at == T0 + 180 + 100
    assert s.paused_seconds == 100 and s.total_remaining == 0


def test_actions_after_the_end_are_ignored():
    base = (("start", T0), ("pause", T0 + 30), ("resume", T0 + 130))
    done = state(T0 + 10_000, *base)
    later = state(
        T0 + 10_000,
        *base,
        ("pause", T0 + 500), ("back", T0 + 600), ("skip", T0 + 700),
        ("resume", T0 + 800), ("stop", T0 + 900),
    )
    assert later == done


def test_stop_while_running():
    s = state(T0 + 999, ("start", T0), ("stop", T0 + 70))
    assert s.stopped and s.over and not s.finished and not s.running and not s.paused
    assert s.ended_at == T0 + 70
    assert (s.index, s.into_step) == (1, 10.0)
    assert s.actual == (60.0, 10.0, 0.0)
    assert s.total_remaining == 0
    assert s.paused_seconds == 0


def test_stop_while_paused():
    s = state(T0 + 999, ("start", T0), ("pause", T0 + 20), ("stop", T0 + 200))
    assert s.stopped and not s.paused and not s.running
    assert s.ended_at == T0 + 200
    assert s.paused_seconds == 180
    assert s.actual == (20.0, 0.0, 0.0) and s.into_step == 20.0


def test_actions_after_stop_are_ignored():
    base = (("start", T0), ("stop", T0 + 70))
    assert state(T0 + 999, *base, ("resume", T0 + 80), ("skip", T0 + 90)) == state(
        T0 + 999, *base
    )


def test_state_after_stop_does_not_depend_on_now():
    base = (("start", T0), ("pause", T0 + 20), ("stop", T0 + 200))
    assert state(T0 + 300, *base) == state(T0 + 90_000, *base)


# --- input handling -----------------------------------------------------------------------------


def test_actions_out_of_order_are_sorted():
    ordered = [at("start", T0), at("pause", T0 + 10), at("resume", T0 + 40), at("skip", T0 + 50)]
    shuffled = [ordered[2], ordered[3], ordered[0], ordered[1]]
    assert run_state(D, shuffled, T0 + 60) == run_state(D, ordered, T0 + 60)
    s = run_state(D, shuffled, T0 + 60)
    assert (s.index, s.into_step, s.paused_seconds) == (1, 10.0, 30)


def test_actions_before_start_are_ignored():
    plain = state(T0 + 30, ("start", T0))
    noisy = state(T0 + 30, ("pause", T0 - 50), ("skip", T0 - 20), ("stop", T0 - 1), ("start", T0))
    assert noisy == plain


@pytest.mark.parametrize("durations", [(0,), (60, 0, 30), (60, -5)])
def test_durations_must_be_positive(durations):
    with pytest.raises(ValueError):
        run_state(durations, [at("start", T0)], T0 + 1)
    with pytest.raises(ValueError):
        run_state(durations, [], T0)


# --- properties ---------------------------------------------------------------------------------

durations_st = st.lists(st.integers(1, 600), min_size=1, max_size=6).map(tuple)
gap_st = st.floats(0.5, 900, allow_nan=False, allow_infinity=False)
start_st = st.floats(0, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def runs(draw, kinds=("pause", "resume", "skip", "back", "stop"), max_actions=12):
    durations = draw(durations_st)
    t = draw(start_st)
    actions = [at("start", t)]
    for kind in draw(st.lists(st.sampled_from(kinds), max_size=max_actions)):
        t += draw(gap_st)
        actions.append(at(kind, t))
    now = t + draw(st.floats(0, 5000, allow_nan=False, allow_infinity=False))
    return durations, actions, now


def check_invariants(s: RunState, now: float) -> None:
    n = len(s.durations)
    assert 0 <= s.index <= n
    assert 0 <= s.remaining <= s.step_seconds
    assert 0 <= s.into_step <= s.step_seconds
    assert all(a >= 0 for a in s.actual)
    assert s.paused_seconds >= 0
    assert s.skipped <= frozenset(range(n))
    if s.finished:
        assert s.index == n and s.ended_at is not None and s.total_remaining == 0
    if s.over:
        assert not s.paused and not s.running
    end = s.ended_at if s.over else now
    assert s.started_at is not None and end is not None
    assert s.active_seconds == pytest.approx((end - s.started_at) - s.paused_seconds, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(runs())
def test_invariants_for_any_run(run):
    durations, actions, now = run
    check_invariants(run_state(durations, actions, now), now)


@settings(max_examples=200, deadline=None)
@given(durations_st, start_st, st.lists(st.floats(0, 5000), min_size=2, max_size=10))
def test_without_actions_the_index_never_goes_back(durations, t0, offsets):
    indices = [run_state(durations, [at("start", t0)], t0 + o).index for o in sorted(offsets)]
    assert indices == sorted(indices)
    assert indices[-1] <= len(durations)


@settings(max_examples=200, deadline=None)
@given(
    runs(),
    st.floats(0, 10_000, allow_nan=False),
    st.floats(0, 10_000, allow_nan=False),
)
def test_an_open_pause_freezes_everything_but_the_pause_count(run, later1, later2):
    durations, actions, now = run
    p = actions[-1].at + 1.0
    actions = [*actions, at("pause", p)]
    at_p = run_state(durations, actions, p)
    s1 = run_state(durations, actions, p + later1)
    s2 = run_state(durations, actions, p + later2)
    assert same_apart_from_pauses(at_p, s1)
    assert same_apart_from_pauses(s1, s2)
    if s1.paused:
        assert s2.paused_seconds - s1.paused_seconds == pytest.approx(later2 - later1, abs=1e-6)
    else:
        assert s1.over and s1.paused_seconds == s2.paused_seconds


@settings(max_examples=200, deadline=None)
@given(runs(kinds=("pause", "resume")))
def test_time_left_plus_time_spent_is_the_plan(run):
    durations, actions, now = run
    s = run_state(durations, actions, now)
    if not s.over:
        assert s.total_remaining + s.active_seconds == pytest.approx(sum(durations), abs=1e-6)
    else:
        assert s.active_seconds == pytest.approx(sum(durations), abs=1e-6)
        assert s.actual == pytest.approx(tuple(float(d) for d in durations), abs=1e-6)
