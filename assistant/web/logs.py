"""Server logging: uvicorn's own lines by default, or one JSON object a line (`ASSISTANT_LOG_FORMAT=json`) for a
log collector, the app's loggers included. Handed to uvicorn as its `log_config`, so every worker process sets it up the same way."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from uvicorn.config import LOGGING_CONFIG

# what uvicorn's access logger passes as args: (client, method, path, http version, status)
_ACCESS_FIELDS = ("client", "method", "path", "http_version", "status")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        row: dict[str, Any] = {"ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
                               + f".{int(record.msecs):03d}Z", "level": record.levelname, "logger": record.name}
        if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) == 5:
            row.update(zip(_ACCESS_FIELDS, record.args))
        else:
            row["message"] = record.getMessage()
        if record.exc_info:
            row["error"] = self.formatException(record.exc_info)
        return json.dumps(row, ensure_ascii=False, default=str)


def log_config(fmt: str, level: str = "INFO") -> dict[str, Any]:
    if fmt != "json":
        return LOGGING_CONFIG  # uvicorn's own lines, as before
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": f"{__name__}.JsonFormatter"}},
        "handlers": {"json": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
        "loggers": {name: {"handlers": ["json"], "level": level, "propagate": False}
                    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "assistant", "index")},
    }
