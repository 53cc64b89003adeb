"""The benchmark's draw-time measure (tracker/bench/draw.py) on a real heatmap: Chromium signs in as the
teacher, opens the page, and reads the moment charts.js marked the chart drawn."""
import pytest

from tracker.bench.draw import chart_draw_times
from tracker.bench.load import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_the_time_until_the_heatmap_is_drawn_is_read_from_the_page(live_server, browser):
    with live_server.app.app_context():
        from sqlalchemy import select

        from tracker.auth.models import User
        from tracker.extensions import db
        from tracker.rosters.models import TeachingAssignment

        section_id = db.session.scalar(select(TeachingAssignment.section_id).join(User).where(
            User.email == "rivera@demo.school").order_by(TeachingAssignment.section_id).limit(1))
    timing = chart_draw_times(live_server.url, "rivera@demo.school", DEMO_PASSWORD,
                              f"/sections/{section_id}/heatmap", loads=3, browser=browser)
    assert len(timing["drawn_ms"]) == 2  # the first load only warms the cache
    assert 0 < timing["after_response_ms_p50"] < timing["drawn_ms_p50"]
