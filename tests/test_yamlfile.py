"""checks.yamlfile: the C parser, when PyYAML has it, reads what the pure-Python safe loader reads."""
from __future__ import annotations

import pytest
import yaml

from normreview.checks.catalogue import RULES_DIR
from normreview.checks.yamlfile import load_yaml

pytestmark = pytest.mark.unit

SAMPLE = """\
- id: GG-SAMPLE
  title: 对纳税大户给予奖励
  since: 2024-03-01
  examples: &examples
    - "对年度纳税十强企业给予一次性奖励。"
  again: *examples
  why: >
    折叠的
    多行文本
  weight: 0.5
  on: yes
  empty:
"""


def test_the_c_parser_is_used_and_reads_what_the_safe_loader_reads():
    assert yaml.__with_libyaml__  # the locked PyYAML wheel carries libyaml; without it load_yaml is only slower
    assert load_yaml(SAMPLE) == yaml.safe_load(SAMPLE)
    rules = sorted(RULES_DIR.glob("*.yaml"))[:3]  # real rule files, a few (the pure-Python side is slow)
    assert rules and all(load_yaml(p.read_text(encoding="utf-8")) == yaml.safe_load(p.read_text(encoding="utf-8"))
                         for p in rules)
    with pytest.raises(yaml.YAMLError):
        load_yaml("key: [unclosed")
