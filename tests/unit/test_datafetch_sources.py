"""The packaged source list (sources.yaml) and URL rewriting for mirrors."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhifa.datafetch.sources import load_sources, resolve_url, select
from zhifa.errors import ZhifaError


def test_packaged_sources_pin_commits() -> None:
    sources = {s.name: s for s in load_sources()}
    assert set(sources) == {"lawrefbook", "extra", "decisions"}
    laws = sources["lawrefbook"].items[0]
    assert laws.url.endswith("/LawRefBook/Laws/tar.gz/2f4c5c23716267af9dbebbbbd6cbbf732b101981")
    assert laws.dest == "laws/lawrefbook" and laws.strip_components == 1
    assert len(sources["extra"].items) == 15
    assert all(
        i.url.startswith("https://raw.githubusercontent.com/Theonefkguy/Chinese-Laws/")
        for i in sources["extra"].items
    )
    assert sources["decisions"].optional
    assert [s.name for s in select(list(sources.values()), with_decisions=False)] == ["lawrefbook", "extra"]


def test_resolve_url_encodes_and_rewrites_for_mirror() -> None:
    url = "https://raw.githubusercontent.com/o/r/abc/经济法/反不正当竞争法(2025-06-27).md"
    direct = resolve_url(url, None)
    assert direct.startswith("https://raw.githubusercontent.com/o/r/abc/%E7%BB%8F")
    mirrored = resolve_url(url, "http://127.0.0.1:9000/mirror/")
    assert mirrored == "http://127.0.0.1:9000/mirror/raw.githubusercontent.com" + direct.split(".com", 1)[1]


@pytest.mark.parametrize(
    "item",
    [
        "{url: 'https://x.org/a.tar.gz', format: tar.gz, sha256: 'abc', dest: laws}",
        "{url: 'https://x.org/a.tar.gz', format: rar, dest: laws}",
        "{url: 'file:///etc/passwd', format: file, dest: laws/a.md}",
        "{url: 'https://x.org/a.md', format: file, dest: ../outside.md}",
    ],
    ids=["short-digest", "unknown-format", "not-http", "dest-escapes"],
)
def test_bad_source_list_is_rejected(tmp_path: Path, item: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(f"version: 1\nsources:\n  - name: x\n    items:\n      - {item}\n", encoding="utf-8")
    with pytest.raises(ZhifaError) as err:
        load_sources(path)
    assert err.value.code == "sources_invalid" and "数据源清单有误" in err.value.message
