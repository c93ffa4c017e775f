"""Production logs: one JSON object a line, with the request's path and status where known."""

import io
import json
import logging
import sys

from django.core.exceptions import ImproperlyConfigured

import pytest

from config.settings.base import logging_from_environment
from core.json_logs import JsonLinesFormatter


@pytest.fixture
def request_log():
    """What django.request writes, through the JSON formatter, as the production handler does."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLinesFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def test_a_page_not_found_is_one_json_line_with_path_and_status(client, db, request_log):
    assert client.get("/gibt-es-nicht/?q=ä").status_code == 404
    [line] = request_log.getvalue().splitlines()
    entry = json.loads(line)
    assert entry.keys() == {"time", "level", "logger", "message", "path", "method", "status"}
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "django.request"
    assert entry["message"] == "Not Found: /gibt-es-nicht/"
    assert (entry["path"], entry["method"], entry["status"]) == ("/gibt-es-nicht/", "GET", 404)
    assert entry["time"].endswith("+00:00")


def test_an_exception_is_a_string_field_and_the_record_stays_one_line():
    logger = logging.getLogger("core.test_json_logs")
    try:
        {}["fehlt"]
    except KeyError:
        record = logger.makeRecord(
            logger.name,
            logging.ERROR,
            __file__,
            1,
            "Import von %s fehlgeschlagen",
            ("Lübeck",),
            exc_info=sys.exc_info(),
        )
    line = JsonLinesFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "Import von Lübeck fehlgeschlagen"
    assert entry["exception"].startswith("Traceback (most recent call last):")
    assert entry["exception"].rstrip().endswith("KeyError: 'fehlt'")


def test_json_in_production_text_on_request_and_nothing_else():
    assert logging_from_environment({})["handlers"]["console"]["formatter"] == "json"
    text = logging_from_environment({}, default_format="text")
    assert text["handlers"]["console"]["formatter"] == "text"
    assert (
        logging_from_environment({"LOG_FORMAT": "TEXT"})["handlers"]["console"]["formatter"]
        == "text"
    )
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
        logging_from_environment({"LOG_FORMAT": "xml"})
