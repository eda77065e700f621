"""One JSON object per log line (SELLERDESK_LOG_FORMAT=json), for a log collector to read.

Fields: time (UTC, ISO 8601), level, logger, message, process; request_id while serving a request
(the proxy's X-Request-ID, or ours); exception (the traceback) when there is one.
"""

from __future__ import annotations

import datetime as dt
import json
import logging


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        request_id = getattr(record, "request_id", "")
        if request_id:
            line["request_id"] = request_id
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        # ensure_ascii: a buyer's Chinese text stays one line of plain bytes whatever the log's encoding.
        return json.dumps(line, ensure_ascii=True, default=str)
