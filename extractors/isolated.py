"""Extraction (and OCR) in a child process with an address-space limit and a wall-clock limit.

A file that would take the server's memory or its time (a docx that inflates to gigabytes, a PDF of
thousands of blank pages) costs one child process, not the process that serves everyone: the child
runs ``extract`` under ``RLIMIT_AS`` and is killed after the time limit, and the caller gets an
``ExtractionError`` with a one-line Chinese reason that names the file, so a batch goes on.

The child is forked from the caller (a fresh interpreter would spend 1.7 s importing the extractors
per file); it only extracts and sends each Document back through a pipe, and its memory limit counts
on top of what it inherited (``NORMREVIEW_EXTRACT_MEMORY_MB`` more than the caller had mapped). A batch
(``extract_each_isolated``, the backfill's) shares one child for its files, so it pays the fork once;
a file that runs the child out of its memory or time ends that child, and a new one takes the rest.
"""
from __future__ import annotations

import multiprocessing
import os
import resource
from collections.abc import Iterator, Sequence
from pathlib import Path

from normreview.extractors import Document, ExtractionError, extract
from normreview.settings import settings

_CONTEXT = multiprocessing.get_context("fork")
# Time the child gets to exit after it sent its last answer.
EXIT_GRACE_S = 5


class ExtractionLimit(ExtractionError):
    """Refused for the time or memory it took, not for what the file is: under less load or with higher
    limits the same bytes may pass, so callers must not cache this answer."""


def _mapped_bytes() -> int:
    """This process's address space now (VmSize), what RLIMIT_AS counts."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _child(paths: list[str], pdf_engine: str | None, memory_bytes: int, answer) -> None:
    """Extract ``paths`` in order, one answer each; after running out of memory, answer so and stop (the
    heap may be left in no state to go on)."""
    memory_bytes += _mapped_bytes()
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
        for path in paths:
            try:
                answer.send(("document", extract(path, pdf_engine)))
            except ExtractionError as exc:
                # extract() turns a reader's failure into a reason; running out of the limit is not the file's fault.
                if isinstance(exc.__cause__, MemoryError):
                    answer.send(("memory", None))
                    return
                answer.send(("refused", exc.reason))
            except MemoryError:
                answer.send(("memory", None))
                return
    finally:
        answer.close()


def extract_each_isolated(paths: Sequence[str | os.PathLike[str]], pdf_engine: str | None = None,
                          memory_mb: int | None = None, seconds: float | None = None,
                          ) -> Iterator[tuple[str, Document | ExtractionError]]:
    """``(path, extract(path))`` for each path in order, extracted in a child process; a refused file
    yields its ExtractionError (an ExtractionLimit when it ran out of ``memory_mb``,
    NORMREVIEW_EXTRACT_MEMORY_MB, or of ``seconds``, NORMREVIEW_EXTRACT_SECONDS) and the rest go on.

    The child runs ahead by one file while the caller works on the last one; a file's ``seconds`` count
    from when the caller asks for its answer. Leaving the loop early stops the child."""
    config = settings()
    memory_mb = memory_mb or config.extract_memory_mb
    seconds = seconds or config.extract_seconds
    remaining = [str(path) for path in paths]
    while remaining:
        receive, send = _CONTEXT.Pipe(duplex=False)
        child = _CONTEXT.Process(target=_child, args=(remaining, pdf_engine, memory_mb * 2**20, send),
                                 name=f"extract-{Path(remaining[0]).name}", daemon=True)
        child.start()
        send.close()  # the child holds the only writing end: its death reads as EOF here
        finished = False
        try:
            while remaining:
                name = remaining.pop(0)
                outcome = _answer(receive, child, name, memory_mb, seconds)
                yield name, outcome
                if isinstance(outcome, ExtractionLimit):
                    break  # that child is dead, over time, or stopping after its memory ran out: a new one goes on
            else:
                finished = True
        finally:
            receive.close()
            child.join(EXIT_GRACE_S if finished else 0)
            if child.is_alive():  # over time, left early, or not exiting after its last answer
                child.kill()
                child.join()


def _answer(receive, child, name: str, memory_mb: int, seconds: float) -> Document | ExtractionError:
    if not receive.poll(seconds):
        return ExtractionLimit(name, f"提取文本超过 {seconds:g} 秒的时限（NORMREVIEW_EXTRACT_SECONDS），已停止")
    try:
        kind, payload = receive.recv()
    except EOFError:  # killed outright (a C library's abort under the limit, the kernel's OOM killer)
        child.join(EXIT_GRACE_S)
        return ExtractionLimit(name, f"提取文本的进程异常退出（退出码 {child.exitcode}），可能超出 {memory_mb} MB 的"
                                     "内存上限（NORMREVIEW_EXTRACT_MEMORY_MB）")
    if kind == "memory":
        return ExtractionLimit(name, f"提取文本所需内存超过 {memory_mb} MB 的上限（NORMREVIEW_EXTRACT_MEMORY_MB），已停止")
    if kind == "refused":
        return ExtractionError(name, payload)
    return payload


def extract_isolated(path: str | os.PathLike[str], pdf_engine: str | None = None, memory_mb: int | None = None,
                     seconds: float | None = None) -> Document:
    """``extract(path)`` in a child process; raises ExtractionError when the file is refused, when the child
    runs out of its ``memory_mb`` (NORMREVIEW_EXTRACT_MEMORY_MB) or its ``seconds`` (NORMREVIEW_EXTRACT_SECONDS)."""
    [(_, outcome)] = extract_each_isolated([path], pdf_engine, memory_mb, seconds)
    if isinstance(outcome, ExtractionError):
        raise outcome
    return outcome
