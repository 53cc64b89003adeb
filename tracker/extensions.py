"""Extensions, created bare and bound to the app in create_app()."""
import os
import sqlite3

from flask import request, session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
babel = Babel()

SQLITE_BUSY_TIMEOUT_MS = 10_000


def _escape_lazy_strings() -> None:
    """Let Jinja escape lazy translations like any other text.

    flask-babel's LazyString.__html__ returns the text as it is, which tells Jinja (and
    markupsafe.escape) that it is already safe HTML: `_l("%(name)s is not a .zip file.",
    name=upload.filename)` put a file name's markup into the page unescaped. No translation
    here holds markup, so escaping them is always right.
    """
    from flask_babel.speaklater import LazyString
    from markupsafe import escape

    LazyString.__html__ = lambda self: escape(str(self))


_escape_lazy_strings()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, record):
    """WAL, foreign keys and a busy timeout on every SQLite connection."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    row = cursor.execute("PRAGMA database_list").fetchone()  # (seq, "main", file path or "")
    cursor.close()
    record.info["sqlite_file"] = _file_identity(row[2]) if row and row[2] else None


def _file_identity(path: str) -> tuple | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return path, stat.st_dev, stat.st_ino


@event.listens_for(Engine, "checkout")
def _sqlite_file_still_there(dbapi_connection, record, _proxy):
    """A pooled SQLite connection whose file was moved, deleted or replaced is dropped.

    It would go on reading and writing the old file (still open, but no longer the database),
    and pool_pre_ping's "SELECT 1" cannot tell. Dropped, the pool connects again: to the file
    now at the path, or, when there is none, with an error that the app shows as
    "Temporarily unavailable" until the file is back.
    """
    identity = record.info.get("sqlite_file")
    if identity is not None and _file_identity(identity[0]) != identity:
        raise DisconnectionError("the SQLite database file was moved or replaced")


def select_locale() -> str:
    """The signed-in user's language, else the one chosen this visit, else the browser's."""
    from flask import current_app, has_request_context

    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]  # command line: the default language
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(list(languages)) or "en"
