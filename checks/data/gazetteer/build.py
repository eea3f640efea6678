"""Rebuild divisions.tsv and towns.tsv.gz from a checkout of modood/Administrative-divisions-of-China.

    python checks/data/gazetteer/build.py ../shared/gazetteer/pcas-code.json

Keeps every province, city and county, and of the towns (乡镇/街道 level) those that are towns,
townships, streets or development zones; farms, forest farms, prisons and offices are left out.
"""
from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
TOWN_ENDINGS = ("镇", "乡", "街道", "苏木")
ZONE_MARKS = ("开发区", "园区", "工业园", "产业园", "新区", "经济区", "保税区", "示范区", "管理区", "度假区", "高新区", "新城")


def kept_town(name: str) -> bool:
    return len(name) >= 3 and (name.endswith(TOWN_ENDINGS) or any(m in name for m in ZONE_MARKS))


def main(source: str) -> None:
    tree = json.loads(Path(source).read_text(encoding="utf-8"))
    divisions, towns = [], []

    def walk(node: dict, depth: int) -> None:
        if depth < 3:
            divisions.append(f"{node['code']}\t{node['name']}")
        elif kept_town(node["name"]):
            towns.append(f"{node['code']}\t{node['name']}")
        for child in node.get("children", []):
            walk(child, depth + 1)

    for province in tree:
        walk(province, 0)
    (HERE / "divisions.tsv").write_text("\n".join(divisions) + "\n", encoding="utf-8")
    with gzip.open(HERE / "towns.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("\n".join(towns) + "\n")
    print(f"{len(divisions)} provinces/cities/counties, {len(towns)} towns")


if __name__ == "__main__":
    main(sys.argv[1])
