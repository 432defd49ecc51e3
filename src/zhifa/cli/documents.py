"""`zhifa documents` (kinds, list, render, issue) and `zhifa dossier` (show, export, verify, rename)."""

from __future__ import annotations

from pathlib import Path

import typer

from zhifa.cli.cases import AS_HELP, actor_named, parse_day
from zhifa.cli.common import fail, print_json, ready_uow

app = typer.Typer(no_args_is_help=True)
dossier_app = typer.Typer(no_args_is_help=True)


@app.command("kinds", help="可制作的文书种类（代码、名称、阶段、卷别）")
def kinds(as_json: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
    """List the document kinds."""
    from zhifa.documents.service import kinds_json

    rows = kinds_json()
    if as_json:
        print_json(rows)
        return
    for k in rows:
        typer.echo(f"{k['code']:<24} {k['title']:<16} {k['stage']:<6} {k['volume']}")


@app.command("list", help="本案当前可制作的文书和已制作的文书（含各版本）")
def list_(
    case_id: str = typer.Argument(..., metavar="CASE"),
    as_user: str = typer.Option(..., "--as", help=AS_HELP),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """Available and issued documents of a case."""
    from zhifa.documents.service import list_documents

    result = list_documents(ready_uow(), actor_named(as_user), case_id)
    if as_json:
        print_json(result)
        return
    typer.echo("可制作：" + "、".join(k["title"] for k in result["available"]))
    for d in result["issued"]:
        line = f"#{d['seq']:<3} {d['title']} 第{d['version']}版 {d['docno']} {d['issued_on']}"
        typer.echo(f"{line} SM3 {d['sm3'][:16]}…")


@app.command(
    "render",
    help="按账本内容生成文书草稿（不登记）：--format docx|pdf|escpos -o 文件；"
    "escpos 为热敏打印机指令（--width 58|80），KIND 为已制作文书的账本序号时打印该版本并附核验二维码",
)
def render_(
    case_id: str = typer.Argument(..., metavar="CASE"),
    kind: str = typer.Argument(
        ..., metavar="KIND", help="文书代码或中文名称（escpos 也可为已制作文书的序号）"
    ),
    as_user: str = typer.Option(..., "--as", help=AS_HELP),
    fmt: str = typer.Option("docx", "--format", help="docx、pdf 或 escpos"),
    width: int = typer.Option(58, "--width", help="escpos 纸宽（毫米）：58 或 80"),
    qr: str = typer.Option(
        "native",
        "--qr",
        help="escpos 核验二维码：native（打印机二维码指令）或 raster（图像，适用于不支持该指令的打印机）",
    ),
    base_url: str = typer.Option(
        "", "--base-url", help="核验二维码的对外地址（默认取 ZHIFA_PUBLIC_BASE_URL）"
    ),
    out: Path = typer.Option(..., "-o", "--output", help="输出文件"),
) -> None:
    """Render a draft (or, for escpos, an issued version named by its seq)."""
    from zhifa.config import check_base_url, get_settings
    from zhifa.documents.service import preview_document
    from zhifa.printing.service import escpos_document

    if fmt == "escpos":
        settings = get_settings()
        try:
            base = check_base_url(base_url) or settings.public_base_url
        except ValueError as exc:
            fail(str(exc), "bad_base_url")
        rendered = escpos_document(
            ready_uow(), actor_named(as_user), case_id, kind, width, base, settings.var_dir, qr_mode=qr
        )
    else:
        rendered = preview_document(ready_uow(), actor_named(as_user), case_id, kind, fmt)
    out.write_bytes(rendered.data)
    typer.echo(f"已生成 {out}（{rendered.filename}，{len(rendered.data)} 字节）")


@app.command("issue", help="制作并登记文书：存档 DOCX（和 PDF），在账本记录其 SM3 并由制作人签名")
def issue(
    case_id: str = typer.Argument(..., metavar="CASE"),
    kind: str = typer.Argument(..., metavar="KIND", help="文书代码或中文名称"),
    as_user: str = typer.Option(..., "--as", help=AS_HELP),
    reason: str = typer.Option("", "--reason", help="重新制作（更正）的原因"),
    no_pdf: bool = typer.Option(False, "--no-pdf", help="不生成 PDF"),
    on: str | None = typer.Option(None, "--on", help="制作日期（默认今天）"),
    record: int = typer.Option(0, "--record", help="笔录类文书所依据的账本记录序号（默认最近一份）"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """Issue a document."""
    from zhifa.documents.service import issue_document
    from zhifa.services.cases import china_today

    day = parse_day(on) or china_today()
    result = issue_document(
        ready_uow(),
        actor_named(as_user),
        case_id,
        kind,
        day,
        reason=reason,
        with_pdf=not no_pdf,
        record=record,
    )
    if as_json:
        print_json(result)
        return
    typer.echo(f"已登记 #{result['seq']} {result['title']} 第{result['version']}版 {result['docno']}")
    typer.echo(
        f"  DOCX SM3 {result['sm3']}" + (f"\n  PDF  SM3 {result['pdf_sm3']}" if result["pdf_sm3"] else "")
    )


@dossier_app.command("show", help="卷宗：卷内文件目录（正卷、副卷，顺序号、页号）与封面信息")
def show(
    case_id: str = typer.Argument(..., metavar="CASE"),
    as_user: str = typer.Option(..., "--as", help=AS_HELP),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """Show the dossier."""
    from zhifa.documents.dossier_service import show_dossier

    result = show_dossier(ready_uow(), actor_named(as_user), case_id)
    if as_json:
        print_json(result)
        return
    typer.echo(
        f"{result['cover']['case_title']}（正卷{result['pages']['正卷']}页，副卷{result['pages']['副卷']}页）"
    )
    for i in result["items"]:
        typer.echo(
            f"{i['volume']} {i['no']:>3}  第{i['start_page']}-{i['end_page']}页  {i['title']}  {i['docno']}"
        )


@dossier_app.command("export", help="导出卷宗包（ZIP：文书、证据、账本记录、公钥、经服务器签名的清单）")
def export(
    case_id: str = typer.Argument(..., metavar="CASE"),
    as_user: str = typer.Option(..., "--as", help=AS_HELP),
    out: Path = typer.Option(..., "-o", "--output", help="输出的 ZIP 文件"),
    no_pdf: bool = typer.Option(False, "--no-pdf", help="封面、目录、备考表不生成 PDF"),
) -> None:
    """Export the bundle."""
    from zhifa.documents.dossier_service import export_dossier

    data = export_dossier(ready_uow(), actor_named(as_user), case_id, with_pdf=not no_pdf)
    out.write_bytes(data)
    typer.echo(f"已导出 {out}（{len(data)} 字节）")


@dossier_app.command(
    "verify", help="离线校验卷宗包：清单签名、文件 SM3、账本哈希链与签名、文书登记、目录顺序"
)
def verify(
    path: Path = typer.Argument(..., metavar="FILE"),
    server_key_id: str = typer.Option("", "--server-key", help="应使用的服务器公钥指纹（SM3）"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """Verify a bundle; exits 1 naming the first failure."""
    from zhifa.documents.bundle import verify_bundle

    if not path.is_file():
        fail(f"文件 {path} 不存在", "file_not_found")
    verdict = verify_bundle(path.read_bytes(), server_key_id)
    if as_json:
        print_json(verdict.to_json())
    elif verdict.ok:
        typer.echo(
            f"卷宗包校验通过：{verdict.files} 个文件，{verdict.records} 条账本记录，"
            f"{verdict.signatures} 个签名，{verdict.documents} 份文书均有签名登记"
        )
        typer.echo(f"服务器公钥指纹：{verdict.server_key_id}")
    if not verdict.ok:
        fail(verdict.message, verdict.code)


@dossier_app.command("rename", help="修改卷内文件名称或来源（记入账本并签名，原名称保留）")
def rename(
    case_id: str = typer.Argument(..., metavar="CASE"),
    item_seq: int = typer.Argument(
        ..., metavar="ITEM", help="卷内文件的账本序号（dossier show --json 的 seq）"
    ),
    title: str = typer.Option(..., "--title", help="新名称"),
    reason: str = typer.Option(..., "--reason", help="修改原因"),
    source: str = typer.Option("", "--source", help="新的来源"),
    as_user: str = typer.Option(..., "--as", help=AS_HELP),
    on: str | None = typer.Option(None, "--on", help="修改日期（默认今天）"),
) -> None:
    """Rename a dossier item."""
    from zhifa.documents.dossier_service import rename_item
    from zhifa.services.cases import china_today

    day = parse_day(on) or china_today()
    result = rename_item(
        ready_uow(), actor_named(as_user), case_id, item_seq, title, reason, day, new_source=source
    )
    typer.echo(f"已登记 #{result['seq']}：“{result['old_title']}” → “{result['new_title']}”")


@dossier_app.command("search", help="检索卷宗：已制作文书和证据 PDF 的全文（本人管辖范围内）")
def search_(
    query: str = typer.Argument("", metavar="QUERY", help="检索词（多个以空格分隔，须同时出现）"),
    as_user: str = typer.Option(..., "--as", help=AS_HELP),
    case_id: str | None = typer.Option(None, "--case", help="只在本案卷宗内检索"),
    agency: str | None = typer.Option(None, "--agency", help="机构代码（含下级）"),
    year: int | None = typer.Option(None, "--year", help="年度"),
    kind: str | None = typer.Option(None, "--kind", help="文书代码（证据为 evidence）"),
    party: str | None = typer.Option(None, "--party", help="当事人名称（包含）"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """Search the dossiers."""
    from zhifa.documents.search import search_documents

    hits = search_documents(
        ready_uow(),
        actor_named(as_user),
        query,
        case_id=case_id,
        agency=agency,
        year=year,
        kind=kind,
        party=party,
    )
    if as_json:
        print_json(hits)
        return
    for h in hits:
        typer.echo(f"{h['case_id']} #{h['seq']} {h['title']} {h['docno']}  {h['snippet']}")
    typer.echo(f"共 {len(hits)} 条")
