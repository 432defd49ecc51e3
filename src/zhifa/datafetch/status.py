"""`zhifa data status`: what the data directory holds and whether it still matches its manifest."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zhifa.config import Settings
from zhifa.datafetch.manifest import (
    count_decisions,
    count_law_files,
    digest_problems,
    load_manifest,
    quick_problems,
)


@dataclass
class StatusReport:
    """State of the data directory."""

    data_dir: Path
    exists: bool
    managed: bool
    law_files: int
    decisions: int
    origin: dict[str, Any] | None = None
    method: str | None = None
    created_at: str | None = None
    manifest_files: int = 0
    checked: str = "none"  # none | sizes | digests
    problems: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        body = dict(vars(self))
        body["data_dir"] = str(self.data_dir)
        return body

    def lines(self) -> list[str]:
        """Chinese description for the command line."""
        if not self.exists:
            return [f"数据目录 {self.data_dir} 不存在：请运行 zhifa data fetch"]
        out = [
            f"数据目录：{self.data_dir}",
            f"法律文本：{self.law_files} 个文件；处罚文书：{self.decisions} 份",
        ]
        if not self.managed:
            out.append("清单：没有 MANIFEST.json（不是由 zhifa data fetch 建立，按原样使用）")
            return out
        origin = self.origin or {}
        where = origin.get("path") or (
            "下载" + (f"（镜像 {origin['mirror']}）" if origin.get("mirror") else "")
        )
        out.append(
            f"来源：{where}；方式：{self.method}；建立于 {self.created_at}；"
            f"清单记录 {self.manifest_files} 个文件"
        )
        check = "SHA-256 全量核对" if self.checked == "digests" else "文件存在与大小核对"
        if self.problems:
            out.append(f"{check}：发现 {len(self.problems)} 处不符（请运行 zhifa data fetch --force）：")
            out.extend(f"  {p}" for p in self.problems[:20])
        else:
            out.append(f"{check}：与清单一致")
        if self.unverified:
            out.append(f"其中 {len(self.unverified)} 个下载按“首次信任”记录摘要，未经预置校验值核对")
        return out


def status(settings: Settings, *, verify: bool = False, cwd: Path | None = None) -> StatusReport:
    """Describe the data directory; `verify` re-hashes every file against the manifest."""
    target = ((cwd or Path.cwd()) / settings.data_dir.expanduser()).resolve()
    report = StatusReport(
        data_dir=target,
        exists=target.is_dir(),
        managed=False,
        law_files=count_law_files(target),
        decisions=count_decisions(target),
    )
    manifest = load_manifest(target)
    if manifest is None:
        return report
    report.managed = True
    report.origin = manifest.origin
    report.method = manifest.method
    report.created_at = manifest.created_at
    report.manifest_files = len(manifest.files)
    report.unverified = manifest.unverified
    report.checked = "digests" if verify else "sizes"
    report.problems = digest_problems(target, manifest) if verify else quick_problems(target, manifest)
    return report
