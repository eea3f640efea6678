"""The normreview command line, per ../shared/review-contract.md. Thin: it calls flows and APIs."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, List, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="规范性文件合法性审核与备案工具 normreview")


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _fail(message: str, code: int) -> None:
    typer.echo(f"normreview: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def extract(file: Path, as_json: bool = typer.Option(False, "--json", help="print the extracted document as JSON")) -> None:
    """Read one file and print its structure and metadata."""
    from extractors import ExtractionError, extract as extract_file

    try:
        document = extract_file(file)
    except ExtractionError as exc:
        _fail(str(exc), 2)
    if as_json:
        _print_json(document.to_dict())
        return
    typer.echo(f"标题：{document.title}\n类型：{document.kind}\n文号：{document.doc_number or '无'}\n"
               f"发文机关：{'、'.join(document.issuer) or '未识别'}\n日期：{document.dates}")
    for unit in document.units:
        typer.echo(f"{'  ' * (len(unit.path) - 1)}{unit.label} [{unit.kind}] {unit.text.splitlines()[0][:60]}")


@app.command()
def review(
    files: List[Path],
    as_json: bool = typer.Option(False, "--json", help="print review objects as JSON"),
    no_archive: bool = typer.Option(False, "--no-archive", help="check without writing to the archive"),
) -> None:
    """Extract, check and archive each file; print the review."""
    from checks.report import render_text
    from flows.review import review_submission
    from index import ArchiveUnavailable

    try:
        results = review_submission([str(f) for f in files], archive=not no_archive)
    except ArchiveUnavailable as exc:
        _fail(f"{exc} (start it with deploy/es.sh start, or set ES_URL; or use --no-archive)", 1)
    reviews = [r for r in results if "error" not in r]
    for bad in (r for r in results if "error" in r):
        typer.echo(f"normreview: {bad['file']}: {bad['error']}", err=True)
    if as_json:
        _print_json(reviews[0] if len(files) == 1 and reviews else reviews)
    else:
        for item in reviews:
            typer.echo(render_text(item))
    if len(reviews) < len(results):
        raise typer.Exit(2)


@app.command()
def search(
    query: str,
    as_json: bool = typer.Option(False, "--json", help="print hits as JSON"),
    size: int = typer.Option(10, help="how many hits"),
) -> None:
    """Search the archive."""
    from index import Archive, ArchiveUnavailable

    try:
        result = Archive().search(query, size=size)
    except ArchiveUnavailable as exc:
        _fail(str(exc), 1)
    if as_json:
        _print_json(result)
        return
    typer.echo(f"共 {result['total']} 条结果")
    for hit in result["hits"]:
        typer.echo(f"\n{hit['title']}  {hit['doc_number'] or ''}  (score {hit['score']:.2f})")
        for fragment in hit["highlights"]:
            typer.echo("  … " + fragment.replace("\n", " ") + " …")


if __name__ == "__main__":
    app()
