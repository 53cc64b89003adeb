"""Configuration classes. Pick one with TRACKER_CONFIG (development, testing, production)."""
import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def database_url_from_env() -> str | None:
    """DATABASE_URL as SQLAlchemy wants it: plain postgres:// URLs get the psycopg 3 driver."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    ENV_NAME = "base"
    SQLALCHEMY_DATABASE_URI = database_url_from_env()  # None: SQLite in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLITE_BUSY_TIMEOUT_MS = 10_000

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # a form left open over lunch still submits

    LANGUAGES = {"en": "English", "es": "Español"}
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "tracker" / "translations")

    # Rate limits: memory:// for one process; set RATELIMIT_STORAGE_URI=redis://... with several workers.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_LIMIT_PER_ACCOUNT = "5 per 15 minutes"
    LOGIN_LIMIT_PER_ADDRESS = "30 per 15 minutes"

    MAX_CONTENT_LENGTH = 64 * 1024 * 1024  # whole request; imports may be large
    ARTIFACT_MAX_BYTES = 10 * 1024 * 1024
    ARTIFACT_DIR = None  # None: <instance>/artifacts
    PAGE_SIZE = 25
    PASSWORD_MIN_LENGTH = 10

    HSTS = False


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    SECRET_KEY = None  # generated once and kept in the instance folder


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key"
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"


class ProductionConfig(Config):
    ENV_NAME = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS = True


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def load_secret_key(instance_path: str) -> str:
    """A random key generated on first start and kept in the instance folder (development only)."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
