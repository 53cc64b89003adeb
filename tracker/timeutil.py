"""Time helpers. Timestamps are stored as naive UTC, the same on SQLite and PostgreSQL."""
from datetime import UTC, date, datetime, time, timedelta


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    return utcnow().date()


def end_of(day: date) -> datetime:
    """The first moment after `day` (UTC): what was stored before it was there "as of" that day."""
    return datetime.combine(day + timedelta(days=1), time.min)
