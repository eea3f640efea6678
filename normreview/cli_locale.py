"""Chinese for the words the command line's library prints itself: the usage line, panel titles, --help and
usage errors.

Typer 0.29 carries its own copy of click whose words are plain English strings with no translation hook, so
the few places that print them are replaced here, once, when the CLI module loads. tests/test_cli_locale.py
renders help and every kind of usage error and fails if English comes back (e.g. after a Typer upgrade).
"""
from __future__ import annotations

import re
import sys

from typer import rich_utils
from typer._click import core, exceptions, formatting

HELP_OPTION_TEXT = "显示本帮助并退出。"
USAGE_PREFIX = "用法："
_PANEL_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "参数", "OPTIONS_PANEL_TITLE": "选项", "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "错误", "ABORTED_TEXT": "已中止。", "DEFAULT_STRING": "[默认：{}]",
    "ENVVAR_STRING": "[环境变量：{}]", "REQUIRED_LONG_STRING": "[必填]", "DEPRECATED_STRING": "（已弃用）",
}
# What a parameter's own validation says (English, from Typer's coercion), as a reviewer should read it.
_VALUE_PROBLEMS = (
    (re.compile(r"valid integer"), "应为整数"),
    (re.compile(r"valid number|valid float"), "应为数字"),
    (re.compile(r"does not match the formats? '?%Y-%m-%d"), "应为日期，格式为 YYYY-MM-DD"),
    (re.compile(r"greater than or equal to (\S+?)\.?$"), r"应不小于 \1"),
    (re.compile(r"less than or equal to (\S+?)\.?$"), r"应不大于 \1"),
    (re.compile(r"Input should be (.+)$"), r"可选值：\1"),
    (re.compile(r"does not exist"), "不存在"),
    (re.compile(r"is a directory"), "是文件夹，不是文件"),
    (re.compile(r"is a file"), "是文件，不是文件夹"),
)
_USAGE_PROBLEMS = (
    (re.compile(r"No such command '?([^'.]*)'?\.?"), r"没有“\1”这个命令"),
    (re.compile(r"Missing command\.?"), "缺少命令"),
    (re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)"), r"多余的参数：\1"),
    (re.compile(r"Option '?([^' ]+)'? requires (an argument|\d+ arguments)\.?"), r"选项 \1 需要取值"),
    (re.compile(r"Option '?([^' ]+)'? does not take a value\.?"), r"选项 \1 不接受取值"),
)


def chinese_usage_error(error: exceptions.ClickException) -> str:
    """One Chinese line for a usage error: what is wrong, naming the option or argument."""
    if isinstance(error, exceptions.MissingParameter):
        hint = _hint(error)
        kind = "参数" if (error.param_type or getattr(error.param, "param_type_name", "")) == "argument" else "选项"
        return f"缺少{kind} {hint}".rstrip()
    if isinstance(error, exceptions.NoSuchOption):
        others = f"（可用的选项：{'、'.join(sorted(error.possibilities))}）" if error.possibilities else ""
        return f"没有 {error.option_name} 这个选项{others}"
    if isinstance(error, exceptions.BadParameter):
        detail = _translated(error.message, _VALUE_PROBLEMS)
        return f"{_hint(error)} 的取值无效" + (f"：{detail}" if detail else "")
    return _translated(error.format_message(), _USAGE_PROBLEMS) or "命令用法有误"


def _hint(error: exceptions.BadParameter) -> str:
    if error.param_hint is not None:
        return exceptions._join_param_hints(error.param_hint) or ""
    return error.param.get_error_hint() if error.param is not None else ""


def _translated(message: str, table: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    for pattern, chinese in table:
        found = pattern.search(message)
        if found:
            return found.expand(chinese)
    return ""


def _print_usage_error(error: exceptions.ClickException) -> None:
    if error.__class__.__name__ == "NoArgsIsHelpError":  # Typer printed the help already
        return
    ctx = getattr(error, "ctx", None)
    hint = f"（运行 {ctx.command_path} --help 查看用法）" if ctx is not None else ""
    sys.stderr.write(f"错误：{chinese_usage_error(error)}{hint}\n")


def _chinese_help_option(self: core.Command, ctx: core.Context):  # type: ignore[no-untyped-def]
    option = _english_help_option(self, ctx)
    if option is not None:
        option.help = HELP_OPTION_TEXT
    return option


def _chinese_write_usage(self: formatting.HelpFormatter, prog: str, args: str = "", prefix: str | None = None) -> None:
    _english_write_usage(self, prog, args, USAGE_PREFIX if prefix is None else prefix)


_english_help_option = core.Command.get_help_option
_english_write_usage = formatting.HelpFormatter.write_usage


def use_chinese() -> None:
    """Make the command line's own words Chinese in this process (idempotent)."""
    for name, chinese in _PANEL_WORDS.items():
        setattr(rich_utils, name, chinese)
    rich_utils.rich_format_error = _print_usage_error
    core.Command.get_help_option = _chinese_help_option  # type: ignore[method-assign]
    formatting.HelpFormatter.write_usage = _chinese_write_usage  # type: ignore[method-assign]
