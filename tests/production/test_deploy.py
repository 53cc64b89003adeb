"""The production set-up, run as the Dockerfile runs it (without Docker, which this machine lacks):
migrations on start, an administrator made with `create-admin`, gunicorn from gunicorn.conf.py with
two workers, the production settings behind a TLS-terminating proxy, and Redis as the rate-limit
store shared by the workers.

The proxy is one hop (TRUSTED_PROXY_HOPS=1): each request carries the X-Forwarded-For the proxy adds, and
the sign-in limits and the audit trail must see those client addresses, not the proxy's.

Runs on the suite's database (a fresh SQLite file, or a fresh PostgreSQL schema). Needs Redis on
127.0.0.1:6379: skipped with a message where there is none, except in CI, where it fails.
"""
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

from ..local_services import REDIS_URL, free_port, reachable_redis

ROOT = Path(__file__).resolve().parents[2]
PROXY = {"X-Forwarded-Proto": "https"}  # what the proxy in front of gunicorn says
PASSWORD = "a-long-enough-password"


class Browser:
    """Keeps cookies by hand: the production cookies are Secure, and this client talks plain HTTP to
    gunicorn as the proxy would, so an ordinary cookie jar would not send them back."""

    def __init__(self, base: str, address: str = "198.51.100.1"):
        self.base, self.cookies, self.address = base, {}, address

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {**PROXY, "X-Forwarded-For": self.address, **kwargs.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(method, self.base + path, headers=headers, allow_redirects=False,
                                    timeout=30, **kwargs)
        self.cookies.update(response.cookies.get_dict())
        return response

    def login(self, email: str, password: str) -> requests.Response:
        page = self.request("GET", "/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
        # A browser sends the page it came from; over HTTPS the CSRF check insists on it (same origin).
        referer = "https://" + self.base.removeprefix("http://") + "/login"
        return self.request("POST", "/login", data={"email": email, "password": password, "csrf_token": token},
                            headers={"Referer": referer})

    def submit(self, path: str, data: dict) -> requests.Response:
        """Post the form on `path` as a browser would: with the page's CSRF token and a same-origin Referer."""
        page = self.request("GET", path)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
        referer = "https://" + self.base.removeprefix("http://") + path
        return self.request("POST", path, data={**data, "csrf_token": token}, headers={"Referer": referer})


@pytest.fixture
def deployed(second_database, tmp_path):
    redis_client = reachable_redis()
    prefix = f"lpt-test-{uuid.uuid4().hex[:8]}"
    port = free_port()
    env = dict(os.environ, TRACKER_CONFIG="production", SECRET_KEY=uuid.uuid4().hex * 2,
               DATABASE_URL=second_database, TRACKER_INSTANCE_PATH=str(tmp_path / "data"),
               RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix,
               BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2", TRUSTED_PROXY_HOPS="1")
    env.pop("FLASK_DEBUG", None)
    flask = [sys.executable, "-m", "flask", "--app", "tracker"]
    for command in (["db", "upgrade"],
                    ["create-admin", "--email", "head@school.example", "--name", "Head", "--password", PASSWORD]):
        done = subprocess.run(flask + command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "tracker:create_app()"],
                                  cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(150):
            try:
                if requests.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.2)
        else:
            pytest.fail(f"gunicorn did not start: {log_path.read_text()[-3000:]}")
        yield base, redis_client, prefix, log_path
    finally:
        server.terminate()
        server.wait(timeout=30)
        for key in redis_client.scan_iter(match=f"*{prefix}*"):
            redis_client.delete(key)


def test_the_production_setup_serves_signs_in_and_shares_rate_limits_through_redis(deployed):
    base, redis_client, prefix, log_path = deployed
    health = requests.get(base + "/healthz", headers=PROXY, timeout=10)
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    assert "max-age" in health.headers.get("Strict-Transport-Security", "")

    head = Browser(base)
    signed_in = head.login("head@school.example", PASSWORD)
    assert signed_in.status_code == 302, signed_in.text[:500]
    assert "; secure" in signed_in.headers["Set-Cookie"].lower()
    assert head.request("GET", "/").status_code == 200

    page = head.request("GET", "/")
    asset = re.search(r'href="(/static/[^"]+\.css\?v=[0-9a-f]+)"', page.text).group(1)
    cached = head.request("GET", asset)
    assert cached.status_code == 200 and "max-age=31536000" in cached.headers["Cache-Control"]

    # Five wrong passwords for one account are allowed, the sixth is refused, whichever of the two
    # workers answers: the count lives in Redis.
    stranger = Browser(base)
    answers = [stranger.login("head@school.example", "not-the-password").status_code for _ in range(6)]
    assert answers == [200] * 5 + [429], answers
    assert any(redis_client.scan_iter(match=f"*{prefix}*")), "no rate-limit key in Redis"
    log = log_path.read_text()
    assert "Traceback" not in log, log[-3000:]
    assert len(set(re.findall(r"Booting worker with pid: (\d+)", log))) == 2


def test_behind_the_proxy_limits_count_each_client_and_a_reset_lifts_an_accounts_lock(deployed, second_database):
    from sqlalchemy import create_engine, text

    base = deployed[0]
    head = Browser(base, address="198.51.100.1")
    assert head.login("head@school.example", PASSWORD).status_code == 302
    created = head.submit("/admin/users/new", {"email": "deputy@school.example", "name": "Deputy",
                                               "roles": "teacher", "locale": "en"})
    assert created.status_code == 302, created.text[:500]
    password_page = created.headers["Location"]
    assert head.submit(password_page, {"new_password": PASSWORD, "confirm": PASSWORD}).status_code == 302

    # One client guessing many accounts is stopped after 30 failures...
    guesser = Browser(base, address="203.0.113.9")
    answers = [guesser.login(f"guess{n}@school.example", "wrong").status_code for n in range(31)]
    assert answers == [200] * 30 + [429], answers
    # ...while everyone else, coming through the same proxy, still signs in.
    deputy = Browser(base, address="198.51.100.2")
    assert deputy.login("deputy@school.example", PASSWORD).status_code == 302

    # Five wrong passwords lock the deputy's account, from any address; the head's reset lifts the lock.
    stranger = Browser(base, address="203.0.113.10")
    answers = [stranger.login("deputy@school.example", "not-the-password").status_code for _ in range(6)]
    assert answers == [200] * 5 + [429], answers
    assert Browser(base, address="198.51.100.3").login("deputy@school.example", PASSWORD).status_code == 429
    new_password = "another-long-enough-password"
    assert head.submit(password_page, {"new_password": new_password, "confirm": new_password}).status_code == 302
    assert Browser(base, address="198.51.100.3").login("deputy@school.example", new_password).status_code == 302

    engine = create_engine(second_database)
    with engine.connect() as connection:
        addresses = connection.execute(text(
            "SELECT ip_address FROM audit_event WHERE action = 'user.login' ORDER BY id")).scalars().all()
    engine.dispose()
    assert addresses == ["198.51.100.1", "198.51.100.2", "198.51.100.3"]
