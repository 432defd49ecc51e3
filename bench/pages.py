"""Page response times (p50/p95) over the main pages for each role on the demo data.

Builds a demo site in a temporary directory (`zhifa db upgrade`, `zhifa demo load`, a few real law files,
a quarter of the real decisions as precedents and the assistant trained on them when the data directory
exists), then requests each page through the ASGI app in-process (TestClient:
server-side time, no network). Prints figures; target p95 ≤ 150 ms. Run: `.venv/bin/python bench/pages.py`.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.clients import login, real_data_dir, site_settings  # noqa: E402
from tests.e2e.site import USERS, prepare_site  # noqa: E402

from zhifa.demo.identifiers import demo_case_id  # noqa: E402

ROUNDS = 15
CASES = [
    demo_case_id(k) for k in ("ja-review-ad", "ja-execution-price", "ja-investigation-food", "ja-closed-ad")
]
COMMON = ["/", "/cases", "/cases?stage=investigation", "/cases?type=price.marking_improper",
          *[f"/cases/{c}" for c in CASES], "/law/laws", "/law?q=明码标价", "/precedents",
          "/precedents?q=明码标价", "/precedents?type=price.marking_improper&law=价格法",
          "{precedent}"]  # fmt: skip
ASSIST = [f"/cases/{CASES[2]}/assistant", f"/cases/{CASES[0]}/assistant?type=ad.false_advertising",
          f"/cases/{CASES[2]}/assistant?type=food.expired_food&goods_value=360"]  # fmt: skip
PAGES = {
    "handler": [*COMMON, *ASSIST, "/clues/new", f"/cases/{CASES[2]}/onsite"],
    "reviewer": [*COMMON, *ASSIST[:2], "/approvals"],
    "head": [*COMMON, *ASSIST[:2], "/approvals"],
    "inspector": COMMON,
    "admin": [
        "/",
        "/admin/users",
        "/admin/agencies",
        "/admin/agencies/420102",
        "/admin/holidays",
        "/law/laws",
    ],
}


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def main() -> None:
    """Build the site, time every page, print a table and the overall p50/p95."""
    from fastapi.testclient import TestClient

    from zhifa.web.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        site = prepare_site(Path(tmp) / "site", real_data_dir())
        print(
            f"演示数据准备：{time.perf_counter() - started:.1f} 秒"
            f"（法律库：{'已导入子集' if site.laws else '无'}）"
        )
        app = create_app(site_settings(site))
        everything: list[float] = []
        print(f"{'角色':<10}{'页面':<58}{'p50 ms':>8}{'p95 ms':>8}")
        for role, pages in PAGES.items():
            client = TestClient(app)
            login(client, USERS[role])
            role_times: list[float] = []
            found = re.search(r'href="(/precedents/[^"?]+)"', client.get("/precedents").text)
            for path in pages:
                if path == "{precedent}":
                    if found is None:
                        continue
                    path = found.group(1)
                client.get(path)  # warm-up (law library, templates)
                times = []
                for _ in range(ROUNDS):
                    t0 = time.perf_counter()
                    resp = client.get(path)
                    times.append((time.perf_counter() - t0) * 1000)
                    if resp.status_code != 200:
                        raise SystemExit(f"{role} {path}: HTTP {resp.status_code}")
                role_times += times
                print(
                    f"{role:<12}{path[:56]:<58}{statistics.median(times):>8.1f}"
                    f"{percentile(times, 0.95):>8.1f}"
                )
            everything += role_times
            print(f"{role:<12}{'（该角色全部页面）':<52}{statistics.median(role_times):>8.1f}"
                  f"{percentile(role_times, 0.95):>8.1f}")  # fmt: skip
        p50, p95 = statistics.median(everything), percentile(everything, 0.95)
        print(f"全部 {len(everything)} 次请求：p50 {p50:.1f} ms，p95 {p95:.1f} ms（目标 p95 ≤ 150 ms）")


if __name__ == "__main__":
    main()
