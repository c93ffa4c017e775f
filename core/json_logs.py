"""
Log records as one JSON object a line, for a log collector (journald, Loki,
Elasticsearch, a container runtime's driver) to index without parsing text.

A few lines of our own rather than python-json-logger: the fields are fixed
and few, and the standard library's json module writes them; a dependency for
that would be one more package to review and update in every installation.
Used by LOGGING (config.settings) when LOG_FORMAT=json, and available to
gunicorn's logconfig_dict under the same dotted name.
"""

import json
import logging
from datetime import UTC, datetime


class JsonLinesFormatter(logging.Formatter):
    """
    time (ISO 8601, UTC), level, logger, message; for django.request and
    django.server records also the request's path and the response status;
    a traceback as one string field `exception`, so a record stays one line.
    """

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if isinstance(path, str):
            entry["path"] = path
            entry["method"] = getattr(request, "method", None)
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # default=str: an argument without a JSON form (a lazy string, a
        # Decimal) is written as its text rather than losing the record.
        return json.dumps(entry, ensure_ascii=False, default=str)
