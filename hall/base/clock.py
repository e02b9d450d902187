"""Time in one place: naive UTC datetimes in the database, epoch milliseconds on the wire."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def epoch_ms(moment: datetime | None) -> int | None:
    if moment is None:
        return None
    return int(moment.replace(tzinfo=UTC).timestamp() * 1000)


def now_ms() -> int:
    return epoch_ms(utcnow())
