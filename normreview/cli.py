"""The normreview command line, per ../shared/review-contract.md. Thin: it calls flows and APIs."""
from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

# The reviewer's opinion, per 国办发〔2018〕115号.
OPINIONS = ("合法", "应当予以修改", "不合法")
# `normreview audit` exits with this when overdue items exist (0: none; 1: failure; 2: bad usage).
AUDIT_OVERDUE_EXIT = 3

app = typer.Typer(add_completion=False, no_args_is_help=True, help="规范性文件合法性审核与备案工具 normreview")


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# Elasticsearch answers at most 10,000 hits a page; a page of the CLI is far smaller.
MAX_SEARCH_SIZE = 1000


def _fail(message: str, code: int) -> None:
    typer.echo(f"normreview: {message}", err=True)
    raise typer.Exit(code)


def _acting_user(given: str | None, *, deciding: bool) -> str:
    """The configured identity (NORMREVIEW_USER, a user of the workbench), never free text: a name given
    on the command line must be that user."""
    from normreview.settings import settings
    from normreview.web.settings import data_dir
    from normreview.web.users import UserStore

    name = settings().user
    if not name:
        _fail("未配置当前用户：请将环境变量 NORMREVIEW_USER 设为已登记的用户名（normreview user add）", 2)
    if given is not None and given != name:
        _fail(f"操作人“{given}”与已配置的当前用户“{name}”不一致", 2)
    user = UserStore(data_dir()).get(name)
    if user is None or getattr(user, "disabled", False):
        _fail(f"当前用户“{name}”未登记或已停用", 2)
    if deciding and not user.can_decide:
        _fail(f"当前用户“{name}”不是审核人员，不能作出审核决定", 2)
    return user.name


@app.command()
def extract(file: Path, as_json: bool = typer.Option(False, "--json", help="print the extracted document as JSON")) -> None:
    """Read one file and print its structure and metadata."""
    from normreview.extractors import ExtractionError
    from normreview.extractors import extract as extract_file

    try:
        document = extract_file(file)
    except ExtractionError as exc:
        _fail(str(exc), 2)
    if as_json:
        _print_json(document.model_dump(mode="json"))
        return
    typer.echo(f"标题：{document.title}\n类型：{document.kind}\n文号：{document.doc_number or '无'}\n"
               f"发文机关：{'、'.join(document.issuer) or '未识别'}\n日期：{document.dates}")
    if document.validity:
        typer.echo(f"有效期：{document.validity.text}（至 {document.validity.until or '未定'}）")
    if document.attachments:
        typer.echo(f"附件：{'；'.join(document.attachments)}")
    if document.source.ocr:
        typer.echo(f"OCR 识别：是（平均置信度 {document.source.ocr_confidence}）")
    for warning in document.warnings:
        typer.echo(f"提示：{warning}")
    for unit in document.units:
        typer.echo(f"{'  ' * (len(unit.path) - 1)}{unit.label} [{unit.kind}] {unit.text.splitlines()[0][:60]}")


@app.command()
def review(
    files: list[Path],
    as_json: bool = typer.Option(False, "--json", help="print review objects as JSON"),
    no_archive: bool = typer.Option(False, "--no-archive", help="check without writing to the archive"),
    opinion_dir: Path | None = typer.Option(None, "--opinion-dir", help="write the opinion letter and annotated draft (.docx) here"),
    submitted_by: str | None = typer.Option(None, "--submitted-by", help="who submitted the draft"),
    drafting_unit: str | None = typer.Option(None, "--drafting-unit", help="the unit that drafted it"),
    profile: str | None = typer.Option(None, "--profile", help="jurisdiction profile (national, jiangsu, zhejiang …) instead of the one detected"),
) -> None:
    """Extract, check and archive each file or submission folder (draft + materials); print the review."""
    from normreview.checks.profile import profile_names

    # Before importing the flows: a bad name fails fast, without the Prefect API's startup or warning.
    if profile and profile not in profile_names():
        _fail(f"未知的辖区规则“{profile}”，可选：{'、'.join(profile_names())}", 2)
    from normreview.checks.report import render_text
    from normreview.flows.review import review_submission
    from normreview.index import ArchiveUnavailable

    try:
        results = review_submission([str(f) for f in files], archive=not no_archive,
                                    opinion_dir=str(opinion_dir) if opinion_dir else None,
                                    submitted_by=submitted_by, drafting_unit=drafting_unit, profile=profile)
    except ArchiveUnavailable as exc:
        _fail(f"{exc} (start it with deploy/es.sh start, or set ES_URL; or use --no-archive)", 1)
    reviews = [r for r in results if not isinstance(r, dict)]
    for bad in (r for r in results if isinstance(r, dict)):
        typer.echo(f"normreview: {bad['file']}: {bad['error']}", err=True)
    if as_json:
        data = [r.model_dump(mode="json") for r in reviews]
        _print_json(data[0] if len(files) == 1 and data else data)
    else:
        for item in reviews:
            typer.echo(render_text(item))
    if not no_archive:
        from normreview.index.outbox import Outbox
        from normreview.settings import settings

        queued = set(Outbox(settings().data_dir).pending()) & {r.document.doc_id for r in reviews}
        if queued:
            _fail(f"档案库暂不可用：{len(queued)} 份审核结果已存入本地待归档队列，"
                  f"档案库恢复后执行 normreview outbox flush（或下次审核时自动归档）", 1)
    if len(reviews) < len(results):
        raise typer.Exit(2)


@app.command()
def search(
    query: str = typer.Argument("", help="words, a 发文字号 (either form) or a law name; empty lists everything"),
    as_json: bool = typer.Option(False, "--json", help="print hits as JSON"),
    size: int = typer.Option(10, help="how many hits"),
    kind: str | None = typer.Option(None, help="normative | agreement | other"),
    issuer: str | None = typer.Option(None, help="issuing body"),
    year: int | None = typer.Option(None, help="year of the document"),
    status: str | None = typer.Option(None, help="draft | under_review | reviewed | published | filed | expired | repealed"),
    category: str | None = typer.Option(None, help="finding category, e.g. selective-incentive"),
    rule: str | None = typer.Option(None, help="rule id"),
    opinion: str | None = typer.Option(None, help="合法 | 应当予以修改 | 不合法"),
    drafting_unit: str | None = typer.Option(None, help="drafting unit"),
    sort: str = typer.Option("relevance", help="relevance | date"),
    after: str | None = typer.Option(None, help="the 'next' token of the previous page"),
) -> None:
    """Search the archive."""
    from normreview.index import Archive, ArchiveUnavailable

    filters = {"kind": kind, "issuer": issuer, "year": year, "status": status, "category": category,
               "rule": rule, "opinion": opinion, "drafting_unit": drafting_unit}
    if sort not in ("relevance", "date"):
        _fail(f"--sort must be relevance or date, not {sort}", 2)
    if not 1 <= size <= MAX_SEARCH_SIZE:
        _fail(f"--size 应为 1 至 {MAX_SEARCH_SIZE} 之间的整数，而不是 {size}", 2)
    try:
        result = Archive().search(query, filters=filters, sort=sort, size=size, search_after=after)
    except ArchiveUnavailable as exc:
        _fail(str(exc), 1)
    except ValueError as exc:  # a bad --after token or filter value
        _fail(str(exc), 2)
    if as_json:
        _print_json(result)
        return
    typer.echo(f"共 {result['total']} 条结果")
    for hit in result["hits"]:
        typer.echo(f"\n{hit['title']}  {hit['doc_number'] or ''}  (score {hit['score']:.2f})")
        for fragment in hit["highlights"]:
            typer.echo("  … " + fragment.replace("\n", " ") + " …")
    if result["next"]:
        typer.echo(f"\n下一页：--after {result['next']}")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="address to listen on (0.0.0.0 exposes it to the network)"),
    port: int = typer.Option(8000, help="port to listen on"),
) -> None:
    """Start the reviewers' web workbench (docs/web.md)."""
    import signal

    import uvicorn

    from normreview.web import create_app

    def exit_normally(signum, frame):
        raise SystemExit(128 + signum)

    # uvicorn re-raises SIGTERM after its graceful shutdown; with the default action the process would
    # die before atexit stops a temporary Prefect server it started. Exit through SystemExit instead.
    signal.signal(signal.SIGTERM, exit_normally)
    uvicorn.run(create_app(), host=host, port=port, log_level="info", proxy_headers=False)


@app.command()
def purge(days: float | None = typer.Option(None, help="保留天数（默认取 NORMREVIEW_RETENTION_DAYS）")) -> None:
    """删除超过保留期限的上传文件、临时 OCR 文件和 Prefect 缓存结果。"""
    from normreview.flows.retention import purge as purge_old

    removed = purge_old(days)
    typer.echo(f"已删除：上传 {removed['uploads']} 项，临时文件 {removed['temporary']} 项，缓存结果 {removed['results']} 项")


outbox_app = typer.Typer(add_completion=False, no_args_is_help=True, help="待归档队列（档案库不可用时暂存的审核结果）")
app.add_typer(outbox_app, name="outbox")


@outbox_app.command("flush")
def outbox_flush() -> None:
    """把待归档队列中的审核结果写入档案库。"""
    from normreview.index.outbox import Outbox
    from normreview.settings import settings

    result = Outbox(settings().data_dir).flush()
    typer.echo(f"已归档 {len(result['stored'])} 份，待归档 {len(result['pending'])} 份")
    if result["pending"]:
        _fail("档案库暂不可用，待归档结果保留在本地队列中", 1)


user_app = typer.Typer(add_completion=False, no_args_is_help=True, help="web workbench users (docs/web.md)")
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    name: str,
    role: str = typer.Option(..., help="drafter | reviewer | auditor"),
    unit: str = typer.Option("", help="the user's unit (required for a drafter)"),
    admin: bool | None = typer.Option(None, "--admin/--no-admin", help="may manage users in the web workbench (kept when omitted)"),
    replace: bool = typer.Option(False, "--replace", help="overwrite an existing user's password, role and unit"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="read the password from the first line of stdin"),
) -> None:
    """Create a web user, or reset an existing one's password, role and unit."""
    from normreview.web.settings import data_dir
    from normreview.web.users import UserStore

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    try:
        user = UserStore(data_dir()).add(name, password, role, unit, is_admin=admin, replace=replace)
    except ValueError as exc:
        _fail(str(exc), 2)
    typer.echo(f"user {user.name}: {user.role}{' (admin)' if user.is_admin else ''}, unit {user.unit or '-'}, in {data_dir()}")


@user_app.command("list")
def user_list() -> None:
    """List the web users."""
    from normreview.web.settings import data_dir
    from normreview.web.users import UserStore

    for user in UserStore(data_dir()).all():
        typer.echo(f"{user.name}\t{user.role}{' admin' if user.is_admin else ''}\t{user.unit or '-'}")


@app.command()
def decide(
    doc_id: str = typer.Argument(..., help="the document's doc_id (sha256), as review --json gives it"),
    opinion: str = typer.Option(..., help="合法 | 应当予以修改 | 不合法"),
    reviewer: str | None = typer.Option(None, help="the reviewer's name; must be the configured NORMREVIEW_USER"),
    comments: str = typer.Option("", help="the reviewer's comments"),
    accept: list[str] = typer.Option([], help="FINDING_ID[=reason]: accept a finding (repeatable); RULE:START is enough"),
    dismiss: list[str] = typer.Option([], help="FINDING_ID=reason: dismiss a finding (repeatable)"),
    as_json: bool = typer.Option(False, "--json", help="print the decision as JSON"),
) -> None:
    """Record the reviewer's decision: the opinion, comments, and a verdict on each finding."""
    from normreview.flows.decision import record_decision
    from normreview.index import ArchiveUnavailable

    if opinion not in OPINIONS:
        _fail(f"--opinion must be one of {' | '.join(OPINIONS)}, not {opinion!r}", 2)
    reviewer = _acting_user(reviewer, deciding=True)
    verdicts = []
    for verdict, specs in (("accepted", accept), ("dismissed", dismiss)):
        for spec in specs:
            finding, _, reason = spec.partition("=")
            if verdict == "dismissed" and not reason.strip():
                _fail(f"--dismiss {spec}: give the reason as FINDING_ID=reason", 2)
            # A finding id is doc_id:rule:start; RULE:START is accepted as shorthand.
            full_id = finding if finding.count(":") >= 2 else f"{doc_id}:{finding}"
            verdicts.append({"finding_id": full_id, "verdict": verdict, "reason": reason.strip()})
    try:
        decision_id = record_decision(doc_id, opinion, reviewer, comments=comments, verdicts=verdicts)
    except ArchiveUnavailable as exc:
        _fail(str(exc), 1)
    except (KeyError, ValueError) as exc:
        _fail(str(exc).strip("'\""), 2)
    if as_json:
        _print_json({"decision_id": decision_id, "doc_id": doc_id, "opinion": opinion, "reviewer": reviewer,
                     "comments": comments, "verdicts": verdicts})
    else:
        typer.echo(f"审核决定 {decision_id} 已归档：{opinion}（{reviewer}），问题处理 {len(verdicts)} 项")


@app.command("file")
def file_command(
    doc_id: str = typer.Argument(..., help="the archived document's doc_id"),
    published: datetime.datetime = typer.Option(..., formats=["%Y-%m-%d"], help="publication date YYYY-MM-DD"),
    doc_number: str | None = typer.Option(None, "--doc-number", help="文号 as issued, if not the archived one"),
    filed: datetime.datetime | None = typer.Option(None, formats=["%Y-%m-%d"], help="date the filing was made (omit if not yet)"),
    expires: datetime.datetime | None = typer.Option(None, formats=["%Y-%m-%d"], help="end of validity, if not the archived one"),
    filed_by: str | None = typer.Option(None, "--filed-by", help="who filed it; must be the configured NORMREVIEW_USER"),
    as_json: bool = typer.Option(False, "--json", help="print the catalogue entry as JSON"),
) -> None:
    """Enter a published document in the filing catalogue (备案); run again with --filed once filed."""
    from normreview.flows.filing import BadFilingDate, NotArchived, file_document
    from normreview.index import ArchiveUnavailable

    filed_by = _acting_user(filed_by, deciding=False)
    try:
        entry = file_document(doc_id, _day(published),
                              doc_number=doc_number, filed=_day(filed), expires=_day(expires), filed_by=filed_by)
    except ArchiveUnavailable as exc:
        _fail(str(exc), 1)
    except (NotArchived, BadFilingDate) as exc:
        _fail(str(exc), 2)
    if as_json:
        _print_json(entry)
    else:
        typer.echo(f"已登记备案目录：{entry['title']} {entry['doc_number'] or ''}\n公布日期 {entry['published']}，"
                   f"备案期限 {entry['filing_due']}，备案日期 {entry['filed'] or '未备案'}")


def _day(value: datetime.datetime | None) -> datetime.date | None:
    """typer parses date options as datetimes."""
    return value.date() if value else None


@app.command()
def audit(
    as_of: datetime.datetime | None = typer.Option(None, "--as-of", formats=["%Y-%m-%d"], help="audit as of this day (default: today in China)"),
    within_days: int = typer.Option(30, "--within-days", help="also list validity ending within this many days"),
    as_json: bool = typer.Option(False, "--json", help="print the items as JSON"),
) -> None:
    """Audit the catalogue now. Exit status 3 when overdue items exist (expired, filing or review overdue)."""
    from normreview.checks.audit import CATEGORY_ZH
    from normreview.checks.workdays import missing_year_message, missing_years
    from normreview.flows.audit import audit_catalogue
    from normreview.index import ArchiveUnavailable

    today = _day(as_of) or datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
    for year in missing_years(today, today):
        typer.echo(f"normreview: {missing_year_message(year)}", err=True)
    try:
        record = audit_catalogue(as_of=today, within_days=within_days)
    except ArchiveUnavailable as exc:
        _fail(str(exc), 1)
    if as_json:
        _print_json({"items": [{k: i[k] for k in ("doc_id", "title", "category", "due", "detail", "overdue")}
                               for i in record["items"]], "audit_id": record["audit_id"], "as_of": record["as_of"]})
    else:
        typer.echo(f"审计日 {record['as_of']}：共 {len(record['items'])} 项，其中逾期 {record['overdue']} 项（记录 {record['audit_id']}）")
        for item in record["items"]:
            mark = "逾期" if item["overdue"] else "提示"
            typer.echo(f"[{mark}] {CATEGORY_ZH[item['category']]} {item['due'] or ''} 《{item['title']}》：{item['detail']}")
    if record["overdue"]:
        raise typer.Exit(AUDIT_OVERDUE_EXIT)


@app.command()
def backfill(
    folder: Path = typer.Argument(..., help="folder of past documents (searched recursively)"),
    batch_size: int = typer.Option(50, "--batch-size", help="files per task and per bulk write"),
    concurrency: int = typer.Option(2, help="batches in flight at once"),
    as_json: bool = typer.Option(False, "--json", help="print the summary as JSON"),
) -> None:
    """Ingest a folder of issued documents; a rerun skips what is archived. Bad files: one line each on stderr."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from normreview.flows.backfill import backfill as backfill_flow
    from normreview.index import ArchiveUnavailable

    if not folder.is_dir():
        _fail(f"{folder}: not a folder", 2)
    bar = Progress(TextColumn("回填"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=as_json)
    task_id = bar.add_task("backfill", total=None)

    def progress(update: dict) -> None:
        if "total" in update:
            bar.update(task_id, total=update["total"])
        bar.advance(task_id, update["done"])
        for bad in update["failed"]:
            bar.console.print(f"normreview: {bad['file']}: {bad['error']}", markup=False, highlight=False, soft_wrap=True)

    try:
        with bar:
            summary = backfill_flow(str(folder), batch_size=batch_size, concurrency=concurrency, progress=progress)
    except ArchiveUnavailable as exc:
        _fail(str(exc), 1)
    if as_json:
        _print_json(summary)
    else:
        typer.echo(f"文件 {summary['files']}，已归档跳过 {summary['skipped']}，本次归档 {summary['archived']}，"
                   f"无法读取 {len(summary['failed'])}")
    if summary["failed"]:
        raise typer.Exit(2)


@app.command()
def rules(as_json: bool = typer.Option(False, "--json", help="print the rule catalogue as JSON")) -> None:
    """List the review rule catalogue (审核规则目录)."""
    from normreview.checks.catalogue import load_rules
    from normreview.checks.report import render_rules, rule_record

    catalogue = load_rules()
    if as_json:
        _print_json([rule_record(r) for r in catalogue])
    else:
        typer.echo(render_rules(catalogue), nl=False)


from normreview.cli_laws import law_command, laws_app  # noqa: E402  (statute lookups live in their own module)

app.command("law")(law_command)
app.add_typer(laws_app, name="laws")

if __name__ == "__main__":
    app()
