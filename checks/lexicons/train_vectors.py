"""Train a small word2vec model on a LawRefBook/Laws checkout and propose synonyms for each lexicon class.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python -m normreview.checks.lexicons.train_vectors /path/to/LawRefBook [--out DIR]

The text (newest version of each law) is segmented by the project's own jieba pipeline
(``checks/nlp.py``: legal dictionary, law names and lexicon terms as words), so a lexicon term is one
token in training as in review. One worker thread: the machine is shared. For each class the script
writes ``checks/data/lexicons/proposals/<class>.txt``: the nearest neighbours of the class's terms that
are not yet in any class, best first, with the terms they are near. A person reads them and moves the
good ones into the class file with ``source: word2vec, accepted``. The vectors (gensim KeyedVectors,
3.5 MB) go to ``--out`` (default ``checks/data/lexicons/vectors/``), for a person who wants to ask for the
neighbours of a word (``KeyedVectors.load(path).most_similar("押金")``); review never reads them.
"""
from __future__ import annotations

import argparse
import re
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from normreview.checks.lexicons import LEXICON_DIR, clause_classes, load_lexicons
from normreview.checks.lexicons.corpus import newest_laws
from normreview.checks.nlp import pipeline

WORD = re.compile(r"^[\u4e00-\u9fa5]{2,8}$")
SENTENCE = re.compile(r"[^。；！？\n]+")
# Function words and the commonest legal scaffolding: never a useful proposal.
STOP = {"的", "了", "和", "与", "及", "或", "或者", "以及", "并", "并且", "等", "其", "该", "本", "此", "上述",
        "前款", "规定", "有关", "相关", "依照", "按照", "根据", "应当", "可以", "不得"}


def segment(root: Path, target: Path) -> tuple[int, int]:
    """Write the corpus once, one segmented sentence a line (gensim's corpus_file format); (laws, sentences)."""
    laws = newest_laws(root)
    cut = pipeline().tokenizer.jieba_seg.cut
    sentences = 0
    with target.open("w", encoding="utf-8") as out:
        for law in laws:
            for _, text in law.articles():
                for sentence in SENTENCE.findall(text):
                    words = [w for w in cut(sentence) if WORD.match(w) or w in ("须", "应", "可", "但")]
                    if len(words) > 2:
                        out.write(" ".join(words) + "\n")
                        sentences += 1
    return len(laws), sentences


def propose(vectors, per_class: int = 40) -> dict[str, list[tuple[str, float, list[str]]]]:
    known = {t for lexicon in load_lexicons().values() for t in lexicon.terms}
    proposals = {}
    for name, lexicon in clause_classes().items():
        scores: dict[str, float] = defaultdict(float)
        near: dict[str, list[str]] = defaultdict(list)
        seeds = [t for t in lexicon.terms if t in vectors.key_to_index]
        for seed in seeds:
            for word, similarity in vectors.most_similar(seed, topn=15):
                if word in known or word in STOP or not WORD.match(word):
                    continue
                scores[word] += similarity
                near[word].append(seed)
        ranked = sorted(scores, key=lambda w: -scores[w])[:per_class]
        proposals[name] = [(w, scores[w], near[w]) for w in ranked]
    return proposals


def write_proposals(vectors, dim: int, corpus: str, checkout: str) -> None:
    target = LEXICON_DIR / "proposals"
    target.mkdir(exist_ok=True)
    for name, rows in propose(vectors).items():
        lines = [f"# Candidate synonyms for {name}: nearest neighbours (word2vec, {dim} dims, {corpus} of {checkout})",
                 "# of its terms, not yet in any lexicon. word<TAB>score<TAB>near. A person accepts them into the class file."]
        lines += [f"{w}\t{s:.2f}\t{'、'.join(n[:5])}" for w, s, n in rows]
        (target / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="训练词向量并为各词表提出近义词候选")
    parser.add_argument("lawrefbook", type=Path, help="LawRefBook/Laws 的本地副本目录")
    parser.add_argument("--out", type=Path, default=LEXICON_DIR / "vectors")
    parser.add_argument("--dim", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--propose-only", action="store_true", help="不训练，用 --out 中已有的词向量重写候选（收录词条之后）")
    args = parser.parse_args()
    if not args.lawrefbook.is_dir():
        raise SystemExit(f"{args.lawrefbook}：不是目录")
    from gensim.models import KeyedVectors, Word2Vec  # the [train] extra; review never needs it

    if args.propose_only:
        write_proposals(KeyedVectors.load(str(args.out / "lawrefbook.kv")), args.dim, "saved vectors", args.lawrefbook.name)
        return
    started = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:  # the segmented corpus (25 MB) is not kept
        corpus = Path(scratch) / "corpus.txt"
        law_count, sentence_count = segment(args.lawrefbook, corpus)
        segmented = time.perf_counter() - started
        model = Word2Vec(corpus_file=str(corpus), vector_size=args.dim, window=5, min_count=10, workers=1, sg=0,
                         negative=5, seed=13, epochs=args.epochs)
    trained = time.perf_counter() - started - segmented
    model.wv.save(str(args.out / "lawrefbook.kv"))
    size = sum(p.stat().st_size for p in args.out.glob("lawrefbook.kv*"))
    write_proposals(model.wv, args.dim, f"{law_count} laws", args.lawrefbook.name)
    print(f"{law_count} laws, {sentence_count} sentences, vocabulary {len(model.wv)}; segmented in {segmented:.0f} s, "
          f"trained in {trained:.0f} s on 1 worker; vectors {size / 1e6:.1f} MB at {args.out}")


if __name__ == "__main__":
    main()
