"""The checks' YAML data (rules, lexicons, profiles, the statutes' curated data, calendars), parsed by
libyaml's C parser when PyYAML was built with it: the pure-Python parser spent about a second of every
review's start on the rule catalogue and the lexicons alone. Both build the same data from the
project's files; the C parser is only faster."""
from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """``yaml.safe_load(text)``, by the C parser when there is one."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506  (a safe loader: plain data only)
