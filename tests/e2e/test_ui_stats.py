"""Browser: the /stats dashboard draws its charts (canvas present, no console errors), with every chart's
table beside it; the province administrator drills down from the province to a city and a county."""

from __future__ import annotations

from typing import Any

from tests.e2e.site import USERS

CHARTS = ("rates", "trend", "agencies", "source", "area", "procedure")


def test_the_head_reads_his_county_dashboard(session: Any) -> None:
    s = session()
    s.login(USERS["head"])
    s.page.click("text=统计")
    page = s.page
    for chart in CHARTS:
        page.wait_for_selector(f"[data-chart={chart}] canvas")
    assert page.locator("h1").first.inner_text() == "统计"
    assert page.locator(".nav-link.active").inner_text() == "统计"
    assert "江岸" in page.locator(".page-head").inner_text()
    rates = page.locator("#rates-table").inner_text()
    for label in ("办案机构应用率", "办案人员操作率", "案件全流程网办率", "行政处罚公示率"):
        assert label in rates
    assert page.locator("#trend-table tbody tr").count() >= 1
    assert "登记线索" in page.locator("#counts-table").inner_text()
    assert "export.xlsx" in (page.locator("#export-xlsx").get_attribute("href") or "")
    s.shot("stats-county")
    answer = page.goto("/stats?agency=421281")  # 赤壁: outside his county
    assert answer is not None and answer.status == 404
    assert all("404" in e for e in s.console_errors)


def test_the_admin_drills_down_province_city_county(session: Any) -> None:
    s = session()
    s.login(USERS["admin"])
    page = s.page
    page.goto("/stats?from=2020-01-01")
    page.wait_for_selector("[data-chart=agencies] canvas")
    assert "湖北省" in page.locator(".page-head").inner_text()
    page.click("#agency-table >> text=武汉市市场监督管理局")
    page.wait_for_selector("[data-chart=agencies] canvas")
    assert "武汉市" in page.locator(".page-head").inner_text()
    page.click("#agency-table >> text=武汉市江岸区市场监督管理局")
    page.wait_for_selector("[data-chart=rates] canvas")
    assert "江岸" in page.locator(".page-head").inner_text()
    assert int(page.locator("#counts-table tr", has_text="登记线索").locator("td.num").inner_text()) >= 1
    page.click("#drill-up")
    page.wait_for_selector("[data-chart=rates] canvas")
    assert "武汉市" in page.locator(".page-head").inner_text()
    s.shot("stats-drilldown")
    assert s.console_errors == []
