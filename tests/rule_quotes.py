"""What the tests of single rules share: the catalogue by rule id, and the text a rule quotes in a clause."""
from normreview.checks.catalogue import load_rules
from normreview.checks.engine import match_text

RULES = {rule.id: rule for rule in load_rules()}


def quotes(rule_id: str, text: str) -> list[str]:
    """The spans of text that rule ``rule_id`` quotes."""
    return [text[start:end] for start, end in match_text(RULES[rule_id], text)]
