"""The OpenID Providers the sign-in tests talk to.

- `RealProvider`: oidc-provider from npm (OpenID certified), run by Node from tests/sso/provider on a
  free port, with one static client and the test accounts. Installed by `npm ci` (make test, .ci/run).
- `CraftedIssuer`: a tiny issuer in this process that signs the ID tokens a real provider never sends
  (a wrong nonce, an expired token, another audience, a bad signature), to prove the app refuses them.
"""
import json
import os
import shutil
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest
import requests

from ..local_services import free_port

PROVIDER_DIR = Path(__file__).resolve().parent / "provider"
CLIENT_ID = "tracker-test"
CLIENT_SECRET = "tracker-test-secret-that-is-long-enough"
# The provider's people: subject -> claims.
ACCOUNTS = {
    "lucia": {"email": "lucia.hernandez@family.demo.school", "email_verified": True, "name": "Lucía Hernández"},
    "rivera": {"email": "rivera@demo.school", "email_verified": True, "name": "Sam Rivera"},
    "stranger": {"email": "stranger@elsewhere.example", "email_verified": True, "name": "A Stranger"},
    "unverified": {"email": "rivera@demo.school", "email_verified": False, "name": "Not Verified"},
    "gone": {"email": "gone@demo.school", "email_verified": True, "name": "Gone Away"},
}


def _unavailable(message: str):
    if os.environ.get("CI"):
        pytest.fail(f"{message} The sign-in tests must run in CI.", pytrace=False)
    pytest.skip(message)


class RealProvider:
    def __init__(self, redirect_uris):
        if not shutil.which("node"):
            _unavailable("Node.js is not installed.")
        if not (PROVIDER_DIR / "node_modules" / "oidc-provider").exists():
            _unavailable(f"oidc-provider is not installed: run `npm ci` in {PROVIDER_DIR}.")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PORT": str(self.port), "CLIENT_ID": CLIENT_ID, "CLIENT_SECRET": CLIENT_SECRET,
               "REDIRECT_URIS": ",".join(redirect_uris), "ACCOUNTS": json.dumps(ACCOUNTS)}
        self.process = subprocess.Popen(["node", "provider.mjs"], cwd=PROVIDER_DIR, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if line.startswith("ready"):
                break
            if self.process.poll() is not None:
                raise RuntimeError(f"the OpenID provider stopped: {line}{self.process.stdout.read()}")
        else:
            self.stop()
            raise RuntimeError("the OpenID provider did not start within 20 s")
        # Keep reading its output so that it never blocks on a full pipe.
        threading.Thread(target=self.process.stdout.read, daemon=True).start()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def sign_in_at_provider(authorize_url: str, subject: str, redirect_prefix: str) -> str:
    """Go through the provider's own pages by plain HTTP (its development sign-in form, any password,
    then consent) and return the URL it sends the browser back to (the app's callback, with code and
    state)."""
    browser = requests.Session()
    response = browser.get(authorize_url, allow_redirects=False)
    for _step in range(12):
        if response.is_redirect:
            location = urljoin(response.url, response.headers["Location"])
            if location.startswith(redirect_prefix):
                return location
            response = browser.get(location, allow_redirects=False)
            continue
        html = response.text
        action = html.split('action="', 1)[1].split('"', 1)[0]
        if 'name="prompt" value="login"' in html:
            data = {"prompt": "login", "login": subject, "password": "anything"}
        else:
            data = {"prompt": "consent"}
        response = browser.post(urljoin(response.url, action), data=data, allow_redirects=False)
    raise AssertionError(f"the provider never sent us back; last answer {response.status_code}: {response.text[:300]}")


class CraftedIssuer:
    """A minimal OpenID issuer whose token endpoint answers with an ID token built by `make_claims`
    (a function of the nonce the app sent), signed with its own key, or with `sign_with` another one."""

    def __init__(self):
        from joserfc.jwk import RSAKey

        self.key = RSAKey.generate_key(2048, parameters={"kid": "crafted", "alg": "RS256", "use": "sig"},
                                       private=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.make_claims = None
        self.sign_with = None
        self.nonces: dict[str, str] = {}  # code -> nonce the app asked for
        self.errors: list[str] = []
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, body):
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):  # noqa: N802
                path = urlsplit(self.path)
                if path.path == "/.well-known/openid-configuration":
                    self._json({"issuer": issuer.url, "authorization_endpoint": issuer.url + "/authorize",
                                "token_endpoint": issuer.url + "/token", "jwks_uri": issuer.url + "/jwks",
                                "response_types_supported": ["code"], "subject_types_supported": ["public"],
                                "id_token_signing_alg_values_supported": ["RS256"],
                                "code_challenge_methods_supported": ["S256"]})
                elif path.path == "/jwks":
                    self._json({"keys": [issuer.key.as_dict(private=False)]})
                elif path.path == "/authorize":
                    query = {k: v[0] for k, v in parse_qs(path.query).items()}
                    code = f"code-{len(issuer.nonces) + 1}"
                    issuer.nonces[code] = query.get("nonce", "")
                    self.send_response(302)
                    self.send_header("Location", query["redirect_uri"] + "?" + urlencode(
                        {"code": code, "state": query["state"]}))
                    self.end_headers()
                else:
                    self.send_error(404)

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                from joserfc import jwt

                try:
                    claims = issuer.make_claims(issuer.nonces.get(form.get("code"), ""))
                except Exception as error:  # a broken test must show, not look like a refusal
                    issuer.errors.append(repr(error))
                    raise
                key = issuer.sign_with or issuer.key
                token = jwt.encode({"alg": "RS256", "kid": "crafted"}, claims, key)
                self._json({"access_token": "crafted-access-token", "token_type": "Bearer",
                            "expires_in": 300, "id_token": token})

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def claims(self, sent_nonce: str, **changes) -> dict:
        """Good claims for the nonce the app sent, with `changes` applied (a value None drops the claim)."""
        now = int(time.time())
        base = {"iss": self.url, "sub": "crafted-1", "aud": CLIENT_ID, "iat": now, "exp": now + 300,
                "nonce": sent_nonce, "email": "rivera@demo.school", "email_verified": True}
        return {key: value for key, value in {**base, **changes}.items() if value is not None}

    def stop(self):
        self.server.shutdown()
