"""`zhifa assist`: the intelligent assistant — facts → violation type, provisions, penalty, precedents."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from zhifa.cli.common import print_json
from zhifa.config import get_settings
from zhifa.errors import ValidationFailed

MAX_INPUT_BYTES = 2_000_000


def _read(source: str) -> str:
    if source == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    else:
        path = Path(source)
        if not path.is_file():
            raise ValidationFailed(f"文件不存在：{source}", code="path_not_found", details={"path": source})
        data = path.read_bytes()[: MAX_INPUT_BYTES + 1]
    if len(data) > MAX_INPUT_BYTES:
        raise ValidationFailed("输入过大（超过 2 MB）：请只提供违法事实部分", code="facts_too_long")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationFailed("输入不是 UTF-8 编码的文本", code="bad_encoding") from None


def _engine() -> Any:
    from zhifa.cli.common import engine_from_settings

    try:
        return engine_from_settings(check=False)
    except Exception:
        return None


def _train(path: str | None, as_json: bool) -> None:
    from zhifa.assistant.pipeline_service import train_and_save

    summary = train_and_save(get_settings(), _engine(), Path(path) if path else None)
    if as_json:
        print_json(summary)
        return
    typer.echo(
        f"已训练助手模型：{summary['model']}（来源 {summary['source']}；文书 {summary['decisions']} 份，"
        f"有事实 {summary['with_facts']}，可标注类型 {summary['labelled']}，类型 {summary['types']} 个，"
        f"用时 {summary['seconds']} 秒）"
    )
    line = summary["certain_from"]
    typer.echo(
        f"可靠线（训练文书内部交叉验证，违反条款正确率 ≥ 98%）：{line:.3f}"
        if line is not None
        else "训练文书内部交叉验证达不到 98% 的违反条款正确率：所有回答都将标为低置信度"
    )


def _print(result: dict[str, Any]) -> None:
    conf = result["confidence"]
    typer.echo(("【低置信度】" + "；".join(conf["reasons"])) if conf["uncertain"] else "判断置信度：正常")
    typer.echo("违法行为类型：")
    for t in result["violation_types"][:5]:
        typer.echo(f"  {t['score']:.0%}  {t['name']}（{t['id']}）")
    for role, label in (("violated", "违反条款"), ("penalty", "处罚依据")):
        typer.echo(f"{label}：")
        for p in result["provisions"][role]:
            typer.echo(f"  {p['label']}" + (f"：{p['text'][:80]}" if p["text"] else "（条文未解析）"))
    pen = result["penalty"]
    typer.echo(
        f"法定罚款幅度：{pen['statutory_range']}  阶次：{pen['tier']}  建议罚款：{pen['suggested_fine']}"
    )
    typer.echo(f"类案罚款参考：{pen['expected_fine']}（{pen['expected_fine_method']}）")
    typer.echo("相似判例：")
    for h in result["precedents"]:
        pos = "—" if h["position_in_range"] is None else f"{h['position_in_range']:.0%}"
        typer.echo(
            f"  {h['similarity']:.2f}  {h['docno'] or h['docid']}  {h['bureau'] or ''}  {h['date'] or ''}"
            f"  罚款 {h['fine'] or '—'}（幅度内位置 {pos}）  {'；'.join(h['why_similar'][:2])}"
        )
    if result["consistency"]:
        c = result["consistency"]
        typer.echo(
            "拟处罚意见："
            + ("未见明显失当" if c["ok"] else "、".join(c["flags"]) + "：" + "；".join(c["reasons"]))
        )
    for note in result["notes"]:
        typer.echo(f"注：{note}")


def assist(
    source: Annotated[str, typer.Argument(help="事实文本文件，- 表示标准输入；train 表示训练模型")] = "-",
    train_path: Annotated[
        str | None, typer.Argument(help="（train）文书目录；默认判例库或 <数据目录>/decisions")
    ] = None,
    act_date: Annotated[str | None, typer.Option("--act-date", help="违法行为发生日期 YYYY-MM-DD")] = None,
    party_type: Annotated[
        str | None, typer.Option("--party-type", help="person / individual_business / organization")
    ] = None,
    goods_value: Annotated[str | None, typer.Option("--goods-value", help="货值金额（元）")] = None,
    illegal_income: Annotated[str | None, typer.Option("--illegal-income", help="违法所得（元）")] = None,
    sales: Annotated[str | None, typer.Option("--sales", help="销售额（元）")] = None,
    proposed_fine: Annotated[
        str | None, typer.Option("--proposed-fine", help="拟罚款（元），检查是否失当")
    ] = None,
    violation_type: Annotated[str | None, typer.Option("--type", help="已确定的违法行为类型编号")] = None,
    top_k: Annotated[int, typer.Option("--top-k", min=1, max=50, help="返回的类型与判例数")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="JSON 输出")] = False,
) -> None:
    """Run the assistant on a facts text (or train its model with `zhifa assist train [PATH]`)."""
    if source == "train":
        _train(train_path, as_json)
        return
    from zhifa.assistant.pipeline_service import answer

    facts = _read(source)
    fields = {
        "act_date": act_date,
        "party_type": party_type,
        "goods_value": goods_value,
        "illegal_income": illegal_income,
        "sales": sales,
        "proposed_fine": proposed_fine,
        "violation_type": violation_type,
        "top_k": top_k,
    }
    result = answer(get_settings(), _engine(), facts, {k: v for k, v in fields.items() if v is not None})
    if as_json:
        print_json(result)
    else:
        _print(result)
