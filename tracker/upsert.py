"""INSERT ... ON CONFLICT statements that SQLAlchemy can cache.

The dialects' own `insert().on_conflict_do_update()` constructs are not cacheable in SQLAlchemy
2.0 (`inherit_cache = False`), so each execution compiles its SQL again: on the evidence write
path that was two compilations per request. The text below is the same on SQLite (3.24 and
later) and PostgreSQL, is compiled once, and keeps the columns' types for its parameters.
"""
from collections.abc import Sequence
from functools import cache

from sqlalchemy import Table, bindparam, text
from sqlalchemy.sql.elements import TextClause


@cache
def upsert(table: Table, columns: Sequence[str], conflict: Sequence[str],
           update: Sequence[str] = ()) -> TextClause:
    """INSERT INTO table (columns) VALUES (...) ON CONFLICT (conflict) DO UPDATE SET each of `update`
    to the new row's value, or DO NOTHING when `update` is empty. Pass tuples (the result is cached).
    Execute with one dict or a list of dicts keyed by column name."""
    names = ", ".join(f'"{name}"' for name in columns)
    values = ", ".join(f":{name}" for name in columns)
    target = ", ".join(f'"{name}"' for name in conflict)
    action = ("DO UPDATE SET " + ", ".join(f'"{name}" = excluded."{name}"' for name in update)
              if update else "DO NOTHING")
    statement = text(f'INSERT INTO "{table.name}" ({names}) VALUES ({values}) ON CONFLICT ({target}) {action}')
    return statement.bindparams(*(bindparam(name, type_=table.c[name].type) for name in columns))
