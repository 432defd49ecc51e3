"""The case's documents page on the demo site: available documents with preview and download, issuing from
the form (recorded on the ledger), the issued versions and the dossier catalogue."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.e2e.clients import make_client_factory
from tests.e2e.site import USERS
from tests.integration.document_helpers import docx_text
from zhifa.demo.identifiers import demo_case_id

Client = Callable[[str | None], TestClient]
EXECUTION = demo_case_id("ja-execution-price")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Client:
    _, factory = make_client_factory(tmp_path_factory.mktemp("documents-site"))
    return factory


def test_documents_page_lists_issues_and_downloads(client: Client) -> None:
    c = client(USERS["handler"])
    assert 'href="/cases/' + EXECUTION + '/documents"' in c.get(f"/cases/{EXECUTION}").text
    page = c.get(f"/cases/{EXECUTION}/documents")
    assert page.status_code == 200 and "行政处罚决定书" in page.text and 'id="dossier"' in page.text
    draft = c.get(f"/cases/{EXECUTION}/documents/penalty_decision/file", params={"format": "docx"})
    assert draft.status_code == 200 and "行政处罚决定书" in docx_text(draft.content)
    action = f"/cases/{EXECUTION}/documents"
    token = re.search(rf'action="{re.escape(action)}".*?name="csrf_token" value="([^"]+)"', page.text, re.S)
    assert token
    issued = c.post(action, data={"csrf_token": token.group(1), "kind": "penalty_decision", "reason": ""})
    assert issued.status_code in (200, 303)
    after = c.get(action).text
    assert "第1版" in after and re.search(r"#\d+</td>\s*<td data-label=\"文书\">行政处罚决定书", after)
    seq = re.search(r"#(\d+)</td>\s*<td data-label=\"文书\">行政处罚决定书", after)
    assert seq and 'target="reader"' in after and 'id="reader"' in after
    view = c.get(f"/cases/{EXECUTION}/dossier/items/{seq.group(1)}/view")
    assert view.status_code == 200 and view.headers["x-frame-options"] == "SAMEORIGIN"
    assert view.headers["content-security-policy"] == "frame-ancestors 'self'"
    assert c.get(action).headers["x-frame-options"] == "DENY"  # the pages themselves are never framed
    assert c.get(f"/cases/{EXECUTION}/dossier/items/99999/view").status_code == 404
    no_token = c.post(action, data={"kind": "penalty_decision"})
    assert no_token.status_code == 403
