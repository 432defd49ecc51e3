"""`zhifa eval PATH`: k-fold cross-validation of the assistant's predictors on a folder of decisions."""

from __future__ import annotations

from pathlib import Path

import typer

from zhifa.assistant.evaluation import Trainer, TypeOf
from zhifa.cli.common import print_json
from zhifa.config import get_settings
from zhifa.errors import ValidationFailed

PREDICTORS = ("baseline", "knn", "assistant")


def _type_of() -> TypeOf | None:
    """Gold violation types from the catalog (None while the catalog cannot be loaded)."""
    try:
        from zhifa.assistant.classify_labels import type_of

        type_of_fn: TypeOf = type_of
        return type_of_fn
    except Exception:  # catalog not there yet: type metrics are shown as —
        return None


def _trainer(predictor: str) -> Trainer:
    if predictor == "knn":
        from zhifa.assistant.knn import train_knn

        return train_knn
    try:
        from zhifa.assistant.pipeline_predictor import train_assistant
    except Exception as exc:
        raise ValidationFailed(f"助手预测器暂不可用：{exc}", code="not_available") from exc
    return train_assistant


def eval_cmd(
    path: Path = typer.Argument(..., help="文书目录（含 index.jsonl，或 PDF/DOCX/TXT 文件）"),
    folds: int = typer.Option(5, "--folds", "-k", min=2, max=20, help="折数"),
    predictor: str = typer.Option("knn", "--predictor", "-p", help="baseline | knn | assistant"),
    seed: int = typer.Option(20261125, "--seed", help="分折随机种子"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
    train_share: float = typer.Option(
        1.0,
        "--train-share",
        help="每折只用其余各折中这一比例的文书训练（大于 0、不超过 1；学习曲线，留出折不变）",
    ),
) -> None:
    """Cross-validate the chosen predictor; the character-bigram baseline is always shown beside it."""
    from zhifa.assistant.baseline import train_baseline
    from zhifa.assistant.evaluation import evaluate, format_reports
    from zhifa.precedents.loading import load_folder

    if predictor not in PREDICTORS:
        raise ValidationFailed(
            f"未知的预测器：{predictor}（可选 {'、'.join(PREDICTORS)}）", code="bad_predictor"
        )
    if not 0 < train_share <= 1:
        raise ValidationFailed(f"--train-share 须大于 0 且不超过 1：{train_share}", code="bad_train_share")
    trainer = _trainer(predictor) if predictor != "baseline" else None
    if not path.exists():
        raise ValidationFailed(f"路径不存在：{path}", code="path_not_found")
    loaded = load_folder(path, get_settings().var_dir / "cache" / "precedents")
    if len(loaded.records) < folds * 2:
        raise ValidationFailed(
            f"可用文书太少（{len(loaded.records)} 份），无法做 {folds} 折交叉验证", code="too_few"
        )
    type_of = _type_of()
    reports = [
        evaluate(
            loaded.records,
            train_baseline,
            name="baseline",
            folds=folds,
            seed=seed,
            type_of=type_of,
            train_share=train_share,
        )
    ]
    if trainer is not None:
        reports.append(
            evaluate(
                loaded.records,
                trainer,
                name=predictor,
                folds=folds,
                seed=seed,
                type_of=type_of,
                train_share=train_share,
            )
        )
    if as_json:
        print_json(
            {
                "files": len(loaded.items),
                "unreadable": [
                    {"docid": i.source.docid, "code": i.error_code, "message": i.error}
                    for i in loaded.items
                    if i.record is None
                ],
                "reports": [r.summary() for r in reports],
            }
        )
        return
    typer.echo(format_reports(reports))
