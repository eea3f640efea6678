"""`normreview law` (look up an article) and `normreview laws load` (build the statute store)."""
from __future__ import annotations

import json
import sys

import typer

laws_app = typer.Typer(add_completion=False, no_args_is_help=True, help="法律法规语料库")


def _fail(message: str) -> None:
    typer.echo(f"normreview: {message}", err=True)
    raise typer.Exit(2)


def law_command(
    name: str = typer.Argument(..., help="法律名称，全称、简称均可，如 行政处罚法"),
    article: str | None = typer.Argument(None, help="条文序号，如 第十六条、16、第十条之一"),
    as_of: str | None = typer.Option(None, "--as-of", help="以该日期（YYYY-MM-DD）施行的版本为准，默认最新版本"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """查询法律法规条文及其效力状态。"""
    from normreview.checks.laws.lookup import LookupFailed, look_up
    from normreview.checks.laws.store import law_store

    try:
        result = look_up(law_store(), name, article, as_of)
    except LookupFailed as exc:
        _fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(result.record(), ensure_ascii=False, indent=2) + "\n")
        return
    version = result.version
    typer.echo(f"{result.law.title}（{result.law.level}）")
    typer.echo(f"版本：{version.published if version else '语料库无文本'}" + (f"，{version.effective}起施行" if version and version.effective else ""))
    typer.echo(f"状态：{result.status_text}")
    if result.text:
        typer.echo(result.text)


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
