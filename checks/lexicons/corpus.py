"""Read a LawRefBook/Laws checkout (https://github.com/LawRefBook/Laws): the newest version of each law,
its level by folder, and its articles. Used by the lexicon scripts only (never at review time)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Folder (first path part) → level. 其他 holds guides and standards, not law: skipped.
LEVELS = {
    "宪法": "法律", "宪法相关法": "法律", "民法典": "法律", "民法商法": "法律", "行政法": "法律",
    "经济法": "法律", "社会法": "法律", "刑法": "法律", "诉讼与非诉讼程序法": "法律",
    "行政法规": "行政法规", "部门规章": "部门规章", "司法解释": "司法解释", "DLC": "地方性法规",
}
_DATED = re.compile(r"^(?P<name>.+?)\((?P<date>\d{4}-\d{2}-\d{2})\)$")
ARTICLE = re.compile(r"^(第[一二三四五六七八九十百千零〇]+条)\s*")


@dataclass(frozen=True)
class Law:
    name: str  # the file's name without its date: 行政处罚法
    level: str
    path: Path

    def articles(self) -> Iterator[tuple[str, str]]:
        """(第X条, its text with following paragraphs), in order; text before the first article is skipped."""
        body = self.path.read_text(encoding="utf-8").split("<!-- INFO END -->", 1)[-1]
        number, lines = None, []
        for line in body.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            match = ARTICLE.match(line)
            if match:
                if number:
                    yield number, "\n".join(lines)
                number, lines = match.group(1), [line[match.end():]]
            elif number:
                lines.append(line)
        if number:
            yield number, "\n".join(lines)


def newest_laws(root: Path) -> list[Law]:
    """One Law per name: the undated file (the newest by the corpus's convention) or the latest date."""
    best: dict[tuple[str, str], tuple[str, Path]] = {}
    for path in sorted(root.rglob("*.md")):
        relative = path.relative_to(root)
        level = LEVELS.get(relative.parts[0])
        if level is None or path.name.startswith("_") or path.name == "README.md":
            continue
        dated = _DATED.match(path.stem)
        name, date = (dated["name"], dated["date"]) if dated else (path.stem, "9999-99-99")
        key = (level, name)
        if key not in best or date > best[key][0]:
            best[key] = (date, path)
    return [Law(name, level, path) for (level, name), (_, path) in sorted(best.items())]
