"""The database tables. Changes to them ship as an Alembic migration in kernel/migrations."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa


class UTCDateTime(sa.TypeDecorator):
    """A moment, stored in UTC and read back in UTC, whatever the database's own time zone.

    SQLite keeps no zone, so its values come back naive. PostgreSQL gives them back in its
    session's zone: with a server in a zone that has daylight saving, a moment in the hour the
    clocks go back came back as, say, 01:15 in St John's, which is the same instant as 03:45
    UTC but, by Python's rule for those repeated times, never equal to it (PEP 495). A backup
    then differed from the database it was read from. No table changes: only what is read.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        return value.astimezone(UTC) if value is not None and value.tzinfo else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


metadata = sa.MetaData(
    naming_convention={
        "pk": "pk_%(table_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True)


def _owner(**options) -> sa.Column:
    """Every record belongs to an owner, and goes when the owner goes."""
    return sa.Column("owner_id", sa.ForeignKey("owners.id", ondelete="CASCADE"),
                     nullable=False, **options)


def _moment(name: str) -> sa.Column:
    return sa.Column(name, UTCDateTime(), nullable=False)


def _number(name: str, optional: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer, nullable=optional)


def _version() -> sa.Column:
    """Bumped by every update, which must name the version it started from: two windows
    editing the same record can't both be told "saved" (optimistic concurrency)."""
    return sa.Column("version", sa.Integer, nullable=False, server_default="1")


def _is_sample() -> sa.Column:
    return sa.Column("is_sample", sa.Boolean, nullable=False, server_default=sa.false())


def _one_per_owner(name: str, data: str) -> sa.Table:
    """A table of one JSON document per owner (the profile, the preferences)."""
    return sa.Table(name, metadata,
                    sa.Column("owner_id", sa.ForeignKey("owners.id", ondelete="CASCADE"),
                              primary_key=True),
                    sa.Column(data, sa.JSON, nullable=False), _moment("updated_at"),
                    _version())  # migration 0010


# Whose records they are: the one local person of a local install (by name), or someone who
# signed in, known by their identity provider (issuer) and their id there (subject), never by
# an email address, which can change hands.
owners = sa.Table(
    "owners", metadata, _id(),
    sa.Column("name", sa.String(120), nullable=False, unique=True),
    _moment("created_at"),
    # Bumped in every transaction that changes sessions or check-ins, so cached charts know
    # when to rebuild, across app processes.
    sa.Column("data_version", sa.Integer, nullable=False, server_default="0"),
    sa.Column("issuer", sa.String(500), nullable=True),
    sa.Column("subject", sa.String(255), nullable=True),
    # Sessions the server can end (migration 0013): a browser session remembers the generation
    # it signed in under and is over once signing out or closing the account bumps it; a
    # sign-in issued before sessions_ended_at (a cookie copied earlier) is not accepted.
    sa.Column("session_generation", sa.Integer, nullable=False, server_default="0"),
    sa.Column("sessions_ended_at", UTCDateTime(), nullable=True),
    sa.Index("ix_owners_issuer_subject", "issuer", "subject", unique=True),
)

# Accounts closed by someone signed in (migration 0017): a digest of the identity (issuer and
# subject) and when it was closed, so a sign-in issued before then (a cookie copied earlier)
# opens no new account. No owner, no records, nothing that names the person.
closed_identities = sa.Table(
    "closed_identities", metadata,
    sa.Column("identity_digest", sa.String(64), primary_key=True),
    _moment("closed_at"),
)

routines = sa.Table(
    "routines", metadata, _id(), _owner(),
    sa.Column("name", sa.String(120), nullable=False),
    # The case- and space-folded name, so "Evening calm" and "evening  calm" can't both exist.
    sa.Column("name_key", sa.String(120), nullable=False),
    _number("switch_pause_seconds"),
    sa.Column("steps", sa.JSON, nullable=False),
    _moment("created_at"), _moment("updated_at"), _version(),
    sa.UniqueConstraint("owner_id", "name_key"),
)

profiles = _one_per_owner("profiles", "conditions")
preferences = _one_per_owner("preferences", "data")

# A run in progress: a copy of the plan as it was started, plus the person's actions. Everything
# shown while it runs is computed from these and the clock (planner.runs.timer).
runs = sa.Table(
    "runs", metadata, _id(), _owner(index=True),
    _number("routine_id", optional=True),  # no FK: deleting the routine leaves runs alone
    sa.Column("routine_name", sa.String(120), nullable=False),
    sa.Column("plan", sa.JSON, nullable=False),
    _number("stress_before", optional=True),
    sa.Column("status", sa.String(12), nullable=False),  # active, logged, discarded
    _moment("created_at"), _moment("updated_at"),
    # The technique ids the person confirmed on the Run page though their health profile
    # advises against them (None or empty: none). Migration 0009.
    sa.Column("confirmed_steps", sa.JSON, nullable=True),
    # The last moment (seconds since the epoch) a page was seen following the run: what came
    # after it, unseen, is not counted. Migration 0011.
    sa.Column("seen_at", sa.Float, nullable=True),
    # At most one active run per owner, even when two windows press Start at once.
    sa.Index("ix_runs_one_active", "owner_id", unique=True,
             sqlite_where=sa.text("status = 'active'"),
             postgresql_where=sa.text("status = 'active'")),
)

run_actions = sa.Table(
    "run_actions", metadata, _id(),
    sa.Column("run_id", sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("at", sa.Float, nullable=False),  # seconds since the epoch
)

# A logged session: what was done, for the history and the charts.
sessions = sa.Table(
    "sessions", metadata, _id(), _owner(),
    # Unique, so two tabs finishing the same run can't log it twice.
    sa.Column("run_id", sa.Integer, nullable=True, unique=True),
    sa.Column("routine_name", sa.String(120), nullable=False),
    _moment("started_at"), _moment("ended_at"),
    _number("planned_seconds"), _number("actual_seconds"),
    sa.Column("completed", sa.Boolean, nullable=False),
    sa.Column("steps", sa.JSON, nullable=False),
    _number("stress_before", optional=True), _number("stress_after", optional=True),
    sa.Column("notes", sa.Text, nullable=False),
    sa.Column("source", sa.String(8), nullable=False),  # timer or manual
    _moment("created_at"), _is_sample(), _version(),
    sa.Index("ix_sessions_owner_id_started_at", "owner_id", "started_at"),
    sa.Index("ix_sessions_owner_id_is_sample", "owner_id", "is_sample"),
)

checkins = sa.Table(
    "checkins", metadata, _id(), _owner(),
    sa.Column("day", sa.Date, nullable=False),  # the person's own calendar day
    _number("stress"),
    sa.Column("socks", sa.Boolean, nullable=False),
    sa.Column("sock_hours", sa.Float, nullable=True),
    # Only stress is required: swelling and pain may stay unrated (migration 0015).
    _number("swelling", optional=True), _number("pain", optional=True),
    _number("sleep", optional=True),
    _number("pulse", optional=True), _number("systolic", optional=True),
    _number("diastolic", optional=True),
    sa.Column("notes", sa.Text, nullable=False),
    _is_sample(), _moment("created_at"), _moment("updated_at"), _version(),
    # On a day of an experiment: did the person do what it asked (None: not asked, or not
    # answered), and if not, what they did instead (a condition, optional). Migration 0008.
    sa.Column("plan_followed", sa.Boolean, nullable=True),
    sa.Column("done_instead", sa.String(12), nullable=True),
    sa.UniqueConstraint("owner_id", "day"),  # one check-in per day
    sa.Index("ix_checkins_owner_id_is_sample", "owner_id", "is_sample"),
)

# A personal experiment: the design (the schedule follows from it and its seed).
experiments = sa.Table(
    "experiments", metadata, _id(), _owner(index=True),
    sa.Column("conditions", sa.JSON, nullable=False),
    _number("days_per_condition"),
    sa.Column("wash_out", sa.Boolean, nullable=False),
    _number("blocks"),
    sa.Column("outcome", sa.String(20), nullable=False),  # a rating's or a watch measure's
    sa.Column("start", sa.Date, nullable=False),
    sa.Column("seed", sa.BigInteger, nullable=False),
    _moment("created_at"),
    sa.Column("ended_at", UTCDateTime(), nullable=True),  # stopped early
    sa.Column("question", sa.String(40), nullable=True),  # the main question; None: the first
)                                                         # two conditions

# The weekly plan: which routine the person means to do when, on their own clock. Wall-clock
# weekday and time, so a plan stays at 19:30 when the clocks change.
plan_slots = sa.Table(
    "plan_slots", metadata, _id(), _owner(),
    _number("weekday"),  # 0 is Monday, 6 Sunday
    sa.Column("at", sa.Time, nullable=False),
    sa.Column("routine_name", sa.String(120), nullable=False),
    _number("reminder_minutes"),
    sa.Column("since", sa.Date, nullable=False),  # the person's day it was added: adherence
    _moment("created_at"),                          # counts planned sessions from then on
    sa.UniqueConstraint("owner_id", "weekday", "at"),  # one session per slot
)

# A daily measure from a watch or phone (planner.watch): one value per day, measure and
# device or app it came from, so a second import of the same export changes nothing.
# Migration 0014.
daily_measures = sa.Table(
    "daily_measures", metadata, _id(), _owner(),
    sa.Column("day", sa.Date, nullable=False),  # the person's own day, as the device had it
    sa.Column("measure", sa.String(16), nullable=False),  # resting_hr, hrv_sdnn, sleep_minutes,
    sa.Column("value", sa.Float, nullable=False),         # steps
    sa.Column("source", sa.String(120), nullable=False),
    _moment("imported_at"),
    sa.UniqueConstraint("owner_id", "day", "measure", "source"),
)
