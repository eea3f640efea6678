"""The normreview command line, per ../shared/review-contract.md. Thin: it calls flows and APIs."""
from __future__ import annotations

import atexit
import datetime
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console

from normreview.cli_locale import use_chinese

use_chinese()
# Prefect's event worker warns "Still processing items" while it drains the run's events at exit: English
# noise on a user's terminal, and nothing is lost (the drain completes before the process ends).
logging.getLogger("EventsWorker").setLevel(logging.ERROR)

# The reviewer's opinion, per 国办发〔2018〕115号.
OPINIONS = ("合法", "应当予以修改", "不合法")
# `normreview audit` exits with this when overdue items exist (0: none; 1: failure; 2: bad usage).
AUDIT_OVERDUE_EXIT = 3
# How many characters of a doc_id `review` and `search` print; any unique prefix that long is accepted.
SHORT_ID = 8

app = typer.Typer(add_completion=False, no_args_is_help=True, help="规范性文件合法性审核与备案工具 normreview")


# The exit status main() leaves with: 1 until the command returned, as for an uncaught error.
_exit_status = 1


def main() -> None:
    """The `normreview` console script: the command, then an exit without the interpreter's teardown.

    Tearing down every module a review loaded (spaCy, jieba's dictionary, Prefect) takes about a second
    after the work is done. The handler registered here, before the command imports any of them, runs
    after their exit handlers (they run last-registered first): Prefect has sent the run's events and
    logs and multiprocessing has reaped its children by then; it flushes the logs and the output and
    ends the process with the command's status."""
    global _exit_status
    atexit.register(_exit_without_teardown)
    try:
        app()
    except SystemExit as done:  # typer ends every command with one
        _exit_status = done.code if isinstance(done.code, int) else 0 if done.code is None else 1
        raise


def _exit_without_teardown() -> None:
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe (`normreview … | head`): nothing more to deliver
            stream.flush()
    os._exit(_exit_status)


@contextmanager
def _watched_in_terminal() -> Iterator[None]:
    """A flow run of this process, which the user watches in the terminal: without Prefect's heartbeat
    thread. Heartbeats let a server notice a run whose worker died; nothing here acts on them (no
    zombie-run automation, docs/flows.md), and stopping the thread cost each run up to 1 s at its end
    (the thread sleeps in 1 s steps and is joined)."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# Elasticsearch answers at most 10,000 hits a page; a page of the CLI is far smaller.
MAX_SEARCH_SIZE = 1000


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"normreview: {message}", err=True)
    raise typer.Exit(code)


def _archive_down(exc: Exception) -> str:
    return f"档案库（Elasticsearch）不可用：{exc}"


def _resolve(doc_id: str) -> str:
    """A short id (a unique prefix of at least 8 characters) or a full doc_id → the full doc_id."""
    from normreview.index import Archive, ArchiveUnavailable

    try:
        return Archive().resolve_id(doc_id)
    except ArchiveUnavailable as exc:
        _fail(_archive_down(exc), 1)
    except KeyError as exc:
        _fail(str(exc).strip(chr(39) + chr(34)), 2)


def _acting_user(given: str | None, *, deciding: bool) -> str:
    """The configured identity (NORMREVIEW_USER, a user of the workbench), never free text: a name given
    on the command line must be that user."""
    from normreview.settings import settings
    from normreview.web.users import UserStore

    name = settings().user
    if not name:
        _fail("未配置当前用户：请将环境变量 NORMREVIEW_USER 设为已登记的用户名（normreview user add）", 2)
    if given is not None and given != name:
        _fail(f"操作人“{given}”与已配置的当前用户“{name}”不一致", 2)
    user = UserStore(settings().data_dir).get(name)
    if user is None or getattr(user, "disabled", False):
        _fail(f"当前用户“{name}”未登记或已停用", 2)
    if deciding and not user.can_decide:
        _fail(f"当前用户“{name}”不是审核人员，不能作出审核决定", 2)
    return user.name


@app.command()
def extract(file: Path, as_json: bool = typer.Option(False, "--json", help="以 JSON 输出提取结果")) -> None:
    """读取一个文件，输出其结构和元数据。"""
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
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出审核结果"),
    no_archive: bool = typer.Option(False, "--no-archive", help="只审核，不写入档案库"),
    opinion_dir: Path | None = typer.Option(None, "--opinion-dir", help="将审核意见书和批注稿（.docx）写入此目录"),
    submitted_by: str | None = typer.Option(None, "--submitted-by", help="送审人"),
    drafting_unit: str | None = typer.Option(None, "--drafting-unit", help="起草单位"),
    profile: str | None = typer.Option(None, "--profile", help="指定辖区规则（national、jiangsu、zhejiang 等），不用自动识别的"),
) -> None:
    """提取、审核并归档每个文件或送审材料文件夹（草案及附件），输出审核结果。"""
    from normreview.checks.profile import profile_names

    # Before importing the flows: a bad name fails fast, without the Prefect API's startup or warning.
    if profile and profile not in profile_names():
        _fail(f"未知的辖区规则“{profile}”，可选：{'、'.join(profile_names())}", 2)
    from normreview.checks.report import render_text
    from normreview.flows.review import review_submission
    from normreview.index import ArchiveUnavailable

    try:
        with _watched_in_terminal():
            results = review_submission([str(f) for f in files], archive=not no_archive,
                                        opinion_dir=str(opinion_dir) if opinion_dir else None,
                                        submitted_by=submitted_by, drafting_unit=drafting_unit, profile=profile)
    except ArchiveUnavailable as exc:
        _fail(f"{_archive_down(exc)}（可用 deploy/es.sh start 启动，或设置 ES_URL；也可加 --no-archive）", 1)
    reviews = [r for r in results if not isinstance(r, dict)]
    for bad in (r for r in results if isinstance(r, dict)):
        typer.echo(f"normreview: {bad['file']}: {bad['error']}", err=True)
    if as_json:
        data = [r.model_dump(mode="json") for r in reviews]
        _print_json(data[0] if len(files) == 1 and data else data)
    else:
        for item in reviews:
            typer.echo(f"编号：{item.document.doc_id[:SHORT_ID]}")
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
    query: str = typer.Argument("", help="检索词、发文字号（任一括号形式）或法律名称；留空列出全部"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出检索结果"),
    size: int = typer.Option(10, help="返回条数"),
    kind: str | None = typer.Option(None, help="文件类型：normative（规范性文件）| agreement（协议）| other"),
    issuer: str | None = typer.Option(None, help="发文机关"),
    year: int | None = typer.Option(None, help="文件年份"),
    status: str | None = typer.Option(None, help="状态：draft | under_review | reviewed | published | filed | expired | repealed"),
    category: str | None = typer.Option(None, help="问题类别，如 selective-incentive"),
    rule: str | None = typer.Option(None, help="规则编号"),
    opinion: str | None = typer.Option(None, help="合法 | 应当予以修改 | 不合法"),
    drafting_unit: str | None = typer.Option(None, help="起草单位"),
    sort: str = typer.Option("relevance", help="排序：relevance（相关度）| date（日期）"),
    after: str | None = typer.Option(None, help="上一页结果给出的 next 令牌"),
    rows: bool = typer.Option(False, "--rows", help="检索裁量基准和免罚清单的条目：列出涵盖该违法行为的各基准、清单中的行，"
                              "及其裁量档次或免罚条件和该行的审核问题（可与文件类型、发文机关、年份、问题类别、规则编号条件同用）"),
) -> None:
    """检索档案库；加 --rows 检索裁量基准和免罚清单中涵盖某一违法行为的条目。"""
    if rows:
        _search_rows(query, as_json, size, {"kind": kind, "issuer": issuer, "year": year, "category": category, "rule": rule},
                     {"--status": status, "--opinion": opinion, "--drafting-unit": drafting_unit, "--after": after,
                      "--sort": None if sort == "relevance" else sort})
        return
    filters = {"kind": kind, "issuer": issuer, "year": year, "status": status, "category": category,
               "rule": rule, "opinion": opinion, "drafting_unit": drafting_unit}
    if sort not in ("relevance", "date"):
        _fail(f"--sort 只能是 relevance 或 date，不能是 {sort}", 2)
    result = _archive_search(size, lambda archive: archive.search(query, filters=filters, sort=sort, size=size,
                                                                  search_after=after))
    if as_json:
        _print_json(result)
        return
    typer.echo(f"共 {result['total']} 条结果")
    for hit in result["hits"]:
        typer.echo(f"\n[{hit['doc_id'][:SHORT_ID]}] {hit['title']}  {hit['doc_number'] or ''}  （得分 {hit['score']:.2f}）")
        for fragment in hit["highlights"]:
            typer.echo("  … " + fragment.replace("\n", " ") + " …")
    if result["next"]:
        typer.echo(f"\n下一页：--after {result['next']}")


def _archive_search(size: int, run: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """A search of the archive (documents or rows): --size checked first, the archive's failures as
    Chinese one-line errors (1 when it is down, 2 for a bad --after token or filter value)."""
    from normreview.index import Archive, ArchiveUnavailable

    if not 1 <= size <= MAX_SEARCH_SIZE:
        _fail(f"--size 应为 1 至 {MAX_SEARCH_SIZE} 之间的整数，而不是 {size}", 2)
    try:
        return run(Archive())
    except ArchiveUnavailable as exc:
        _fail(_archive_down(exc), 1)
    except ValueError as exc:
        _fail(f"检索参数无效：{exc}", 2)


def _search_rows(query: str, as_json: bool, size: int, filters: dict[str, Any], unsupported: dict[str, Any]) -> None:
    """`search --rows`: the rows of archived discretion standards and exemption lists (Archive.search_rows)."""
    from normreview.extractors.tables import KIND_ZH

    given = [name for name, value in unsupported.items() if value is not None]
    if given:
        _fail(f"--rows 检索条目时不能使用 {'、'.join(given)}", 2)
    if not query.strip():
        _fail("--rows 需要检索词，如违法行为“未取得食品经营许可从事食品经营”", 2)
    result = _archive_search(size, lambda archive: archive.search_rows(query, filters=filters, size=size))
    if as_json:
        _print_json(result)
        return
    typer.echo(f"共 {result['total']} 条结果")
    for hit in result["hits"]:
        typer.echo(f"\n[{hit['doc_id'][:SHORT_ID]}] {hit['title']}（{KIND_ZH.get(hit['kind'], hit['kind'])}） {hit['unit']}")
        typer.echo(f"  违法行为：{hit['violation']}")
        typer.echo(f"  违反条款：{hit.get('violated_provision') or '—'}；处罚依据：{hit.get('penalty_provision') or '—'}")
        for grade in hit.get("grades", []):
            typer.echo(f"  · {grade['circumstances']}：{grade['text']}")
        if hit["row_kind"] == "exemption":
            typer.echo(f"  {hit.get('exemption_kind')}：{hit.get('conditions')}；{hit.get('treatment')}")
        for finding in hit["findings"]:
            typer.echo(f"  ！{finding['message']}")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="监听地址（0.0.0.0 对网络开放）"),
    port: int = typer.Option(8000, help="监听端口"),
) -> None:
    """启动审核工作台网页服务（见 docs/web.md）。"""
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


user_app = typer.Typer(add_completion=False, no_args_is_help=True, help="工作台用户管理（见 docs/web.md）")
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    name: str,
    role: str = typer.Option(..., help="角色：drafter（起草）| reviewer（审核）| auditor（审计）"),
    unit: str = typer.Option("", help="所在单位（起草人必填）"),
    admin: bool | None = typer.Option(None, "--admin/--no-admin", help="可否在工作台管理用户（不写则保持原设置）"),
    replace: bool = typer.Option(False, "--replace", help="覆盖已有用户的密码、角色和单位"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="从标准输入第一行读取密码"),
) -> None:
    """新建工作台用户，或重设已有用户的密码、角色和单位。"""
    from normreview.settings import settings
    from normreview.web.users import UserStore

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("密码", hide_input=True, confirmation_prompt=True)
    try:
        user = UserStore(settings().data_dir).add(name, password, role, unit, is_admin=admin, replace=replace)
    except ValueError as exc:
        _fail(f"无法保存用户：{exc}", 2)
    typer.echo(f"用户 {user.name}：{user.role}{'（管理员）' if user.is_admin else ''}，单位 {user.unit or '-'}，保存于 {settings().data_dir}")


@user_app.command("list")
def user_list() -> None:
    """列出工作台用户。"""
    from normreview.settings import settings
    from normreview.web.users import UserStore

    for user in UserStore(settings().data_dir).all():
        typer.echo(f"{user.name}\t{user.role}{' admin' if user.is_admin else ''}\t{user.unit or '-'}")


# `decide --add`: the fields of a reviewer's own finding, by their Chinese name (or English alias).
ADD_FIELDS = {"原文": "quote", "quote": "quote", "条款": "unit", "unit": "unit", "类别": "category", "category": "category",
              "意见": "message", "message": "message", "依据": "basis", "basis": "basis", "建议": "suggestion",
              "suggestion": "suggestion"}
ADD_SYNTAX = "'类别=…;意见=…[;原文=…][;条款=…][;依据=《法律名称》第X条]…[;建议=…]'"


def _split_spec(option: str, spec: str, *, need_value: bool) -> tuple[str, str]:
    """FINDING_ID=TEXT → (FINDING_ID, TEXT)."""
    key, _, value = spec.partition("=")
    if not key.strip() or (need_value and not value.strip()):
        _fail(f"{option} {spec}：请按 FINDING_ID=内容 书写", 2)
    return key.strip(), value.strip()


def parse_basis(text: str) -> tuple[str, str]:
    """《中华人民共和国立法法》第一百零四条, 立法法第104条 or 《行政许可法》 → (law, article)."""
    import re

    match = re.fullmatch(r"《?(?P<law>[^《》]+?)》?\s*(?P<article>第\s*\S+?\s*条\S*)?", text.strip())
    if match is None:
        _fail(f"依据“{text}”：请写作《法律名称》第X条", 2)
    return match.group("law").strip(), (match.group("article") or "").replace(" ", "")


def parse_added(spec: str) -> dict[str, Any]:
    """One `--add` value: fields separated by ASCII ';' (use the Chinese '；' inside a text), each NAME=TEXT;
    依据 may be given more than once."""
    fields: dict[str, Any] = {"bases": []}
    for part in filter(str.strip, spec.split(";")):
        name, _, value = part.partition("=")
        key = ADD_FIELDS.get(name.strip())
        if key is None:
            _fail(f"--add：不认识的字段“{name.strip()}”，应写作 {ADD_SYNTAX}", 2)
        if key == "basis":
            fields["bases"].append(parse_basis(value))
        else:
            fields[key] = value.strip()
    if not fields.get("category") or not fields.get("message"):
        _fail(f"--add {spec}：须写明 类别 和 意见，应写作 {ADD_SYNTAX}", 2)
    from normreview.flows.decision import EditRefused, category_of

    try:
        fields["category"] = category_of(fields["category"]).value
    except EditRefused as exc:
        _fail(f"--add：{exc}", 2)
    return fields


def decision_verdicts(doc_id: str, accept: list[str], dismiss: list[str], reword: list[str], suggestion: list[str],
                      merge: list[str]) -> list[dict[str, str]]:
    """The verdicts of `decide`'s options, one per finding: accepted (as worded, reworded, or merged into
    another) or dismissed with a reason. A finding id is doc_id:RULE:START; RULE:START is enough."""
    verdicts: dict[str, dict[str, str]] = {}

    def full(finding: str) -> str:
        return finding if finding.count(":") >= 2 else f"{doc_id}:{finding}"

    def verdict_of(finding: str, option: str, verdict: str = "accepted") -> dict[str, str]:
        entry = verdicts.setdefault(full(finding), {"finding_id": full(finding), "verdict": verdict, "reason": "",
                                                    "message": "", "suggestion": "", "merged_into": ""})
        if entry["verdict"] != verdict:
            _fail(f"{option} {finding}：同一问题不能既采纳（含改写、合并）又不采纳", 2)
        return entry

    for spec in accept:
        finding, reason = _split_spec("--accept", spec, need_value=False)
        verdict_of(finding, "--accept")["reason"] = reason
    for spec in dismiss:
        finding, reason = _split_spec("--dismiss", spec, need_value=True)
        verdict_of(finding, "--dismiss", "dismissed")["reason"] = reason
    for spec in reword:
        finding, text = _split_spec("--reword", spec, need_value=True)
        verdict_of(finding, "--reword")["message"] = text
    for spec in suggestion:
        finding, text = _split_spec("--suggestion", spec, need_value=True)
        verdict_of(finding, "--suggestion")["suggestion"] = text
    for spec in merge:
        ids, _, text = spec.partition("=")
        target, *others = [i.strip() for i in ids.split(",") if i.strip()]
        if not others:
            _fail(f"--merge {spec}：请写作 目标问题编号,被合并问题编号[,…][=合并后的表述]", 2)
        into = verdict_of(target, "--merge")
        if into["merged_into"]:
            _fail(f"--merge {spec}：问题 {target} 已并入另一问题，不能再作为合并目标", 2)
        if text.strip():
            into["message"] = text.strip()
        for other in others:
            entry = verdict_of(other, "--merge")
            if entry["merged_into"] not in ("", full(target)) or full(other) == full(target):
                _fail(f"--merge {spec}：问题 {other} 只能并入一个其他问题", 2)
            entry["merged_into"] = full(target)
    if any(v["merged_into"] in verdicts and verdicts[v["merged_into"]]["merged_into"] for v in verdicts.values()):
        _fail("--merge：合并目标本身不能再并入其他问题", 2)
    return list(verdicts.values())


@app.command()
def decide(
    doc_id: str = typer.Argument(..., help="文件编号：review 或 search 输出的 8 位短编号，或完整 doc_id"),
    opinion: str = typer.Option(..., help="合法 | 应当予以修改 | 不合法"),
    reviewer: str | None = typer.Option(None, help="审核人：须与已配置的当前用户 NORMREVIEW_USER 一致（可省略）"),
    comments: str = typer.Option("", help="审核人意见说明（写入意见书“其他意见”）"),
    accept: list[str] = typer.Option([], help="FINDING_ID[=理由]：采纳一项问题（可多次）；问题编号见 review 输出的“问题编号”（RULE:START）"),
    dismiss: list[str] = typer.Option([], help="FINDING_ID=理由：不采纳一项问题（可多次），意见书和批注稿不再提及"),
    reword: list[str] = typer.Option([], help="FINDING_ID=新的表述：采纳并改写该问题的表述（可多次）"),
    suggestion: list[str] = typer.Option([], help="FINDING_ID=新的修改建议：采纳并改写该问题的修改建议（可多次）"),
    merge: list[str] = typer.Option([], help="FID1,FID2[,…][=合并后的表述]：把 FID2 等并入 FID1（原文和依据并入，可改写 FID1 的表述；可多次）"),
    add: list[str] = typer.Option([], help="新增一项审核人发现的问题（可多次）：" + ADD_SYNTAX
                                  + "；字段用英文分号分隔，类别为问题类别代码或中文名（见 rules），依据按法规库核对，库中没有的注明待核实"),
    opinion_dir: Path | None = typer.Option(None, "--opinion-dir", help="按审核决定生成合法性审核意见书和批注稿（.docx），写入此目录"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出审核决定"),
) -> None:
    """记录审核人的决定：审核意见、说明，对每项问题的采纳、不采纳、改写或合并，以及审核人新增的问题。"""
    from normreview.flows.decision import EditRefused, record_decision, reviewer_finding, with_earlier_added
    from normreview.index import Archive, ArchiveUnavailable

    if opinion not in OPINIONS:
        _fail(f"--opinion 只能是 {' | '.join(OPINIONS)}，不能是“{opinion}”", 2)
    additions = [parse_added(spec) for spec in add]
    doc_id = _resolve(doc_id)
    reviewer = _acting_user(reviewer, deciding=True)
    verdicts = decision_verdicts(doc_id, accept, dismiss, reword, suggestion, merge)
    try:
        archive = Archive()
        known = {finding["finding_id"] for finding in archive.get_findings(doc_id)}
        named = {v["finding_id"] for v in verdicts} | {v["merged_into"] for v in verdicts if v["merged_into"]}
        if unknown := sorted(named - known):
            _fail(f"文件 {doc_id[:SHORT_ID]} 没有这些问题：{'、'.join(i.removeprefix(doc_id + ':') for i in unknown)}"
                  f"（问题编号见 normreview review 输出的“问题编号”）", 2)
        doc = archive.get_document(doc_id) or {}
        review = archive.get_review(doc_id) if additions else None
        added = with_earlier_added(doc, [reviewer_finding(doc, review, **fields) for fields in additions])
        with _watched_in_terminal():
            decision_id = record_decision(doc_id, opinion, reviewer, comments=comments, verdicts=verdicts, added=added,
                                          opinion_dir=str(opinion_dir) if opinion_dir else None)
        deliverables = (archive.get_document(doc_id) or {}).get("deliverables") or {} if opinion_dir else {}
    except EditRefused as exc:
        _fail(f"--add：{exc}", 2)
    except ArchiveUnavailable as exc:
        _fail(_archive_down(exc), 1)
    except (KeyError, ValueError) as exc:
        _fail(f"无法记录审核决定：{str(exc).strip(chr(39) + chr(34))}", 2)
    if as_json:
        _print_json({"decision_id": decision_id, "doc_id": doc_id, "opinion": opinion, "reviewer": reviewer,
                     "comments": comments, "verdicts": verdicts, "added": added, "deliverables": deliverables})
    else:
        typer.echo(f"审核决定 {decision_id} 已归档：{opinion}（{reviewer}），问题处理 {len(verdicts)} 项，"
                   f"审核人新增 {len(added)} 项")
        for kind, label in (("opinion_letter", "合法性审核意见书"), ("annotated_draft", "批注稿")):
            if kind in deliverables:
                typer.echo(f"{label}：{deliverables[kind]}")


@app.command("file")
def file_command(
    doc_id: str = typer.Argument(..., help="文件编号：8 位短编号或完整 doc_id"),
    published: datetime.datetime = typer.Option(..., formats=["%Y-%m-%d"], help="公布日期 YYYY-MM-DD"),
    doc_number: str | None = typer.Option(None, "--doc-number", help="公布时的文号（与档案库所记不同时填写）"),
    filed: datetime.datetime | None = typer.Option(None, formats=["%Y-%m-%d"], help="报送备案日期（尚未报送则不填）"),
    expires: datetime.datetime | None = typer.Option(None, formats=["%Y-%m-%d"], help="有效期至（与档案库所记不同时填写）"),
    filed_by: str | None = typer.Option(None, "--filed-by", help="备案经办人：须与已配置的当前用户 NORMREVIEW_USER 一致（可省略）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出备案目录条目"),
) -> None:
    """将已公布的文件登记入备案目录；报送备案后加 --filed 再运行一次。"""
    from normreview.flows.filing import BadFilingDate, NotArchived, file_document
    from normreview.index import ArchiveUnavailable

    doc_id = _resolve(doc_id)
    filed_by = _acting_user(filed_by, deciding=False)
    try:
        with _watched_in_terminal():
            entry = file_document(doc_id, _day(published),
                                  doc_number=doc_number, filed=_day(filed), expires=_day(expires), filed_by=filed_by)
    except ArchiveUnavailable as exc:
        _fail(_archive_down(exc), 1)
    except NotArchived:
        _fail(f"档案库中没有文件 {doc_id[:SHORT_ID]}，请先审核归档（normreview review 文件）", 2)
    except BadFilingDate as exc:
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
    as_of: datetime.datetime | None = typer.Option(None, "--as-of", formats=["%Y-%m-%d"], help="以该日为审计日（默认：北京时间今天）"),
    within_days: int = typer.Option(30, "--within-days", help="同时列出多少天内有效期届满的文件"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出审计事项"),
) -> None:
    """立即审计备案目录。存在逾期事项（已过有效期、逾期未备案或逾期未审核）时退出码为 3。"""
    from normreview.checks.audit import CATEGORY_ZH
    from normreview.checks.workdays import missing_year_message, missing_years
    from normreview.flows.audit import audit_catalogue
    from normreview.index import ArchiveUnavailable

    today = _day(as_of) or datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
    for year in missing_years(today, today):
        typer.echo(f"normreview: {missing_year_message(year)}", err=True)
    try:
        with _watched_in_terminal():
            record = audit_catalogue(as_of=today, within_days=within_days)
    except ArchiveUnavailable as exc:
        _fail(_archive_down(exc), 1)
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
def inbox(
    as_of: datetime.datetime | None = typer.Option(None, "--as-of", formats=["%Y-%m-%d"], help="以该日计算剩余工作日（默认：北京时间今天）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出待审核清单"),
) -> None:
    """待审核清单：尚无审核决定的送审稿及其审核期限剩余工作日，已逾期的排在最前。"""
    from normreview.flows.audit import inbox as inbox_items
    from normreview.index import ArchiveUnavailable

    try:
        items = inbox_items(_day(as_of))
    except ArchiveUnavailable as exc:
        _fail(_archive_down(exc), 1)
    if as_json:
        _print_json({"items": items})
        return
    typer.echo(f"待审核 {len(items)} 件")
    for item in items:
        left = f"已逾期 {-item['days_left']} 个工作日" if item["days_left"] < 0 else f"剩余 {item['days_left']} 个工作日"
        typer.echo(f"[{item['doc_id'][:SHORT_ID]}] 《{item['title']}》 收到 {item['submitted']}，期限 {item['due']}，{left}")


@app.command()
def backfill(
    folder: Path = typer.Argument(..., help="存量文件所在文件夹（含子文件夹）"),
    batch_size: int = typer.Option(50, "--batch-size", help="每批文件数（每个任务、每次批量写入）"),
    concurrency: int = typer.Option(2, help="同时处理的批数"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出汇总"),
) -> None:
    """导入一个文件夹中已公布的存量文件；重复运行会跳过已归档的。无法读取的文件在标准错误各占一行。"""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from normreview.flows.backfill import backfill as backfill_flow
    from normreview.index import ArchiveUnavailable

    if not folder.is_dir():
        _fail(f"{folder}：不是文件夹", 2)
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
        with bar, _watched_in_terminal():
            summary = backfill_flow(str(folder), batch_size=batch_size, concurrency=concurrency, progress=progress)
    except ArchiveUnavailable as exc:
        _fail(_archive_down(exc), 1)
    if as_json:
        _print_json(summary)
    else:
        typer.echo(f"文件 {summary['files']}，已归档跳过 {summary['skipped']}，本次归档 {summary['archived']}，"
                   f"无法读取 {len(summary['failed'])}")
    if summary["failed"]:
        raise typer.Exit(2)


@app.command()
def rules(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出规则目录")) -> None:
    """列出审核规则目录。"""
    from normreview.checks.catalogue import load_rules
    from normreview.checks.report import render_rules, rule_record

    catalogue = load_rules()
    if as_json:
        _print_json([rule_record(r) for r in catalogue])
    else:
        typer.echo(render_rules(catalogue), nl=False)


from normreview.cli_cases import cases_app  # noqa: E402  (the case library lives in its own module)
from normreview.cli_laws import law_command, laws_app  # noqa: E402  (statute lookups live in their own module)

app.command("law")(law_command)
app.add_typer(laws_app, name="laws")
app.add_typer(cases_app, name="cases")

if __name__ == "__main__":
    main()
