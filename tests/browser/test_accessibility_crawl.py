"""axe-core over every page each demo login reaches (issue 20): from the login's first page, follow
same-site links (GET) two clicks deep and check each page for serious or critical findings.

Pages are told apart by their shape (ids replaced by N, the query string dropped), so one learner's
page stands for every learner's and the cap goes to different pages; downloads, sign-out and
machine-read addresses (CSV, JSON, PDF, files) are skipped. The number of pages checked per login
is printed (`-s`) and kept in CRAWLED for the report.
"""
import re
import time
from urllib.parse import urldefrag, urlparse

import pytest

from .helpers import DESKTOP, PHONE, axe_violations, login

pytestmark = pytest.mark.browser

LOGINS = ["admin@demo.school", "rivera@demo.school", "whitfield@demo.school", "okafor@demo.school",
          "ortiz@demo.school", "maya.hernandez@students.demo.school", "lucia.hernandez@family.demo.school"]
MAX_PAGES = 60
MAX_DEPTH = 2
# Students and families read on phones: their pages are checked at 390 px too.
PHONE_TOO = {"maya.hernandez@students.demo.school", "lucia.hernandez@family.demo.school"}
SKIP = re.compile(r"(/logout|/static/|\.(csv|json|pdf|zip|xml|ics|png|svg|ico|txt)$|/download|/export|/login)",
                  re.I)
CRAWLED: dict[str, int] = {}
# Only violations are wanted: axe skips collecting passes and incomplete results (a third faster).
AXE_OPTIONS = {"resultTypes": ["violations"]}


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def same_site_links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download])", "els => els.map(e => e.href)")
    found = []
    for href in hrefs:
        href = urldefrag(href)[0]
        parts = urlparse(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or SKIP.search(parts.path):
            continue
        found.append(href)
    return found


@pytest.mark.parametrize("email", LOGINS)
def test_every_page_a_demo_login_reaches_has_no_serious_accessibility_finding(page, live_server, email):
    started = time.monotonic()
    login(page, email)
    origin = live_server.url
    queue = [(page.url, 0)]
    seen_shapes = {shape(urlparse(page.url).path)}
    findings, errors, checked, paths = [], [], 0, []
    while queue and checked < MAX_PAGES:
        address, depth = queue.pop(0)
        response = page.goto(address)
        status = response.status if response else 0
        if status >= 500:
            errors.append(f"{address}: {status}")
            continue
        checked += 1
        for size in (DESKTOP, PHONE) if email in PHONE_TOO else (DESKTOP,):
            page.set_viewport_size(size)
            for violation in axe_violations(page, options=AXE_OPTIONS):
                nodes = "; ".join(" ".join(map(str, n["target"])) for n in violation["nodes"][:3])
                findings.append(f"{urlparse(address).path} at {size['width']} px: {violation['id']} "
                                f"({violation['impact']}) {nodes}")
        page.set_viewport_size(DESKTOP)
        paths.append(urlparse(address).path)
        if depth < MAX_DEPTH:
            for link in same_site_links(page, origin):
                key = shape(urlparse(link).path)
                if key not in seen_shapes:
                    seen_shapes.add(key)
                    queue.append((link, depth + 1))
    CRAWLED[email] = checked
    print(f"\n{email}: {checked} pages checked in {time.monotonic() - started:.0f} s: {' '.join(paths)}")
    assert not errors, errors
    assert not findings, f"{len(findings)} finding(s) over {checked} pages:\n" + "\n".join(findings)


def test_the_check_finds_what_it_is_there_to_find(page):
    """The crawl's check is not blind: an image without words and an unnamed button are serious
    or critical findings on an otherwise clean page."""
    page.goto("/login")
    assert axe_violations(page) == []
    page.evaluate("""() => {
        const main = document.querySelector('main');
        main.insertAdjacentHTML('beforeend', '<img src="/static/favicon.svg"><button type="button"></button>');
    }""")
    assert {"image-alt", "button-name"} <= {v["id"] for v in axe_violations(page)}
