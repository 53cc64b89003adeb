"""Configuration classes. Pick one with TRACKER_CONFIG (development, testing, production)."""
import os
from datetime import timedelta
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
    # How long a sign-in lasts, checked on the server (a copied cookie obeys it too). Schools share devices:
    # a browser sign-in ends after 2 hours without use (a lesson block and a break), whatever the cookie
    # says; "Keep me signed in" is for one's own device and allows a week without use (a school week and
    # a weekend); no sign-in outlives 14 days, the remember-me cookie's own life, so nobody is signed in
    # for longer than they were told. Activity is noted at most once a minute.
    SESSION_ABSOLUTE_LIFETIME = timedelta(days=14)
    SESSION_IDLE_TIMEOUT = timedelta(hours=2)
    REMEMBERED_SESSION_IDLE_TIMEOUT = timedelta(days=7)
    REMEMBER_COOKIE_DURATION = SESSION_ABSOLUTE_LIFETIME
    REMEMBER_COOKIE_SAMESITE = "Lax"

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # a form left open over lunch still submits

    LANGUAGES = {"en": "English", "es": "Español"}
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "tracker" / "translations")

    # Rate limits: counted where RATELIMIT_STORAGE_URI says; unset, in the job queue's Redis when it is one
    # (so several app servers share the counts), else memory:// (one process: `make run`).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI")
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "")  # several installs on one Redis
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_LIMIT_PER_ACCOUNT = "5 per 15 minutes"
    LOGIN_LIMIT_PER_ADDRESS = "30 per 15 minutes"
    # How many proxies in front of the app add themselves to X-Forwarded-For (and -Proto). None: read
    # TRUSTED_PROXY_HOPS from the environment, default 0: a direct deployment believes no such header,
    # so nobody can pick their own address for the sign-in limits and the audit trail.
    TRUSTED_PROXY_HOPS = None

    MAX_CONTENT_LENGTH = 64 * 1024 * 1024  # whole request; imports may be large
    # A OneRoster zip is refused at the first byte past these, counted as it is inflated.
    ONEROSTER_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
    ONEROSTER_MAX_MEMBER_BYTES = 200 * 1024 * 1024
    # A bulk OneRoster file deactivating more than this share of a kind of record (schools, learners,
    # enrollments, ...) waits for an administrator's confirmation: a half-exported file looks like that.
    ONEROSTER_MAX_ABSENT_SHARE = 0.2
    # Where OneRoster uploads wait for the job worker (None: <instance>/roster_imports); the web servers
    # and the workers must see the same folder.
    ONEROSTER_UPLOAD_DIR = os.environ.get("ONEROSTER_UPLOAD_DIR")
    ARTIFACT_MAX_BYTES = 10 * 1024 * 1024
    # Uploaded files; several app servers need one shared location (a network filesystem). None: <instance>/artifacts
    ARTIFACT_DIR = os.environ.get("ARTIFACT_DIR")
    PAGE_SIZE = 25
    PASSWORD_MIN_LENGTH = 10

    # The job queue (tracker/jobs): sqlite:///PATH (default <instance>/jobs.db, no server needed) or
    # redis://HOST:PORT/DB for several app servers and workers. A running job notes a heartbeat every
    # JOB_HEARTBEAT_SECONDS; one silent for JOB_STALE_SECONDS lost its worker and runs again, at most
    # JOB_MAX_ATTEMPTS times in all.
    JOB_QUEUE_URL = os.environ.get("JOB_QUEUE_URL")
    JOB_QUEUE_NAME = os.environ.get("JOB_QUEUE_NAME", "tracker")  # several installs on one Redis
    JOBS_IMMEDIATE = False  # Huey's immediate mode: tasks run in the sending process (some tests)
    JOB_WORKERS = int(os.environ.get("JOB_WORKERS", "2"))
    JOB_HEARTBEAT_SECONDS = float(os.environ.get("JOB_HEARTBEAT_SECONDS", "10"))
    JOB_STALE_SECONDS = float(os.environ.get("JOB_STALE_SECONDS", "60"))
    JOB_REQUEUE_AFTER_SECONDS = float(os.environ.get("JOB_REQUEUE_AFTER_SECONDS", "300"))
    JOB_MAX_ATTEMPTS = int(os.environ.get("JOB_MAX_ATTEMPTS", "3"))
    # Finished job rows are pruned nightly (tracker.jobs.nightly.prune_jobs): done ones after
    # JOB_KEEP_DONE_DAYS, failed ones (what an admin may still want to read or retry) after JOB_KEEP_FAILED_DAYS.
    JOB_KEEP_DONE_DAYS = float(os.environ.get("JOB_KEEP_DONE_DAYS", "30"))
    JOB_KEEP_FAILED_DAYS = float(os.environ.get("JOB_KEEP_FAILED_DAYS", "180"))
    # The worker refreshes a learner's flags and rollups once no write has queued it for this long (a burst is
    # refreshed in passes, a learner still being written to after its writes), and at the latest
    # FLAG_REFRESH_MAX_WAIT_SECONDS after the first write that queued it. Pages refresh the learners they show first.
    FLAG_REFRESH_DELAY_SECONDS = float(os.environ.get("FLAG_REFRESH_DELAY_SECONDS", "5"))
    FLAG_REFRESH_MAX_WAIT_SECONDS = float(os.environ.get("FLAG_REFRESH_MAX_WAIT_SECONDS", "60"))
    # The worker runs at a lower CPU priority (nice) than the web servers on the same machine.
    JOB_WORKER_NICE = int(os.environ.get("JOB_WORKER_NICE", "10"))
    # Import from a CASE server by address: addresses on this machine or a private network are refused
    # (the server must not be a way into the school's internal services) unless this is set.
    CASE_FETCH_PRIVATE_ADDRESSES = os.environ.get("CASE_FETCH_PRIVATE_ADDRESSES", "").lower() in ("1", "true", "yes")

    HSTS = False
    # Where links in mail point (invitations, password resets), e.g. https://tracker.school.org. Set it in
    # production: without it a link takes the host of the request that asked for it.
    PUBLIC_URL = os.environ.get("PUBLIC_URL") or None
    INVITATION_LIFETIME = timedelta(days=14)
    PASSWORD_RESET_LIFETIME = timedelta(hours=1)
    PASSWORD_RESET_LIMIT_PER_ACCOUNT = "3 per hour"
    PASSWORD_RESET_LIMIT_PER_ADDRESS = "20 per hour"

    # Mail. With no MAIL_SMTP_HOST (the default) nothing is sent: every message stays in the outbox, which
    # an admin reads at /admin/outbox. `flask send-mail` delivers what is due (run it on a schedule).
    MAIL_SMTP_HOST = os.environ.get("MAIL_SMTP_HOST") or None
    MAIL_SMTP_PORT = int(os.environ.get("MAIL_SMTP_PORT") or 587)
    MAIL_SMTP_SECURITY = os.environ.get("MAIL_SMTP_SECURITY", "starttls")  # starttls, tls or none
    MAIL_SMTP_USERNAME = os.environ.get("MAIL_SMTP_USERNAME") or None
    MAIL_SMTP_PASSWORD = os.environ.get("MAIL_SMTP_PASSWORD") or None
    MAIL_SMTP_TIMEOUT = 15  # seconds
    MAIL_FROM = os.environ.get("MAIL_FROM", "Learner Progression Tracker <no-reply@localhost>")
    MAIL_MAX_ATTEMPTS = 12  # about 3 days of retries with the backoff in mail.service; then "failed"
    QUERY_COUNT_HEADER = os.environ.get("TRACKER_QUERY_COUNT_HEADER") == "1"  # for the benchmark only
    # /metrics: with a token, only requests bearing it (Authorization: Bearer ...); without, this machine only.
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN") or None
    # "json": one JSON object a line, with the request id (production's default); "text": plain lines.
    LOG_FORMAT = os.environ.get("TRACKER_LOG_FORMAT") or None


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    SECRET_KEY = None  # generated once and kept in the instance folder


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key"
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    MAIL_SMTP_HOST = None  # tests start their own SMTP server and say so
    PUBLIC_URL = None


class ProductionConfig(Config):
    ENV_NAME = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS = True
    LOG_FORMAT = os.environ.get("TRACKER_LOG_FORMAT") or "json"


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def load_secret_key(instance_path: str) -> str:
    """A random key generated on first start and kept in the instance folder (development only).

    Several workers starting at once (gunicorn -w 4) must end up with the same key, or a session
    signed by one is refused by another: the first to create the file writes it, the others read it.
    """
    import time

    path = Path(instance_path) / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _attempt in range(100):  # the writer may not have written it yet
            key = path.read_text().strip()
            if key:
                return key
            time.sleep(0.02)
        raise RuntimeError(f"{path} is empty: delete it and start again.") from None
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w") as file:
        file.write(key)
    return key
