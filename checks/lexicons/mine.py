"""Mine lexicon terms from a LawRefBook/Laws checkout: run by a person, output reviewed and committed.

    .venv/bin/python -m normreview.checks.lexicons.mine /path/to/LawRefBook   # e.g. ../shared/laws/lawrefbook

Writes, under checks/data/lexicons/mined/:
- documents.txt: every licence, certificate, permit or proof ("…许可证", "…许可", "…证明", "…执照",
  "…证书", "…证") that the newest laws name after a verb of obtaining or holding it, with its count;
- statute-measures.yaml: the kinds of administrative penalty (行政处罚法 第九条) and of compulsory
  measure (行政强制法 第九条), item by item;
and checks/data/lexicons/statutory-licences.yaml: the licences that a law or an administrative
regulation itself requires ("应当取得…许可证", "未取得…不得", "凭…"), each with the law, article and sentence;
its hand-added `curated` entries are kept.
"""
from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

from normreview.checks.lexicons.corpus import Law, newest_laws
from normreview.checks.yamlfile import load_yaml

OUT = Path(__file__).resolve().parent.parent / "data" / "lexicons"
# A document name is read after the verb that obtains, holds, issues or withdraws it.
VERB = r"(?:取得|领取|持有(?!效)|办理|核发|颁发|申领|申请|吊销|暂扣|注销|换发|出具|提交|提供|凭|持)"
NAME = r"([\u4e00-\u9fa5]{1,14}?(?:许可证件|许可证|经营许可|生产许可|许可|证明文件|证明|执照|证书|资格证|合格证|证))"
DOCUMENT = re.compile(VERB + NAME + r"(?=[，。；、）)和或及的后并]|$)")
# Words that make a candidate a phrase, not a name.
NOT_A_NAME = re.compile(r"[的和或及与、等其该本此各]|有关|相关|相应|规定|上述|以下|前款|依法|申请|合法|有效|必要|虚假|伪造|变造|"
                        + VERB[3:-1])
# Sentences in which a law itself requires a document before acting.
REQUIRES = re.compile(
    r"(?:应当[^。；]{0,40}?(?:取得|领取|持有|办理)|(?:颁发|发给|核发)|无(?!正当)|必?须(?:依法)?(?:取得|持有|领取)"
    r"|未(?:依法)?(?:取得|领取)|凭|持有)" + NAME + r"(?=[，。；、）)和或及的后并]|$)"
)
BINDING_LEVELS = ("法律", "行政法规")
# Fragments the greedy reading leaves (持+有效…, 人+数符合…): not licence names.
FRAGMENT = re.compile(r"^[效人经线]|国务院|并|应当|单证|公证|听证|论证|保证|荣誉|纪念|烈士|残疾军人|退役军人")
SENTENCE = re.compile(r"[^。；\n]+[。；]?")
CN_PUNISHMENT_ITEMS = re.compile(r"（[一二三四五六七八九十]+）([^；。\n]+)")


def mine_documents(laws: list[Law]) -> tuple[Counter, dict[str, list[tuple[Law, str, str]]]]:
    counts: Counter = Counter()
    required: dict[str, list[tuple[Law, str, str]]] = defaultdict(list)
    for law in laws:
        for number, text in law.articles():
            for match in DOCUMENT.finditer(text):
                name = match.group(1)
                if len(name) < 3 or NOT_A_NAME.search(name):
                    continue
                counts[name] += 1
            if law.level not in BINDING_LEVELS:
                continue
            for sentence in SENTENCE.findall(text):
                for match in REQUIRES.finditer(sentence):
                    name = match.group(1)
                    if (len(name) >= 4 and not NOT_A_NAME.search(name) and not FRAGMENT.search(name)
                            and name.endswith(("许可证", "执照", "证书", "资格证", "合格证", "证"))):
                        required[name].append((law, number, sentence.strip()))
    return counts, required


def statute_items(laws: list[Law], law_name: str, article: str) -> list[str]:
    for law in laws:
        if law.name == law_name and law.level == "法律":
            for number, text in law.articles():
                if number == article:
                    return [item.strip() for item in CN_PUNISHMENT_ITEMS.findall(text)]
    raise SystemExit(f"{law_name} {article} 不在语料中")


def main(argv: list[str]) -> None:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        raise SystemExit("用法：python -m normreview.checks.lexicons.mine <LawRefBook 目录>")
    root = Path(argv[0])
    laws = newest_laws(root)
    counts, required = mine_documents(laws)
    mined = OUT / "mined"
    mined.mkdir(parents=True, exist_ok=True)
    with (mined / "documents.txt").open("w", encoding="utf-8") as out:
        out.write(f"# Licences, certificates and proofs named in {len(laws)} laws (newest versions) of LawRefBook/Laws,\n"
                  "# after a verb of obtaining or holding them. Written by checks/lexicons/mine.py; name<TAB>count.\n")
        for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            if count >= 2:
                out.write(f"{name}\t{count}\n")
    measures = {
        "source": "行政处罚法 第九条 and 行政强制法 第九条 (LawRefBook/Laws), item by item; written by checks/lexicons/mine.py",
        "penalty": statute_items(laws, "行政处罚法", "第九条"),
        "compulsion": statute_items(laws, "行政强制法", "第九条"),
    }
    (mined / "statute-measures.yaml").write_text(yaml.safe_dump(measures, allow_unicode=True, sort_keys=False), encoding="utf-8")
    licences = []
    for name, places in sorted(required.items(), key=lambda item: (-len(item[1]), item[0])):
        laws_named = sorted({p[0].name for p in places})
        law, number, sentence = min(places, key=lambda p: (BINDING_LEVELS.index(p[0].level), len(p[2])))
        licences.append({"term": name, "law": law.name, "article": number, "level": law.level,
                         "quote": sentence, "also_in": [n for n in laws_named if n != law.name][:5]})
    header = ("# Licences that a law or an administrative regulation itself requires: a clause that restates one\n"
              "# is not a new licence. Mined by checks/lexicons/mine.py from LawRefBook/Laws (newest versions of laws\n"
              "# and 行政法规): sentences with 应当取得/未取得…/凭…; each with the article and its sentence.\n")
    target = OUT / "statutory-licences.yaml"
    # Entries a person added (a law that requires the licence without naming it) survive a re-run.
    curated = (load_yaml(target.read_text(encoding="utf-8")) or {}).get("curated", []) if target.exists() else []
    body = {"class": "statutory-licences", "source": "mined: LawRefBook/Laws, laws and administrative regulations",
            "terms": licences, "curated": curated}
    target.write_text(header + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    print(f"{len(laws)} laws; {sum(1 for c in counts.values() if c >= 2)} document names; {len(licences)} statutory licences; "
          f"{len(measures['penalty'])} penalty kinds, {len(measures['compulsion'])} compulsion kinds")


if __name__ == "__main__":
    main(sys.argv[1:])
