"""How long place finding takes: building the gazetteer once, then find_places on documents of
1 to 120 pages, and choose_profile on the real samples.

Run: NORMREVIEW_SHARED=/work/shared .venv/bin/python bench/bench_places.py   (output pasted in docs/checks.md)
The document is the Nanxun policy text repeated; a page is taken as 1,000 characters.
"""
from __future__ import annotations

import time
import tracemalloc

from timing import best_of  # bench/timing.py

from normreview.checks import places
from normreview.checks.profile import choose_profile
from normreview.extractors import extract
from normreview.settings import settings

PAGE = 1000



def main() -> None:
    started = time.perf_counter()
    gazetteer = places.gazetteer()
    built = time.perf_counter() - started
    tracemalloc.start()  # a second copy, traced, for its size
    copy = places.Gazetteer()
    memory = tracemalloc.get_traced_memory()[0]
    del copy
    tracemalloc.stop()
    print(f"gazetteer: {len(gazetteer.divisions)} divisions, {len(gazetteer.names)} names, "
          f"{len(gazetteer.county_short)} county short forms; built in {built:.2f} s, {memory / 2**20:.0f} MiB")
    samples = settings().shared_dir / "samples" / "real"
    sample = extract(samples / "nanxun-services-policy-2023.docx").text
    body = sample.split("\n", 5)[-1]
    print(f"\n{'pages':>6} {'chars':>8} {'places':>7} {'local':>6} {'seconds':>8}")
    for pages in (1, 10, 30, 120):
        text = sample
        while len(text) < pages * PAGE:
            text += "\n" + body
        text = text[: pages * PAGE]
        found = places.find_places(text)
        seconds = best_of(3, lambda: places.find_places(text))
        print(f"{pages:>6} {len(text):>8} {len(found):>7} {sum(p.local for p in found):>6} {seconds:>8.3f}")
    print()
    for name in ("nanxun-services-policy-2023.docx", "ndrc-sat-tax-credit-notice-2019.pdf"):
        document = extract(samples / name)
        seconds = best_of(3, lambda: choose_profile(document))
        choice = choose_profile(document)
        print(f"choose_profile({name}): {choice.name} in {seconds * 1000:.1f} ms — {choice.reason}")


if __name__ == "__main__":
    main()
