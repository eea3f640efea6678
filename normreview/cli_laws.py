"""`normreview law` (look up an article) and `normreview laws load` (build the statute store)."""
from __future__ import annotations

import datetime
import json
import re
import sys

import typer

from normreview.patterns import ARTICLE_LABEL, article_label, to_int

STATUS_LABELS = {"in-force": "现行有效", "repealed": "已废止", "expired": "已失效", "not-yet": "尚未施行"}

laws_app = typer.Typer(add_completion=False, no_args_is_help=True, help="法律法规语料库")


def _fail(message: str) -> None:
    typer.echo(f"normreview: {message}", err=True)
    raise typer.Exit(2)


def _article_number(text: str) -> tuple[int, int]:
    """"第十条之一", "十", "16", "16之1" → (number, sub)."""
    text = text.strip()
    if m := ARTICLE_LABEL.fullmatch(text):
        return to_int(m.group(1)), to_int(m.group(2)) if m.group(2) else 0
    if m := re.fullmatch(r"([零〇一二两三四五六七八九十百千0-9]+)(?:之([零一二三四五六七八九十0-9]+))?", text):
        return to_int(m.group(1)), to_int(m.group(2)) if m.group(2) else 0
    raise ValueError(text)


def law_command(
    name: str = typer.Argument(..., help="法律名称，全称、简称均可，如 行政处罚法"),
    article: str | None = typer.Argument(None, help="条文序号，如 第十六条、16、第十条之一"),
    as_of: str | None = typer.Option(None, "--as-of", help="以该日期（YYYY-MM-DD）施行的版本为准，默认最新版本"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """查询法律法规条文及其效力状态。"""
    from normreview.checks.laws.store import LawStore, NearMiss

    if as_of:
        try:
            datetime.date.fromisoformat(as_of)
        except ValueError:
            _fail(f"日期格式应为 YYYY-MM-DD：{as_of}")
    number = sub = None
    if article:
        try:
            number, sub = _article_number(article)
        except ValueError:
            _fail(f"无法识别的条文序号：{article}")
    store = LawStore.open()
    found = store.resolve(name)
    if found is None:
        _fail(f"语料库中未找到《{name}》")
    if isinstance(found, NearMiss):
        _fail(f"语料库中未找到《{name}》，是否指{found.law.title}？")
    status = store.status_on(found, as_of)
    version = store.version_on(found, as_of)
    text = None
    label = None
    if number is not None:
        if version is None:
            _fail(f"{found.title}在语料库中没有{as_of or '现行'}有效的文本（{STATUS_LABELS[status.state]}）")
        record = store.article(found, number, as_of, sub)
        if record is None:
            _fail(f"{found.title}（{version.published}版）没有{article_label(number, sub)}")
        text, label = record.text, record.label
    status_text = STATUS_LABELS[status.state]
    if status.state == "repealed":
        status_text += f"（{status.repealed_on or '日期未载明'}起，由《{status.repealed_by}》{status.repealed_article or ''}废止" + \
                       (f"，现行规定见《{status.successor}》）" if status.successor else "）")
    elif status.state == "not-yet":
        status_text += f"（自{status.effective}起施行）"
    if as_json:
        record = {"law": found.name, "version": version.published if version else None, "status": status.state,
                  "status_text": status_text, "article": label, "text": text}
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    typer.echo(f"{found.title}（{found.level}）")
    typer.echo(f"版本：{version.published if version else '语料库无文本'}" + (f"，{version.effective}起施行" if version and version.effective else ""))
    typer.echo(f"状态：{status_text}")
    if text:
        typer.echo(text)


@laws_app.command("load")
def load_command(
    no_index: bool = typer.Option(False, "--no-index", help="只构建本地法律法规库，不写入 Elasticsearch 检索索引"),
) -> None:
    """由项目内的语料数据（checks/data/laws/）构建法律法规库（<数据目录>/laws.sqlite3）并载入检索索引。"""
    from elasticsearch import exceptions as es_errors

    from normreview.checks.laws.store import default_path
    from normreview.flows.laws import load_laws

    try:
        result = load_laws(index=not no_index)
    except (es_errors.ConnectionError, es_errors.ConnectionTimeout):
        _fail("无法连接 Elasticsearch，检索索引未载入（可用 --no-index 只构建本地法律法规库）")
    except OSError as exc:
        _fail(f"构建法律法规库失败：{exc}")
    store = result["store"]
    typer.echo(f"已构建 {default_path()}：{store['laws']} 部法律法规，{store['versions']} 个版本，"
               f"{store['articles']} 条，用时 {store['seconds']} 秒")
    if "index" in result:
        typer.echo(f"已载入检索索引：{result['index']['articles']} 条，用时 {result['index']['seconds']} 秒")
