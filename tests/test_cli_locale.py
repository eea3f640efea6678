"""The command line's own words are Chinese: help pages and usage errors (normreview/cli_locale.py)."""
from __future__ import annotations

import re

import pytest
import typer
from typer.testing import CliRunner

from normreview.cli import app

pytestmark = pytest.mark.unit

# English that Typer's copy of click prints when cli_locale's replacements stop working.
ENGLISH_CHROME = re.compile(r"Usage:|Show this message|Options|Arguments|Commands|Missing argument|Invalid value|No such|Error|Try '")


def _command_paths(group: typer.Typer, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for command in group.registered_commands:
        paths.append((*prefix, command.name or command.callback.__name__.replace("_", "-")))
    for sub in group.registered_groups:
        paths.extend(_command_paths(sub.typer_instance, (*prefix, sub.name)))
    return paths


@pytest.mark.parametrize("path", _command_paths(app), ids=lambda p: " ".join(p) or "normreview")
def test_every_help_page_is_chinese(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "用法：" in result.output and "显示本帮助并退出。" in result.output
    assert not ENGLISH_CHROME.search(result.output), result.output


@pytest.mark.parametrize(("args", "line"), [
    (["review"], "错误：缺少参数 'files'（运行 normreview review --help 查看用法）"),
    (["review", "--bogus", "a.docx"], "错误：没有 --bogus 这个选项（运行 normreview review --help 查看用法）"),
    (["search", "x", "--size", "abc"], "错误：'--size' 的取值无效：应为整数（运行 normreview search --help 查看用法）"),
    (["audit", "--as-of", "2027-13-01"], "错误：'--as-of' 的取值无效：应为日期，格式为 YYYY-MM-DD（运行 normreview audit --help 查看用法）"),
    (["audit", "extra"], "错误：多余的参数：extra（运行 normreview audit --help 查看用法）"),
    (["nosuch"], "错误：没有“nosuch”这个命令（运行 normreview --help 查看用法）"),
])
def test_usage_errors_are_one_chinese_line(args: list[str], line: str) -> None:
    result = CliRunner().invoke(app, args, prog_name="normreview")
    assert result.exit_code == 2
    assert result.output.strip() == line
