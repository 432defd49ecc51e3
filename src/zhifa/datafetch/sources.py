"""The list of public sources (sources.yaml): what to download, its pinned digest, where it goes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

import yaml

from zhifa.errors import ConfigurationError

DEFAULT_SOURCES = Path(__file__).with_name("sources.yaml")
FORMATS = ("tar.gz", "zip", "file")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Item:
    """One download: a file or an archive extracted below `dest`."""

    url: str
    format: str
    dest: str
    sha256: str | None = None
    strip_components: int = 0
    include: tuple[str, ...] = ()
    rename_pattern: str | None = None
    rename_to: str | None = None
    index: str | None = None


@dataclass(frozen=True)
class Source:
    """A named group of downloads (laws, extra laws, decisions)."""

    name: str
    title: str
    optional: bool
    items: tuple[Item, ...]


def _bad(message: str) -> ConfigurationError:
    return ConfigurationError(f"数据源清单有误：{message}", code="sources_invalid")


def _safe_rel(value: str, what: str) -> str:
    path = PurePosixPath(value)
    if not value or path.is_absolute() or ".." in path.parts:
        raise _bad(f"{what} 必须是相对路径且不含 ..：{value!r}")
    return path.as_posix()


def _item(raw: dict[str, object]) -> Item:
    fmt = str(raw.get("format", ""))
    if fmt not in FORMATS:
        raise _bad(f"未知格式 {fmt!r}（可用：{'、'.join(FORMATS)}）")
    url = str(raw.get("url", ""))
    if urlsplit(url).scheme not in ("http", "https"):
        raise _bad(f"URL 必须是 http(s)：{url!r}")
    digest = raw.get("sha256")
    if digest is not None and not _SHA256.match(str(digest).lower()):
        raise _bad(f"sha256 必须是 64 位十六进制：{digest!r}")
    include = raw.get("include") or []
    if not isinstance(include, list):
        raise _bad("include 必须是列表")
    return Item(
        url=url,
        format=fmt,
        dest=_safe_rel(str(raw.get("dest", "")), "dest"),
        sha256=str(digest).lower() if digest is not None else None,
        strip_components=int(str(raw.get("strip_components", 0))),
        include=tuple(str(p) for p in include),
        rename_pattern=str(raw["rename_pattern"]) if raw.get("rename_pattern") else None,
        rename_to=str(raw["rename_to"]) if raw.get("rename_to") else None,
        index=_safe_rel(str(raw["index"]), "index") if raw.get("index") else None,
    )


def load_sources(path: Path | None = None) -> list[Source]:
    """Read and check the source list (the packaged sources.yaml by default)."""
    path = path or DEFAULT_SOURCES
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise _bad(f"无法读取 {path}：{exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise _bad(f"{path} 缺少 sources 列表")
    result = []
    for raw in data["sources"]:
        items = tuple(_item(i) for i in raw.get("items") or [])
        if not items:
            raise _bad(f"数据源 {raw.get('name')!r} 没有下载项")
        result.append(
            Source(
                name=str(raw["name"]),
                title=str(raw.get("title", raw["name"])),
                optional=bool(raw.get("optional", False)),
                items=items,
            )
        )
    return result


def select(sources: list[Source], with_decisions: bool = True) -> list[Source]:
    """The sources to fetch: all of them; the optional ones (decisions) can be skipped."""
    return [s for s in sources if not s.optional or with_decisions]


def resolve_url(url: str, mirror: str | None) -> str:
    """The URL to request: percent-encoded, and rewritten to <mirror>/<host><path> when a mirror is set."""
    parts = urlsplit(url)
    path = quote(parts.path, safe="/%")
    if not mirror:
        return f"{parts.scheme}://{parts.netloc}{path}"
    return f"{mirror.rstrip('/')}/{parts.netloc}{path}"
