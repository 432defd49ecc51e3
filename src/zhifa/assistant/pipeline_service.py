"""Use cases of the assistant for the CLI and the API: train and save the model, load the assistant once."""

from __future__ import annotations

import pickle
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from zhifa.assistant.model import AssistantModel
from zhifa.assistant.model_source import training_records
from zhifa.assistant.pipeline import Assistant, model_path
from zhifa.assistant.schema import summary
from zhifa.assistant.training import train_calibrated
from zhifa.config import Settings
from zhifa.errors import ValidationFailed, ZhifaError
from zhifa.rules.factors import load_factors
from zhifa.rules.loader import load_catalog
from zhifa.rules.ports import ArticleResolver
from zhifa.rules.profiles import get_profile, load_profiles

MIN_TRAINING = 10
WARM_UP = "经查，当事人在其经营的超市内销售的12种商品未标明价格，违反了明码标价的规定。"
_LOCK = threading.Lock()
_CACHE: dict[tuple[str, float, str], tuple[Assistant, str | None]] = {}


def train_and_save(settings: Settings, engine: Engine | None, folder: Path | None = None) -> dict[str, Any]:
    """Train on the precedent library (or a folder) and write the model; a summary for the user."""
    records, source = training_records(settings, engine, folder)
    if len(records) < MIN_TRAINING:
        raise ValidationFailed(
            f"可用于训练的文书太少（{len(records)} 份，至少 {MIN_TRAINING} 份）", code="too_few_decisions"
        )
    profile = get_profile(load_profiles(), settings.default_profile)
    model = train_calibrated(records, load_catalog(), load_factors(), profile)
    path = model_path(settings.var_dir)
    model.save(path)
    invalidate()
    labelled = sum(1 for m in model.index.metas if m.type_id)
    return {
        "model": str(path),
        "source": source,
        "decisions": len(records),
        "with_facts": model.trained_on,
        "labelled": labelled,
        "types": len(model.classifier.classes),
        "seconds": round(model.seconds, 2),
        "certain_from": model.certain_from,
    }


def _resolver(engine: Engine | None) -> tuple[ArticleResolver | None, str | None]:
    if engine is None:
        return None, "未配置数据库：条文内容从缺"
    try:
        from zhifa.law.citation_resolver import library_resolver

        return library_resolver(engine), None
    except ZhifaError as exc:
        return None, exc.message


def get_assistant(settings: Settings, engine: Engine | None = None) -> tuple[Assistant, str | None]:
    """The process-wide assistant for the saved model (reloaded when the file changes) and a note."""
    path = model_path(settings.var_dir)
    if not path.exists():
        AssistantModel.load(path)  # raises NotFound with the instruction to train
    key = (str(path), path.stat().st_mtime, str(engine.url) if engine is not None else "")
    with _LOCK:
        found = _CACHE.get(key)
        if found is None:
            model = AssistantModel.load(path)
            resolver, note = _resolver(engine)
            profile = get_profile(load_profiles(), settings.default_profile)
            found = _CACHE[key] = (Assistant(model, load_catalog(), load_factors(), profile, resolver), note)
    return found


def answer(
    settings: Settings, engine: Engine | None, facts: str, fields: dict[str, Any], *, full: bool = True
) -> dict[str, Any]:
    """The assistant's JSON answer for the facts and known fields, with the loading note if any
    (schema: docs/assistant-schema.md) — what the CLI, the API and the case panel show. Without `full`,
    the article texts are left out (`summary`): the API's default, `?detail=full` brings them."""
    assistant, note = get_assistant(settings, engine)
    result = assistant.assist(facts, fields).to_dict()
    if note:
        result["notes"].append(note)
    return result if full else summary(result)


def preload(settings: Settings, engine: Engine | None) -> str | None:
    """Load the assistant and answer one warm-up question, so that the first request is as fast as the
    rest (the app does this at start-up); the reason in Chinese when there is nothing to load yet."""
    try:
        assistant, _ = get_assistant(settings, engine)
        assistant.assist(WARM_UP)
    except ZhifaError as exc:
        return exc.message
    except (
        OSError,
        EOFError,
        pickle.UnpicklingError,
    ) as exc:  # a damaged model file must not stop the server
        return f"助手模型无法读取（{exc}）：请重新运行 zhifa assist train"
    return None


def invalidate() -> None:
    """Forget loaded assistants (after training)."""
    with _LOCK:
        _CACHE.clear()
