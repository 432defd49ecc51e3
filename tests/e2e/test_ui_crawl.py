"""Link crawler: every page reachable from the workbench answers without a broken link or server error."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from tests.e2e.site import USERS

HREF = re.compile(r'<a\s[^>]*href="([^"#]*)(?:#[^"]*)?"')
SKIP = ("/logout", "/static/", "/api/", "javascript:", "mailto:")
# Law texts have thousands of articles: visit a sample of each kind of page, not every article.
# The assistant answers per case and the precedent library has hundreds of decisions: a sample too.
CAPS = {
    r"^/law/laws/\d+/articles/": 12, r"^/law/laws/\d+$": 8, r"^/law/laws\?": 4, r"^/cases\?": 12,
    r"^/cases/[0-9a-f]+/assistant$": 6, r"^/precedents/[^?/]+$": 10, r"^/precedents\?": 4,
    # documents are rendered (PDF through LibreOffice, ~1–2 s) and bundles built on request: a sample
    r"^/cases/[0-9a-f]+/documents$": 6, r"^/cases/[0-9a-f]+/documents/": 6,
    r"^/cases/[0-9a-f]+/dossier\.zip$": 2,
}  # fmt: skip
ASSISTANT_ROLES = {"handler", "reviewer", "head", "chibi_head"}
MAX_PAGES = 400


def _kind(path: str) -> str | None:
    return next((pattern for pattern in CAPS if re.search(pattern, path)), None)


def crawl(request: Any, base_url: str) -> tuple[dict[str, int], list[str]]:
    """Breadth-first over same-origin links; returns status per path and the pages that failed."""
    seen: dict[str, int] = {}
    queue = ["/"]
    per_kind: Counter[str] = Counter()
    problems: list[str] = []
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        resp = request.get(base_url + path, max_redirects=0)
        seen[path] = resp.status
        if resp.status >= 400:
            problems.append(f"{resp.status} {path}")
            continue
        if "text/html" not in resp.headers.get("content-type", ""):
            continue
        for href in HREF.findall(resp.text()):
            target = urljoin(path, unescape(href))
            parts = urlsplit(target)
            if parts.netloc or parts.scheme or not parts.path.startswith("/") or target.startswith(SKIP):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local in seen or local in queue:
                continue
            kind = _kind(local)
            if kind is not None:
                if per_kind[kind] >= CAPS[kind]:
                    continue
                per_kind[kind] += 1
            queue.append(local)
    return seen, problems


@pytest.mark.parametrize("role", ["handler", "reviewer", "head", "inspector", "admin", "chibi_head"])
def test_no_broken_link_or_server_error(session: Any, base_url: str, role: str) -> None:
    s = session()
    s.login(USERS[role])
    seen, problems = crawl(s.context.request, base_url)
    assert problems == []
    assert len(seen) >= 8, seen
    redirects = [p for p, status in seen.items() if status in (301, 302, 303, 307)]
    assert redirects == []  # no link leads to the login page or elsewhere
    assert "/precedents" in seen and any(re.match(r"^/precedents/[^?/]+$", p) for p in seen)
    assistant = [p for p in seen if p.endswith("/assistant")]
    assert bool(assistant) is (role in ASSISTANT_ROLES), assistant
