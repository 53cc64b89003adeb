"""Browser journeys: the real app on a local port, driven by Chromium through Playwright.

- `live_server` (session): the app served by werkzeug in a background thread, on its own fresh
  database (SQLite file, or a new PostgreSQL schema) holding the demo school, with CSRF on, and a
  job worker process (`flask worker`) beside it on the same database and queue, as `make run` has.
  `live_server.url` is its address; `with live_server.app.app_context(): ...` reads its data.
- `browser` (session): one Chromium for the whole run.
- `page`: a page in a fresh browser context (no cookies) with `base_url` set, so
  `page.goto("/login")` works; desktop size (1280x800) until `helpers.phone(page)`.
  `new_page()` gives another one, e.g. a second device of the same person.
- A failing test leaves a screenshot of each of its pages in test-artifacts/<test name>.png.
- A test fails when a page breaks the Content-Security-Policy or throws a JavaScript error.

Every test in this folder is marked `browser` (select with `-m browser`, skip with `-m "not browser"`).
Without Chromium (TRACKER_CHROMIUM, default /usr/bin/chromium) the tests are skipped, except
when CI is set: then they fail, so CI never passes without running them.
"""
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tracker import create_app
from tracker.extensions import db

from ..fresh_database import fresh_database_url
from .helpers import ARTIFACTS, DESKTOP, artifact_name

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)  # read by the page fixtures at teardown
    return report


@dataclass
class LiveServer:
    app: Flask
    url: str


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("live-server")
    with fresh_database_url(directory, "live") as database_url:
        app = create_app({
            "ENV_NAME": "testing",
            "TESTING": False,  # real error pages, as in production
            "WTF_CSRF_ENABLED": True,  # the forms are posted with their real tokens
            "SQLALCHEMY_DATABASE_URI": database_url,
            "ARTIFACT_DIR": str(directory / "artifacts"),
            # Every journey signs in from 127.0.0.1; the per-account limit stays as configured.
            "LOGIN_LIMIT_PER_ADDRESS": "10000 per 15 minutes",
            "JOB_QUEUE_URL": "sqlite:///" + str(directory / "jobs.db"),
            "ONEROSTER_UPLOAD_DIR": str(directory / "roster_imports"),
        })
        with app.app_context():
            from tracker.demo.service import load_demo

            db.create_all()
            load_demo()
            db.session.commit()
            db.session.remove()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
        thread.start()
        worker = _start_worker(app, database_url, directory)
        try:
            yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")
        finally:
            server.shutdown()
            thread.join(timeout=10)
            worker.send_signal(signal.SIGINT)
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
            with app.app_context():
                db.engine.dispose()


def _start_worker(app: Flask, database_url: str, directory: Path) -> subprocess.Popen:
    env = {**os.environ, "TRACKER_CONFIG": "testing", "DATABASE_URL": database_url,
           "TRACKER_INSTANCE_PATH": str(directory / "worker-instance"),
           "JOB_QUEUE_URL": app.config["JOB_QUEUE_URL"], "ONEROSTER_UPLOAD_DIR": app.config["ONEROSTER_UPLOAD_DIR"]}
    log = open(directory / "worker.log", "ab")  # noqa: SIM115  (kept open for the worker's life)
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "tracker", "worker"],
                            cwd=Path(__file__).resolve().parents[2], env=env, stdout=log, stderr=log)


def _unavailable(message: str):
    if os.environ.get("CI"):
        pytest.fail(f"{message} The browser tests must run in CI.", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium).")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("The playwright package is not installed (pip install -e '.[dev]').")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, request):
    """Factory: a page in its own fresh context (another device); `new_page(**context_options)`."""
    opened = []

    def open_page(**options):
        options = {"base_url": live_server.url, "viewport": DESKTOP, "locale": "en-US", **options}
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.problems = []
        page.on("pageerror", lambda error: page.problems.append(f"JavaScript error: {error}"))
        page.on("console", lambda message: page.problems.append(message.text)
                if "Content Security Policy" in message.text else None)
        opened.append(page)
        return page

    yield open_page

    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for n, page in enumerate(opened, start=1):
            suffix = "" if n == 1 else f"-{n}"
            try:
                page.screenshot(path=str(ARTIFACTS / f"{artifact_name(request.node.name)}{suffix}.png"),
                                full_page=True)
            except Exception as error:  # a crashed page must not hide the real failure
                print(f"no screenshot of page {n}: {error}")
    problems = [problem for page in opened for problem in page.problems]
    for page in opened:
        page.context.close()
    if problems and not (report is not None and report.failed):
        pytest.fail("the pages broke the Content-Security-Policy or threw errors:\n" + "\n".join(problems),
                    pytrace=False)


@pytest.fixture
def page(new_page):
    return new_page()
