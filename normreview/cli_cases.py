"""`normreview cases add`: append a validated published case to the case library."""
from __future__ import annotations

from pathlib import Path

import typer

from normreview.checks.cases import CASE_CATEGORIES, DOC_TYPES, LIBRARY, OUTCOMES, WORDINGS

cases_app = typer.Typer(add_completion=False, no_args_is_help=True, help="已公开审查案例库")


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        typer.echo(f"normreview: {what}“{value}”无效，可选：{'、'.join(allowed)}", err=True)
        raise typer.Exit(2)
    return value


@cases_app.command("add")
def add_command(
    url: str = typer.Option(..., "--url", prompt="来源网址", help="案例来源网址（http/https）"),
    title: str = typer.Option(..., "--title", prompt="来源标题", help="来源页面或文件的标题"),
    publisher: str = typer.Option(..., "--publisher", prompt="发布机关", help="原始发布机关（及转载者）"),
    date: str = typer.Option("", "--date", help="决定或文件日期：YYYY、YYYY-MM 或 YYYY-MM-DD"),
    jurisdiction: str = typer.Option(..., "--jurisdiction", prompt="地区", help="所属地区，如 江西省上饶市婺源县、全国"),
    doc_type: str = typer.Option("normative", "--doc-type", help=f"文件类型：{'、'.join(DOC_TYPES)}"),
    clause: str = typer.Option(..., "--clause", prompt="条款原文", help="来源所载的条款文字"),
    wording: str = typer.Option("verbatim", "--wording", help="verbatim：来源引用文件原文；paraphrase：来源的转述"),
    category: str = typer.Option(..., "--category", prompt="问题类别", help=f"问题类别：{'、'.join(CASE_CATEGORIES)}"),
    basis: str = typer.Option("", "--basis", help="来源给出的法律依据"),
    outcome: str = typer.Option(..., "--outcome", prompt=f"处理结果（{'/'.join(OUTCOMES)}）", help=f"处理结果：{'、'.join(OUTCOMES)}"),
    lawful: bool | None = typer.Option(None, "--lawful/--unlawful", help="条款是否合法；默认按处理结果判断（lawful、kept 为合法）"),
    rewording: str = typer.Option("", "--rewording", help="来源给出的合法改写（可留空）"),
    note: str = typer.Option("", "--note", help="备注：文件名称文号、所作编辑等"),
    library: str | None = typer.Option(None, "--library", help="案例库文件（默认为本项目的案例库）"),
) -> None:
    """校验并向案例库追加一个已公开的审查案例（未给出的必填项逐项提示输入）。"""
    from normreview.checks.cases import CaseLibraryError, add_case

    path = Path(library) if library else LIBRARY
    _choice(doc_type, DOC_TYPES, "文件类型")
    _choice(wording, WORDINGS, "条款形式")
    _choice(category, CASE_CATEGORIES, "问题类别")
    _choice(outcome, OUTCOMES, "处理结果")
    record = {
        "source": {"url": url.strip(), "title": title, "publisher": publisher, "date": date.strip()},
        "jurisdiction": jurisdiction, "doc_type": doc_type, "clause": clause, "wording": wording,
        "category": category, "basis": basis, "outcome": outcome,
        "lawful": lawful if lawful is not None else outcome in ("lawful", "kept"),
        "rewording": rewording or None, "note": note,
    }
    try:
        case = add_case(record, path)
    except CaseLibraryError as exc:
        typer.echo(f"normreview: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"已添加案例 {case.id}（{case.category}，{case.outcome_zh}）到 {path}")
