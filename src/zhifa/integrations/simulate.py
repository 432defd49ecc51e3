"""Demo clues (演示): realistic bodies for `POST /api/v1/intake/clues`, for a demo of the intake flow.

Every clue is labelled: the summary starts with 【演示】, the category with 演示-, the source_ref with DEMO-,
and the subjects are the fictitious entities of `registry_demo.jsonl` (names with 演示 and 虚构). Nothing
here is real data.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import date, timedelta
from typing import Any

from zhifa.integrations.registry_service import DEMO_FILE
from zhifa.integrations.sources import shipped_sources

# per area: (category, conduct, amount field or None) — conduct phrased as a supervision system reports it
CONDUCT: dict[str, list[tuple[str, str, str | None]]] = {
    "食品": [
        ("过期食品", "日常检查发现经营场所货架上陈列超过保质期的预包装食品{n}件", "goods_value"),
        ("标签不符", "抽检发现所售预包装食品标签未标注生产日期，共{n}批次", "goods_value"),
        ("从业人员健康证明", "检查发现{n}名从业人员未取得健康证明即从事接触直接入口食品的工作", None),
    ],
    "药品": [("处方药销售", "飞行检查发现未凭处方销售处方药{n}盒", "sales_amount")],
    "医疗器械": [("未备案经营", "检查发现经营第二类医疗器械未办理经营备案，涉及{n}个品种", "goods_value")],
    "化妆品": [("进货查验", "检查发现所售化妆品{n}件无法提供进货查验记录", "goods_value")],
    "质量": [("不合格产品", "监督抽查发现销售的{n}批次产品经检验不合格", "goods_value")],
    "特种设备": [("未定期检验", "检查发现{n}台电梯超过检验有效期仍继续使用", None)],
    "网络交易": [("虚假宣传", "网络监测发现平台店铺页面对商品作虚假宣传，涉及{n}个链接", "illegal_income")],
    "广告": [("虚假广告", "广告监测发现发布含有虚假内容的广告{n}条次", "illegal_income")],
    "价格": [("明码标价", "价格监测发现{n}种商品未按规定明码标价", None)],
    "计量": [("计量器具", "检查发现使用未经检定的计量器具{n}台", None)],
    "登记": [("未按规定公示", "信用监管发现未按规定期限公示年度报告，已逾期{n}个月", None)],
}


def _entities() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DEMO_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]


def demo_clues(source_code: str, count: int, today: date, seed: int | None = None) -> list[dict[str, Any]]:
    """`count` labelled demo clue bodies as the source system `source_code` would send them."""
    shipped = shipped_sources().get(source_code)
    area = shipped.area if shipped else "食品"
    rng = random.Random(seed)
    batch = uuid.uuid4().hex[:8] if seed is None else f"{seed:08d}"
    entities = _entities()
    out = []
    for i in range(count):
        entity = rng.choice(entities)
        category, conduct, amount = rng.choice(CONDUCT.get(area, CONDUCT["食品"]))
        hints: dict[str, Any] = {"complaints_count": rng.choice([0, 0, 0, 1, 2, 5, 12])}
        roll = rng.random()
        if roll < 0.05:
            hints.update(crime_suspected=True)
        elif roll < 0.12:
            hints.update(minors_involved=True)
        elif roll < 0.40:
            hints.update(first_violation=True, corrected=True)
        elif roll < 0.50:
            hints.update(repeated=True)
        body: dict[str, Any] = {
            "source_ref": f"DEMO-{source_code}-{batch}-{i + 1}",
            "found_on": (today - timedelta(days=rng.randint(0, 6))).isoformat(),
            "subject": {"uscc": entity["uscc"], "name": entity["name"]},
            "address": entity["domicile"], "division_code": entity["division_code"],
            "summary": "【演示】" + conduct.format(n=rng.randint(1, 30)) + "（演示数据，当事人为虚构）",
            "category": f"演示-{area}-{category}", "hints": hints,
        }  # fmt: skip
        if amount is not None:
            body["amounts"] = {amount: f"{rng.choice([300, 1200, 8600, 45000, 260000]):.2f}"}
        out.append(body)
    return out


def post_demo_clues(url: str, key: str, source_code: str, count: int, seed: int | None) -> dict[str, Any]:
    """POST the demo clues one after another; counts by HTTP status, grade and agency, latencies."""
    import time
    from collections import Counter

    import httpx

    from zhifa.services.cases import china_today

    bodies = demo_clues(source_code, count, china_today(), seed)
    statuses: Counter[int] = Counter()
    grades: Counter[str] = Counter()
    agencies: Counter[str] = Counter()
    took: list[float] = []
    problems: list[str] = []
    with httpx.Client(base_url=url.rstrip("/"), timeout=30) as client:
        for body in bodies:
            start = time.perf_counter()
            answer = client.post("/api/v1/intake/clues", json=body, headers={"X-Api-Key": key})
            took.append((time.perf_counter() - start) * 1000)
            statuses[answer.status_code] += 1
            if answer.status_code in (200, 201):
                doc = answer.json()
                grades[doc["grade"]] += 1
                agencies[doc["agency_code"]] += 1
            elif len(problems) < 5:
                problems.append(f"{body['source_ref']}: HTTP {answer.status_code} {answer.text[:200]}")
    took.sort()
    return {
        "sent": len(bodies), "statuses": dict(statuses), "grades": dict(grades),
        "agencies": dict(agencies.most_common(10)),
        "p50_ms": round(took[len(took) // 2], 1), "p95_ms": round(took[int(len(took) * 0.95)], 1),
        "problems": problems, "label": "演示",
    }  # fmt: skip
