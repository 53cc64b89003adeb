"""Time until a page's chart is drawn in Chromium (issue 17: the 600 × 130 heatmap, warm, under 1 s).

Chromium (the system's /usr/bin/chromium, driven by Playwright) signs in as the teacher and opens the
page `loads` times, the first to warm the browser's cache (Plotly and the CSS) and the server; for each
later load it reads, from the page's own clock, when the response had arrived and when charts.js marked
the chart drawn (`chart-drawn:*`, after Plotly's newPlot resolved and the browser painted). Skipped,
saying why, where Chromium or Playwright is missing.
"""
import shutil
import statistics

CHROMIUM = "/usr/bin/chromium"
DRAWN = """async () => {
  await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const mark = performance.getEntriesByType("mark").find(m => m.name.startsWith("chart-drawn:"));
  const nav = performance.getEntriesByType("navigation")[0];
  return mark ? {drawn: mark.startTime, response_end: nav.responseEnd} : null;
}"""


def chart_draw_times(base: str, email: str, password: str, path: str, loads: int = 6, browser=None) -> dict:
    """{"drawn_ms_p50", "drawn_ms": [...], "after_response_ms_p50"} for `path` (warm loads only), or
    {"skipped": why}. `browser`: a Playwright browser already running (the tests'), else one is started."""
    if browser is not None:
        return _measure(browser, base, email, password, path, loads)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "Playwright is not installed (pip install -e '.[dev]')"}
    if not shutil.which(CHROMIUM):
        return {"skipped": f"no Chromium at {CHROMIUM} (apt-get install -y chromium)"}
    with sync_playwright() as playwright:
        started = playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            return _measure(started, base, email, password, path, loads)
        finally:
            started.close()


def _measure(browser, base: str, email: str, password: str, path: str, loads: int) -> dict:
    drawn, after_response = [], []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    for attempt in range(loads):
        page.goto(base + path)
        page.wait_for_function("() => performance.getEntriesByType('mark').some("
                               "m => m.name.startsWith('chart-drawn:'))", timeout=60_000)
        timing = page.evaluate(DRAWN)
        if attempt and timing:  # the first load only warms the cache
            drawn.append(timing["drawn"])
            after_response.append(timing["drawn"] - timing["response_end"])
    context.close()
    return {"drawn_ms_p50": round(statistics.median(drawn), 1), "drawn_ms": [round(d, 1) for d in drawn],
            "after_response_ms_p50": round(statistics.median(after_response), 1)}
