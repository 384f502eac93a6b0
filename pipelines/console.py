"""Dagster's console logger without stack traces: officers read the terminal, the traces stay in the run log."""

from __future__ import annotations

import copy
import logging

import dagster as dg
from dagster._core.log_manager import LOG_RECORD_METADATA_ATTR  # where Dagster keeps the event on a record

SEE_RUN_LOG = " (详情见 Dagster 运行日志 details in the Dagster run log)"


class WithoutTraceback(logging.Formatter):
    """Formats a copy of the record without the error text (and stack trace) Dagster appends to a failure."""

    def __init__(self, inner: logging.Formatter):
        super().__init__()
        self.inner = inner

    def format(self, record: logging.LogRecord) -> str:
        """The inner formatter's line, for a copy of the record cut before its error text."""
        record = copy.copy(record)  # the same record goes on to the run log, whole
        meta = getattr(record, LOG_RECORD_METADATA_ATTR, None) or {}
        event = meta.get("dagster_event")
        data = getattr(event, "event_specific_data", None) if event is not None else None
        if getattr(data, "error", None) is not None and isinstance(record.msg, str) and "\n\n" in record.msg:
            record.msg = record.msg.split("\n\n", 1)[0] + SEE_RUN_LOG
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return self.inner.format(record)


@dg.logger(
    {"log_level": dg.Field(str, is_required=False, default_value="INFO"),
     "name": dg.Field(str, is_required=False, default_value="dagster")},
    description="The console logger, without error texts and stack traces (they stay in the Dagster run log).",
)
def quiet_console_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    """Dagster's coloured console logger, its handlers' lines formatted by WithoutTraceback."""
    from dagster._utils.log import create_console_logger

    log = create_console_logger(name=init_context.logger_config["name"],
                                level=init_context.logger_config["log_level"].upper())
    for handler in log.handlers:
        handler.setFormatter(WithoutTraceback(handler.formatter or logging.Formatter()))
    return log
