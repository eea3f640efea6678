"""Scale of the archive, measured: index generated documents up to 50,000 clauses (in steps), and
report indexing throughput and query latency (p50/p95) for full-text, filtered and similar-clause
queries at each size. Uses an index prefix of its own and drops it at the end.

    .venv/bin/python bench/bench_archive.py [--sizes 10000,50000] [--clauses-per-doc 25] [--queries 60]

Latency is client-side (Python API call, request, response parsing): what the flows and the web see.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import time

from normreview.index import Archive  # noqa: E402
from normreview.index.text import segment  # noqa: E402
from normreview.model import Dates, Document, Finding, Review, Source, Unit  # noqa: E402

ZONES = ["某某经济技术开发区管理委员会", "某某高新技术产业开发区管理委员会", "某某综合保税区管理委员会", "某某工业园区管理委员会",
         "某某县人民政府", "某某区人民政府办公室"]
TOPICS = ["支持总部经济发展", "促进先进制造业高质量发展", "加快服务业发展", "人才引进", "招商引资", "规范企业入驻管理",
          "加强安全生产监管", "促进产业链本地配套", "支持科技创新", "推进社会信用体系建设", "规范园区收费", "加强生态环境保护"]
SUBJECTS = ["对新引进的企业总部", "对年度纳税总额进入全区前十名的企业", "入驻园区的企业", "符合条件的高层次人才",
            "本区规模以上工业企业", "外地企业参与本区招标的", "总投资超过5亿元的项目", "获评国家级专精特新的企业",
            "未按规定报送安全台账的企业", "列入严重失信主体名单的企业", "新设立的服务业企业", "参与政府采购的供应商"]
ACTIONS = ["给予一次性奖励{n}万元", "按其缴纳税收地方留成部分的{p}%给予奖励", "应当在本区注册登记、纳税并纳入统计",
           "由管委会处以{n}千元罚款", "须经管委会审批同意后方可入驻", "按土地出让金的{p}%给予产业扶持资金",
           "按年营业收入的千分之{p}缴纳园区服务费", "由管委会指定平台公司提供融资担保", "同等条件下优先采购本地产品",
           "给予购房补贴{n}万元", "依法实施联合惩戒", "安全监管部门可以查封其生产场所", "按研发投入的{p}%给予补助",
           "应当配合有关部门开展检查", "可申请入住人才公寓"]
CONDITIONS = ["自落户之日起三年内，", "经认定后，", "在本政策有效期内，", "", "", "经管委会研究同意，"]
BASES = ["根据《中华人民共和国行政处罚法》，", "依照《行政许可法》的规定，", "按照《公平竞争审查条例》的要求，", "", "", "", ""]
FILLER = ["具体办法由经济发展局另行制定。", "资金由区财政统筹安排。", "相关企业应当如实提供材料。", "",
          "弄虚作假的，取消享受资格并追回已拨付资金。", ""]
CATEGORIES = [("FC-TAX-RANKED-REWARD", "selective-incentive"), ("FC-LOCAL-REGISTRATION", "factor-flow"),
              ("LEG-PENALTY", "penalty"), ("LEG-LICENSING", "licensing"), ("LEG-FEE", "fee"),
              ("AGR-GUARANTEE", "government-guarantee"), ("AGR-LAND-REFUND", "land-price")]


def clause(rng: random.Random, number: int) -> str:
    action = rng.choice(ACTIONS).format(n=rng.randint(1, 50), p=rng.randint(1, 9) * 10)
    return (f"第{number}条 {rng.choice(BASES)}{rng.choice(CONDITIONS)}{rng.choice(SUBJECTS)}，{action}。"
            f"{rng.choice(FILLER)}")


def make_document(serial: int, clauses: int) -> Review:
    """A generated normative document with ``clauses`` articles and a few findings."""
    rng = random.Random(serial)
    year = rng.randint(2015, 2025)
    issuer = rng.choice(ZONES)
    title = f"{issuer}关于{rng.choice(TOPICS)}的若干规定（第{serial}号）"
    doc_number = f"某管规〔{year}〕{serial}号"
    parts, units, offset = [title, doc_number], [], len(title) + len(doc_number) + 2
    for number in range(1, clauses + 1):
        text = clause(rng, number)
        units.append(Unit(kind="条", label=f"第{number}条", text=text, path=[f"第{number}条"], start=offset, end=offset + len(text)))
        parts.append(text)
        offset += len(text) + 1
    text = "\n".join(parts)
    doc_id = hashlib.sha256(f"bench-{serial}".encode()).hexdigest()
    document = Document(doc_id=doc_id, kind="normative", title=title, text=text, units=units,
                        source=Source(path=f"bench/{serial}.txt", format="txt", sha256=doc_id, size=len(text.encode())),
                        doc_number=doc_number, issuer=[issuer],
                        dates=Dates(signed=f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"))
    findings = []
    for unit in rng.sample(units, k=min(3, len(units))):
        rule, category = rng.choice(CATEGORIES)
        findings.append(Finding(rule=rule, category=category, severity="warning", unit=unit.path_label, quote=unit.text[4:10],
                                clause_text=unit.text, start=unit.start + 4, end=unit.start + 10, message="基准测试生成的问题"))
    return Review(document=document, findings=findings, opinion="应当予以修改" if findings else "合法")


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms"


def timed(calls: list) -> list[float]:
    for call in calls[:5]:  # warm caches
        call()
    samples = []
    for call in calls:
        began = time.perf_counter()
        call()
        samples.append(time.perf_counter() - began)
    return samples


def measure(archive: Archive, rng: random.Random, queries: int) -> dict[str, list[float]]:
    words = ["先征后返", "纳税总额 前十名", "土地出让金", "融资担保", "罚款", "注册登记 纳税 统计", "人才公寓", "联合惩戒",
             "园区服务费", "《行政处罚法》", "中华人民共和国行政许可法", "〔2020〕15号", "查封 生产场所", "研发投入 补助"]
    texts = [clause(rng, 1)[4:] for _ in range(queries)]
    return {
        "full text": timed([lambda q=rng.choice(words): archive.search(q, size=10) for _ in range(queries)]),
        "filtered": timed([lambda q=rng.choice(words), y=rng.randint(2015, 2025): archive.search(
            q, size=10, filters={"year": y, "category": rng.choice(CATEGORIES)[1], "kind": "normative"})
            for _ in range(queries)]),
        "clause full text": timed([lambda q=rng.choice(words): archive.search_clauses(q, size=10) for _ in range(queries)]),
        "similar clauses": timed([lambda t=t: archive.similar_clauses(t, size=5) for t in texts]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000", help="clause counts at which to measure")
    parser.add_argument("--clauses-per-doc", type=int, default=25)
    parser.add_argument("--queries", type=int, default=60, help="queries per kind and size")
    parser.add_argument("--batch", type=int, default=40, help="documents per store_reviews call")
    args = parser.parse_args()
    archive = Archive(prefix=f"bench-{os.getpid()}", refresh=False)
    archive.drop()
    rng = random.Random(7)
    sample = [clause(rng, i) for i in range(2000)]
    segment("预热")  # load the dictionary outside the timing
    began = time.perf_counter()
    for text in sample:
        segment(text)
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores (shared machine)")
    print(f"jieba segmentation alone: {len(sample) / (time.perf_counter() - began):,.0f} clauses/s "
          f"({sum(map(len, sample)) / len(sample):.0f} characters each)")
    serial, written, total_seconds = 0, 0, 0.0
    try:
        for target in (int(s) for s in args.sizes.split(",")):
            began = time.perf_counter()
            while written < target:
                batch = [make_document(serial + i, args.clauses_per_doc) for i in range(args.batch)]
                serial += args.batch
                result = archive.store_reviews(batch)
                if result["errors"]:
                    raise SystemExit(f"bulk errors: {result['errors'][:3]}")
                written += sum(len(r.document.units) for r in batch)
            archive.refresh_all()
            seconds = time.perf_counter() - began
            total_seconds += seconds
            counts = archive.counts()
            print(f"\n== {counts['clauses']:,} clauses, {counts['documents']:,} documents, {counts['findings']:,} findings ==")
            print(f"indexing: {total_seconds:.1f} s in all, {counts['clauses'] / total_seconds:,.0f} clauses/s, "
                  f"{counts['documents'] / total_seconds:,.1f} documents/s (segmentation, bulk, refresh)")
            print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
            for kind, samples in measure(archive, random.Random(target), args.queries).items():
                print(f"{kind:17} {percentiles(samples)}  (n={len(samples)})")
    finally:
        archive.drop()
        print(f"\ndropped {archive.prefix}-*")


if __name__ == "__main__":
    main()
