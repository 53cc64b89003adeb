"""What browser journeys are written with: signing in, window sizes, accessibility checks.

    from .helpers import assert_accessible, login, phone

    def test_something(page):
        login(page, "rivera@demo.school")
        page.goto("/sections/1")
        assert_accessible(page)
        phone(page)
        assert_accessible(page)
"""
import os
import re
from functools import lru_cache
from pathlib import Path

import pytest

from tracker.demo.school import DEMO_LOGINS, DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE_PATH = Path(__file__).parent / "vendor" / "axe.min.js"

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# role -> email of the demo login for that role (the first one when there are several)
DEMO_EMAILS = {}
for _login in DEMO_LOGINS:
    DEMO_EMAILS.setdefault(_login.role, _login.email)


def desktop(page) -> None:
    page.set_viewport_size(DESKTOP)


def phone(page) -> None:
    page.set_viewport_size(PHONE)


def assert_fits_width(page) -> None:
    """The page needs no sideways scrolling (wide tables scroll inside their own .table-wrap)."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, (
        f"{page.url} is {overflow}px wider than the {page.viewport_size['width']}px window")


def focused(page) -> dict:
    """What has the keyboard focus: tag, id, classes, text, and whether a focus outline is drawn."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return {tag: el.tagName.toLowerCase(), id: el.id, classes: [...el.classList],
                type: el.getAttribute('type'), text: (el.innerText || el.value || '').trim(),
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0};
    }""")


def login(page, email: str, password: str = DEMO_PASSWORD, *, next_path: str | None = None) -> None:
    """Sign in through the real form (with its CSRF token) and wait to leave the sign-in page."""
    page.goto("/login" + (f"?next={next_path}" if next_path else ""))
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if "/login" in page.url:
        errors = page.locator(".field-error, .error-summary").all_inner_texts()
        pytest.fail(f"signing in as {email} did not work: {errors or page.title()}")


def logout(page) -> None:
    page.locator("form[action$='/logout'] button[type=submit]").click()
    page.wait_for_load_state()


def artifact_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")


def snapshot(page, name: str) -> Path | None:
    """Save a full-page screenshot to test-artifacts/ when TRACKER_SCREENSHOTS is set (to look at pages)."""
    if not os.environ.get("TRACKER_SCREENSHOTS"):
        return None
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{artifact_name(name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@lru_cache(maxsize=1)
def axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


# Why page.evaluate() and not page.add_script_tag(content=...): the app's CSP is
# `script-src 'self'`, so an inline <script> tag added to the page is refused. Playwright's
# bypass_csp=True context option would allow it, but it switches CSP off for the whole
# context, and then the journeys could no longer prove that pages work under the real policy
# (the `page` fixture fails a test on any CSP violation). Code run through page.evaluate() is
# sent over the DevTools protocol and is not subject to the page's CSP, so axe is injected
# that way and the policy stays on.
def _inject_axe(page) -> None:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())


def axe_violations(page, impacts=("serious", "critical"), options: dict | None = None) -> list[dict]:
    """axe-core's violations on the current page with one of `impacts`."""
    _inject_axe(page)
    results = page.evaluate("async (options) => await window.axe.run(document, options)", options or {})
    return [v for v in results["violations"] if v.get("impact") in impacts]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:10]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def assert_accessible(page, impacts=("serious", "critical"), options: dict | None = None) -> None:
    """Fail when axe-core finds a violation of impact serious or critical on the current page."""
    violations = axe_violations(page, impacts, options)
    if violations:
        size = page.viewport_size or {}
        pytest.fail(
            f"axe-core: {len(violations)} accessibility violation(s) on {page.url} "
            f"at {size.get('width')}x{size.get('height')}:\n{format_violations(violations)}",
            pytrace=False,
        )
