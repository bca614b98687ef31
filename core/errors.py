"""Every error the project raises to a user: one line of text, and the exit code it maps to.

The CLI turns each into one line on stderr and ``exit_code``; the HTTP API into a JSON
error with a status code (``api/errors.py``).

>>> InputError("plan.txt is empty").exit_code, StoreError("down").exit_code
(2, 1)
"""

from __future__ import annotations


class KgError(Exception):
    """Base of the project's errors; the message is one line for the user."""

    exit_code = 1


class InputError(KgError):
    """The input (a document, a parameter, an option) cannot be used; names the problem and
    the file."""

    exit_code = 2


class StoreError(KgError):
    """The store could not be reached or failed."""


class ReadOnlyViolation(StoreError):
    """A read query tried to write; the store refused it and is unchanged."""

    exit_code = 2


class QueryTimeout(StoreError):
    """A read query ran past its time limit."""


class QueryError(StoreError):
    """The query itself is wrong (syntax, unknown function, bad parameter, over a limit)."""

    exit_code = 2


class ResultTooLarge(QueryError):
    """A read's result is larger than the setting result_max_mb allows."""


def one_line(exc: BaseException) -> str:
    """An exception's message as one line (a driver's multi-line message, or its type name).

    A colon left at the end introduced details that were empty (the Neo4j driver ends
    "Couldn't connect to … (resolved to …):" with a list of causes that may be): dropped.

    >>> one_line(ValueError("bad\\n  value")), one_line(KeyError())
    ('bad value', 'KeyError')
    >>> one_line(OSError("Couldn't connect to db:7687 (resolved to ()):\\n"))
    "Couldn't connect to db:7687 (resolved to ())"
    """
    message = getattr(exc, "message", None) or str(exc)
    return " ".join(str(message).split()).rstrip(" :") or type(exc).__name__
