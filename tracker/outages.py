"""Telling a database outage from an error a request caused."""
from sqlalchemy.exc import DBAPIError, OperationalError


def is_outage(error: DBAPIError) -> bool:
    """A database error that means the database cannot be reached or used right now (connection
    refused or lost, file gone, locked, statement cancelled), as opposed to one this request caused."""
    return isinstance(error, OperationalError) or bool(getattr(error, "connection_invalidated", False))
