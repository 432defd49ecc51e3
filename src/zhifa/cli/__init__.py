"""The `zhifa` command line (typer, Chinese help texts)."""

from __future__ import annotations

import sys

import typer

from zhifa.cli import assist as assist_cli
from zhifa.cli import backup as backup_cli
from zhifa.cli import calendar, cases, data, db, deadlines, demo, ledger, rules, serve, sources, token, users
from zhifa.cli import documents as documents_cli
from zhifa.cli import evaluate as evaluate_cli
from zhifa.cli import intake as intake_cli
from zhifa.cli import law as law_cli
from zhifa.cli import outbox as outbox_cli
from zhifa.cli import oversight as oversight_cli
from zhifa.cli import precedents as precedents_cli
from zhifa.cli import registry as registry_cli
from zhifa.cli import stats as stats_cli
from zhifa.cli.common import run_guarded

app = typer.Typer(
    help="zhifa 执法：市场监督管理行政执法协同办案与同案同罚智能辅助系统",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(db.app, name="db", help="数据库：迁移与检查")
app.add_typer(demo.app, name="demo", help="演示数据")
app.add_typer(users.app, name="users", help="用户管理")
app.add_typer(token.app, name="token", help="API 访问令牌")
app.add_typer(sources.app, name="sources", help="线索来源系统（业务监管系统）：登记、启用、列表、撤销密钥")
app.add_typer(intake_cli.app, name="intake", help="线索接入：处理结果回调、演示线索推送")
app.add_typer(registry_cli.app, name="registry", help="市场主体登记信息：导入、查询、名称检索、身份证号核验")
app.add_typer(ledger.app, name="ledger", help="案件账本：哈希链与签名校验")
app.add_typer(backup_cli.app, name="backup", help="备份与恢复：数据库、证据文件、密钥与签名检查点")
app.add_typer(data.app, name="data", help="数据目录：法律文本与处罚文书")
app.add_typer(calendar.app, name="calendar", help="工作日历：工作日计算与节假日表")
app.add_typer(rules.app, name="rules", help="违法行为目录（裁量基准）：校验、列表、裁量建议")
app.add_typer(law_cli.app, name="law", help="法律库：导入、检索、引用解析")
app.add_typer(cases.app, name="cases", help="案件：登记、办理、查看、账本时间线")
app.add_typer(documents_cli.app, name="documents", help="执法文书：按账本生成 DOCX/PDF、登记、版本")
app.add_typer(
    documents_cli.dossier_app, name="dossier", help="电子卷宗：目录、导出卷宗包、离线校验、名称修改"
)
app.add_typer(
    outbox_cli.app,
    name="outbox",
    help="对外推送：公示、文书网、互联网+监管、信用、审计、药监、两法衔接、纪检",
)
app.add_typer(
    oversight_cli.app, name="oversight", help="监督：类案同罚分析、纪检监督视图、导出 Excel、重建事实表"
)
app.add_typer(stats_cli.app, name="stats", help="统计：四个 100%、数量、案值、分组下钻、Excel 导出")
app.command("deadlines", help="即将到期和已超期的办案期限（--due-within N）")(deadlines.deadlines)
app.add_typer(precedents_cli.app, name="precedents", help="判例库：导入处罚决定书、检索、相似案例")
app.command("eval", help="判例预测的 k 折交叉验证（与字二元 TF-IDF 最近邻基线并列）")(evaluate_cli.eval_cmd)
app.command("assist", help="智能助手：违法类型、条款、裁量与类案")(assist_cli.assist)
app.command("serve", help="启动 Web 服务")(serve.serve)


def main() -> None:
    """Entry point of the `zhifa` script."""
    sys.exit(run_guarded(app))
