"""Structural check of the holdout4 set (no product code is imported)."""
import collections, pathlib, re, sys, yaml

HERE = pathlib.Path(__file__).parent
CATS = {"licensing", "penalty", "compulsion", "fee", "obligation", "power-expansion",
        "retroactivity", "market-access", "factor-flow", "business-conduct",
        "selective-incentive", "government-guarantee", "ultra-vires-commitment", "land-price"}
CONTRACT_CATS = CATS | {"missing-clause", "repealed-citation", "validity-period", "effective-date",
                        "doc-number", "procedure-materials", "citation", "higher-law-conflict",
                        "discretion-range", "exemption-conditions"}
FORMS = {"synonym", "word-order", "place-name", "embedded", "condition", "passive",
         "list-item", "agreement", "plain"}
errors = []

rw = yaml.safe_load((HERE / "rewordings.yaml").read_text(encoding="utf-8"))
keys = {"id", "target", "category", "kind", "form", "text"}
ids = set()
for i, it in enumerate(rw, 1):
    if set(it) != keys:
        errors.append(f"{it.get('id')}: keys {sorted(it)}")
    if it["id"] != f"h4-r-{i:03d}" or it["id"] in ids:
        errors.append(f"bad id {it['id']}")
    ids.add(it["id"])
    if it["kind"] not in ("normative", "agreement"):
        errors.append(f"{it['id']}: kind")
    if it["form"] == "lawful":
        if it["category"] is not None or not str(it["target"]).startswith("look-alike:"):
            errors.append(f"{it['id']}: lawful item malformed")
    else:
        if it["form"] not in FORMS or it["category"] not in CATS:
            errors.append(f"{it['id']}: form/category")
    if not it["text"].strip():
        errors.append(f"{it['id']}: empty text")
unlawful = [x for x in rw if x["form"] != "lawful"]
cat_n = collections.Counter(x["category"] for x in unlawful)
form_n = collections.Counter(x["form"] for x in unlawful)
if len(rw) < 180: errors.append("fewer than 180 rewordings")
share = len(unlawful) / len(rw)
if not 0.65 <= share <= 0.75: errors.append(f"unlawful share {share:.2f}")
for c in CATS:
    if cat_n[c] < 6: errors.append(f"category {c}: {cat_n[c]}")
for f in FORMS:
    if form_n[f] < 8: errors.append(f"form {f}: {form_n[f]}")
fcr = {f"FCR-{a}-{b}" for a, n in ((8, 5), (9, 6), (10, 4), (11, 4)) for b in range(1, n + 1)}
seen = {m.group(0) for x in unlawful for m in [re.match(r"FCR-\d+-\d+", x["target"])] if m}
if fcr - seen: errors.append(f"FCR items not covered: {sorted(fcr - seen)}")

dr = yaml.safe_load((HERE / "drafts.yaml").read_text(encoding="utf-8"))
if len(dr) != 4 or [d["kind"] for d in dr].count("agreement") != 1:
    errors.append("drafts: need 3 normative + 1 agreement")
exp_n = collections.Counter()
for d in dr:
    if set(d) != {"name", "kind", "text", "expected", "look_alikes"}:
        errors.append(f"{d.get('name')}: keys")
    arts = re.findall(r"^第[一二三四五六七八九十]+条", d["text"], re.M)
    if len(arts) < 12: errors.append(f"{d['name']}: {len(arts)} articles")
    if not 5 <= len(d["expected"]) <= 9: errors.append(f"{d['name']}: expected count")
    if len(d["look_alikes"]) < 4: errors.append(f"{d['name']}: look_alikes count")
    for e in d["expected"]:
        exp_n[e["category"]] += 1
        if set(e) != {"category", "clause"} or e["category"] not in CONTRACT_CATS:
            errors.append(f"{d['name']}: expected entry {e}")
        if e["clause"] not in d["text"]:
            errors.append(f"{d['name']}: not a substring: {e['clause'][:20]}")
    for la in d["look_alikes"]:
        if la not in d["text"]:
            errors.append(f"{d['name']}: look-alike not a substring: {la[:20]}")
        if any(la in e["clause"] or e["clause"] in la for e in d["expected"]):
            errors.append(f"{d['name']}: look-alike overlaps expected: {la[:20]}")

print(f"rewordings: {len(rw)} (unlawful {len(unlawful)}, lawful {len(rw) - len(unlawful)})")
print("by category:", dict(sorted(cat_n.items())))
print("by form:", dict(sorted(form_n.items())))
print("by kind:", dict(collections.Counter(x["kind"] for x in rw)))
print(f"drafts: {len(dr)}; expected {sum(exp_n.values())} {dict(sorted(exp_n.items()))}; "
      f"look-alikes {sum(len(d['look_alikes']) for d in dr)}")
if errors:
    print("ERRORS:", *errors, sep="\n  ")
    sys.exit(1)
print("OK")
