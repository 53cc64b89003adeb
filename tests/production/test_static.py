"""Static files: content-hashed URLs, cached for a year; nothing from the internet."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_static_urls_carry_a_content_hash_and_are_cached_for_a_year(client):
    page = client.get("/login").get_data(as_text=True)
    match = re.search(r'href="(/static/css/app\.css\?v=([0-9a-f]{12}))"', page)
    assert match, "the stylesheet URL has no content hash"
    response = client.get(match.group(1))
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]


def test_unhashed_static_urls_are_not_cached_forever(client):
    response = client.get("/static/css/app.css")
    assert "immutable" not in response.headers.get("Cache-Control", "")


def test_no_template_or_asset_loads_anything_from_the_internet():
    pattern = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)
    offenders = []
    for folder in ("templates", "static"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".html", ".css", ".js"} and path.name != "plotly-cartesian.min.js":
                if pattern.search(path.read_text(errors="ignore")):
                    offenders.append(str(path.relative_to(ROOT)))
    css_imports = [str(p.relative_to(ROOT)) for p in (ROOT / "static").rglob("*.css")
                   if re.search(r"@import\s+url\(\s*['\"]?https?:", p.read_text(errors="ignore"))]
    assert not offenders and not css_imports, offenders + css_imports


def test_the_plotly_bundle_is_the_cartesian_build_without_map_tiles():
    # The full bundle carries maplibre and the addresses of map tile and font servers (geo and map traces);
    # the charts here are heatmaps, scatter and bars only, which the cartesian build draws (browser tests).
    bundle = (ROOT / "static/js/plotly-cartesian.min.js").read_text()
    assert bundle.startswith("/**\n* plotly.js (cartesian - minified)")
    tile_and_font_hosts = ("openmaptiles.org", "arcgisonline.com", "icgc.cat", "maplibre.org", "mapbox")
    assert not any(host in bundle for host in tile_and_font_hosts)
    assert not (ROOT / "static/js/plotly.min.js").exists()


def _plotly_url(client) -> str:
    from flask import url_for

    with client.application.test_request_context():
        return url_for("static", filename="js/plotly-cartesian.min.js")


def test_static_files_are_sent_gzipped_to_browsers_that_accept_it(client):
    import gzip

    url = _plotly_url(client)
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    zipped = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert plain.status_code == zipped.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    assert gzip.decompress(zipped.data) == plain.data == (ROOT / "static/js/plotly-cartesian.min.js").read_bytes()
    assert len(zipped.data) < len(plain.data) / 2
    assert zipped.headers["ETag"] != plain.headers["ETag"]
    assert "immutable" in zipped.headers["Cache-Control"]


def test_no_plotly_default_that_names_an_internet_address_is_left_in_force():
    # The vendored bundle (plotly.js 4.1.1, cartesian) is patched where its defaults name an internet
    # address a chart could fetch or link to: map outlines (topojsonURL, now /static/), Chart Studio
    # (plotlyServerURL, now empty) and the logo's link (now "#"). Re-vendoring must repeat the patch;
    # the charts' config overrides the same settings as well.
    from tracker.dashboards.charts import CONFIG

    bundle = (ROOT / "static/js/plotly-cartesian.min.js").read_text()
    for default in ('"https://cloud.plotly.com/newchart"', '"https://cdn.plot.ly/un/"', '"https://plotly.com/"'):
        assert default not in bundle
    assert 'topojsonURL:{valType:"string",noBlank:!0,dflt:"/static/"}' in bundle
    assert 'plotlyServerURL:{valType:"string",dflt:""}' in bundle
    assert CONFIG["displaylogo"] is False and CONFIG["showLink"] is False
    assert CONFIG["showEditInChartStudio"] is False and CONFIG["showSendToCloud"] is False
    assert not CONFIG["plotlyServerURL"].startswith("http") and not CONFIG["topojsonURL"].startswith("http")
