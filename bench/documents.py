"""Benchmark of the document layer: DOCX render, PDF conversion, export and verify of a 200-page dossier.

Sets up the demo world in a temporary SQLite database (or --url), fills one case under investigation with
evidence PDFs of blank pages (SYNTHETIC, for timing only) up to the page count asked, issues the documents
that case can fill, then times:
  - DOCX: the 行政处罚决定书 of the demo case in execution, read from the ledger and rendered (p50/p95);
  - PDF: LibreOffice headless conversion of that DOCX, one process per conversion and then the resident
    converter (one LibreOffice kept running, over UNO) when this machine has it (p50/p95; skipped without
    soffice);
  - export of the dossier bundle of the big case and `verify` of the bundle.

Usage: python bench/documents.py [--renders 50] [--pdfs 5] [--pages 200] [--url sqlite:///…]
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time
from pathlib import Path

from pypdf import PdfWriter

from zhifa.assistant.metrics import percentile
from zhifa.config import reset_settings
from zhifa.demo.accounts import load_demo
from zhifa.demo.identifiers import demo_case_id
from zhifa.documents import bundle, render, resident
from zhifa.documents import dossier_service as dossiers
from zhifa.documents import service as docs
from zhifa.identity.scope import actor_from_user
from zhifa.identity.users import find_user
from zhifa.services.cases import china_today, run_action
from zhifa.services.evidence import Upload
from zhifa.store.db import make_engine
from zhifa.store.migrate import upgrade
from zhifa.store.uow import UnitOfWork


def blank_pdf(pages: int) -> bytes:
    """A PDF of blank A4 pages (synthetic evidence)."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def main() -> None:
    """Run the figures."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--renders", type=int, default=50)
    ap.add_argument("--pdfs", type=int, default=5)
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--url", default="")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="zhifa-bench-docs-"))
    engine = make_engine(args.url or f"sqlite:///{tmp / 'bench.db'}")
    upgrade(engine)
    load_demo(lambda: UnitOfWork(engine))  # agencies, demo accounts and demo cases
    today = china_today()
    with UnitOfWork(engine) as uow:
        zhang = actor_from_user(find_user(uow.session, "jiangan_zhang"))
        li_id = find_user(uow.session, "jiangan_li").id

    execution = demo_case_id("ja-execution-price")
    docs.preview_document(UnitOfWork(engine), zhang, execution, "penalty_decision")  # warm caches
    times = []
    for _ in range(args.renders):
        t = time.perf_counter()
        draft = docs.preview_document(UnitOfWork(engine), zhang, execution, "penalty_decision")
        times.append((time.perf_counter() - t) * 1000)
    print(
        f"DOCX 行政处罚决定书 (ledger read + render), n={args.renders}: "
        f"p50 {percentile(times, 50):.1f} ms, p95 {percentile(times, 95):.1f} ms"
    )
    if render.soffice() and args.pdfs:
        for mode in ("oneshot", "auto"):
            os.environ["ZHIFA_PDF_CONVERTER"] = mode
            reset_settings()
            resident_on = resident.converter(render.soffice()) is not None
            t = time.perf_counter()
            render.to_pdf(draft.data)  # a resident converter starts here (and makes its profile)
            first = time.perf_counter() - t
            pdf_times = []
            for _ in range(args.pdfs):
                t = time.perf_counter()
                render.to_pdf(draft.data)
                pdf_times.append(time.perf_counter() - t)
            label = "resident LibreOffice over UNO" if resident_on else "one LibreOffice per conversion"
            print(
                f"PDF conversion ({label}), n={args.pdfs}: p50 {percentile(pdf_times, 50):.2f} s, "
                f"p95 {percentile(pdf_times, 95):.2f} s (first call {first:.2f} s)"
            )
    else:
        print("PDF conversion: soffice absent, skipped")

    big = demo_case_id("ja-investigation-food")
    per_file = 20
    for i in range(max(1, args.pages // per_file)):
        body = {
            "item": {"kind": "document", "title": f"【合成·计时】书证{i + 1}", "source": "计时用空白页"},
            "collected_on": today.isoformat(),
            "co_handler_id": li_id,
        }
        upload = Upload(f"synthetic-{i + 1}.pdf", "application/pdf", blank_pdf(per_file) + f"%{i}\n".encode())
        run_action(UnitOfWork(engine), zhang, big, "add-evidence", body, today, uploads=[upload], var_dir=tmp)
    for kind in docs.list_documents(UnitOfWork(engine), zhang, big)["available"]:
        docs.issue_document(UnitOfWork(engine), zhang, big, kind["code"], today, var_dir=tmp)
    shown = dossiers.show_dossier(UnitOfWork(engine), zhang, big, tmp)
    print(
        f"dossier: {len(shown['items'])} items, "
        f"正卷 {shown['pages']['正卷']} pages, 副卷 {shown['pages']['副卷']}"
    )
    t = time.perf_counter()
    data = dossiers.export_dossier(UnitOfWork(engine), zhang, big, tmp)
    export_s = time.perf_counter() - t
    t = time.perf_counter()
    verdict = bundle.verify_bundle(data)
    verify_s = time.perf_counter() - t
    print(f"load average: {Path('/proc/loadavg').read_text().split()[:3]}")
    print(f"export (sheets as DOCX+PDF): {export_s:.2f} s, {len(data) / 1e6:.1f} MB")
    print(f"verify: {verify_s:.2f} s, ok={verdict.ok} ({verdict.files} files, {verdict.records} records)")


if __name__ == "__main__":
    main()
