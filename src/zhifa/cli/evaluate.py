"""`zhifa eval PATH`: k-fold cross-validation of the assistant's predictors on a folder of decisions."""

from __future__ import annotations

from pathlib import Path

import typer

from zhifa.cli.common import print_json
from zhifa.config import get_settings
from zhifa.errors import ValidationFailed

PREDICTORS = ("baseline", "knn", "assistant")


def eval_cmd(
    path: Path = typer.Argument(..., help="文书目录（含 index.jsonl，或 PDF/DOCX/TXT 文件）"),
    folds: int = typer.Option(5, "--folds", "-k", min=2, max=20, help="折数"),
    predictor: str = typer.Option("knn", "--predictor", "-p", help="baseline | knn | assistant"),
    seed: int = typer.Option(20261125, "--seed", help="分折随机种子"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """Cross-validate the chosen predictor; the character-bigram baseline is always shown beside it."""
    from zhifa.assistant.baseline import train_baseline
    from zhifa.assistant.evaluation import evaluate, format_reports
    from zhifa.assistant.knn import train_knn
    from zhifa.precedents.loading import load_folder

    if predictor not in PREDICTORS:
        raise ValidationFailed(
            f"未知的预测器：{predictor}（可选 {'、'.join(PREDICTORS)}）", code="bad_predictor"
        )
    if predictor == "assistant":
        raise ValidationFailed(
            "助手预测器尚未实现（需要违法行为目录），请先用 knn 或 baseline", code="not_available"
        )
    if not path.exists():
        raise ValidationFailed(f"路径不存在：{path}", code="path_not_found")
    loaded = load_folder(path, get_settings().var_dir / "cache" / "precedents")
    if len(loaded.records) < folds * 2:
        raise ValidationFailed(
            f"可用文书太少（{len(loaded.records)} 份），无法做 {folds} 折交叉验证", code="too_few"
        )
    reports = [evaluate(loaded.records, train_baseline, name="baseline", folds=folds, seed=seed)]
    if predictor != "baseline":
        reports.append(evaluate(loaded.records, train_knn, name=predictor, folds=folds, seed=seed))
    if as_json:
        print_json({
            "files": len(loaded.items),
            "unreadable": [{"docid": i.source.docid, "code": i.error_code, "message": i.error}
                           for i in loaded.items if i.record is None],
            "reports": [r.summary() for r in reports],
        })  # fmt: skip
        return
    typer.echo(format_reports(reports))
