"""Hall's log lines on stderr: plain text, or one JSON object per line (HALL_LOG_JSON=1) for
journald or a log collector. A line carries its structured fields (`extra={"fields": {...}}`);
no caller ever puts a deputy's choice in them."""

import json
import logging
import sys
from datetime import UTC, datetime

PLAIN = "%(asctime)s %(levelname)s %(message)s"


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, the record's fields, and the exception's type and trace."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            line["error"] = record.exc_info[0].__name__
            line["trace"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def log_to_terminal(as_json: bool) -> None:
    """Hall's own lines (desk actions, refusals, errors) at INFO, everything else's warnings."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if as_json else logging.Formatter(PLAIN))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.getLogger("hall").setLevel(logging.INFO)


def flag(value) -> bool:
    return str(value or "").strip().lower() in ("1", "true", "yes", "on")
