"""`zhifa data fetch`: use the data directory in place, fill it from a local folder, or download it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zhifa.config import Settings
from zhifa.datafetch.fill import (
    fill_from_download,
    hash_tree,
    install,
    locked_staging,
    source_fingerprint,
)
from zhifa.datafetch.local import check_source, fill_from_local, find_shared_dir, is_fresh, snapshot
from zhifa.datafetch.manifest import (
    Manifest,
    count_decisions,
    count_law_files,
    load_manifest,
    looks_filled,
    quick_problems,
    write_manifest,
)
from zhifa.datafetch.progress import QuietReporter, Reporter
from zhifa.datafetch.sources import Source, load_sources, select
from zhifa.errors import ConfigurationError, ZhifaError

HOW_TO_FILL = (
    "数据目录可以这样填充：设置 ZHIFA_DATA_SOURCE=<含 laws/ 与 decisions/ 的本地目录> "
    "后运行 zhifa data fetch；"
    "或在能访问公开数据源（或 ZHIFA_DATA_MIRROR 镜像）时运行 zhifa data fetch"
)
METHODS = {"hardlink": "硬链接", "copy": "复制", "hardlink+copy": "硬链接与复制", "download": "下载"}


@dataclass
class FetchReport:
    """Outcome of a fetch: what was done, where, and what the directory now holds."""

    action: str  # in_place | noop | filled
    data_dir: Path
    origin: dict[str, Any]
    method: str
    law_files: int
    decisions: int
    seconds: float
    unverified: list[str] = field(default_factory=list)

    def origin_text(self) -> str:
        """The origin in Chinese."""
        kind = self.origin.get("kind")
        if kind == "shared":
            return f"本地数据目录 {self.origin['path']}（{METHODS.get(self.method, self.method)}）"
        if kind == "download":
            mirror = self.origin.get("mirror")
            return "公开数据源下载" + (f"（镜像 {mirror}）" if mirror else "")
        return "数据目录中已有的数据"

    def summary(self) -> str:
        """Final Chinese summary for the command line."""
        counts = f"法律文本 {self.law_files} 个文件，处罚文书 {self.decisions} 份"
        if self.action == "in_place":
            head = f"数据目录 {self.data_dir} 已有数据，直接使用（不是由 zhifa data fetch 建立，未改动）"
        elif self.action == "noop":
            head = f"数据目录 {self.data_dir} 已是最新，无需更新（来源：{self.origin_text()}）"
        else:
            head = f"已填充数据目录 {self.data_dir}（来源：{self.origin_text()}）"
        lines = [f"{head}：{counts}；用时 {self.seconds:.1f} 秒。"]
        if self.decisions == 0 and self.origin.get("kind") == "download":
            lines.append("本次跳过了处罚文书（--without-decisions）；去掉该选项再运行即可下载。")
        if self.unverified:
            lines.append(
                "注意：以下下载没有预置的 SHA-256 校验值，按“首次信任”把摘要记入 MANIFEST.json，"
                "未经预置值核对："
            )
            lines.extend(f"  {url}" for url in self.unverified)
        return "\n".join(lines)


def _report(action: str, target: Path, manifest: Manifest | None, started: float) -> FetchReport:
    return FetchReport(
        action=action,
        data_dir=target,
        origin=manifest.origin if manifest else {"kind": "in_place"},
        method=manifest.method if manifest else "in_place",
        law_files=count_law_files(target),
        decisions=count_decisions(target),
        seconds=time.monotonic() - started,
        unverified=manifest.unverified if manifest else [],
    )


def _download(
    chosen: list[Source], mirror: str | None, staging: Path, reporter: Reporter, *, explicit: bool
) -> list[dict[str, Any]]:
    """Download the sources; a failure names the two ways to fill the data directory."""
    try:
        return fill_from_download(chosen, mirror, staging, reporter)
    except ZhifaError as exc:
        if exc.code != "download_failed":
            raise
        where = "" if explicit else "没有找到本地数据目录（../shared/data 或 ZHIFA_DATA_SOURCE），"
        raise ZhifaError(
            f"{where}{exc.message}。{HOW_TO_FILL}。", code="download_failed", details=exc.details
        ) from exc


def _choose_source(settings: Settings, source: Path | None, cwd: Path | None) -> Path | None:
    if source is not None:
        return check_source(source)
    if settings.data_source is not None:
        return check_source(settings.data_source)
    return find_shared_dir(cwd)


def fetch(
    settings: Settings,
    *,
    source: Path | None = None,
    mirror: str | None = None,
    with_decisions: bool = True,
    force: bool = False,
    download: bool = False,
    reporter: Reporter | None = None,
    sources_path: Path | None = None,
    cwd: Path | None = None,
) -> FetchReport:
    """Make settings.data_dir hold the law texts (and decisions); see docs/decisions/0004-data-fetch.md.

    `download` skips local folders and fetches the public sources (through `mirror` when given);
    the decisions are downloaded too unless `with_decisions` is False.
    """
    started = time.monotonic()
    reporter = reporter or QuietReporter()
    target = ((cwd or Path.cwd()) / settings.data_dir.expanduser()).resolve()
    local = None if download else _choose_source(settings, source, cwd)
    manifest = load_manifest(target)
    if local is not None and local == target:
        return _report("in_place", target, None, started)
    if manifest is None and target.exists():
        if looks_filled(target) and not force:
            return _report("in_place", target, None, started)
        if not target.is_dir() or any(target.iterdir()):
            raise ConfigurationError(
                f"数据目录 {target} 不是由 zhifa data fetch 建立的（没有 MANIFEST.json）且不为空，不会覆盖；"
                "请换一个目录（ZHIFA_DATA_DIR）或先手动清空它",
                code="data_dir_unmanaged",
            )
    with locked_staging(target) as staging:
        if local is not None:
            snap = snapshot(local)
            origin: dict[str, Any] = {"kind": "shared", "path": str(local)}
            if (
                not force
                and manifest is not None
                and manifest.origin == origin
                and is_fresh(snap, manifest.files)
                and not quick_problems(target, manifest)
            ):
                return _report("noop", target, manifest, started)
            files, method = fill_from_local(local, staging, snap, reporter)
            new = Manifest(origin=origin, method=method, files=files)
        else:
            chosen = select(load_sources(sources_path), with_decisions)
            wanted = {s.name: source_fingerprint(s) for s in chosen}
            mirror = mirror or settings.data_mirror
            if not force and manifest is not None and manifest.origin.get("kind") == "download":
                have = manifest.origin.get("sources", {})
                if all(have.get(k) == v for k, v in wanted.items()) and not quick_problems(target, manifest):
                    return _report("noop", target, manifest, started)
            records = _download(chosen, mirror, staging, reporter, explicit=download)
            origin = {"kind": "download", "mirror": mirror, "sources": wanted}
            new = Manifest(
                origin=origin, method="download", files=hash_tree(staging, reporter), downloads=records
            )
        write_manifest(staging, new)
        install(staging, target)
    return _report("filled", target, new, started)
