"""Search fails when a field loses its analysis: queries only a segmented field can answer, on a real node."""
from __future__ import annotations

import os

import pytest

from normreview.checks.report import review_object
from normreview.extractors import extract_text
from normreview.index import Archive
from normreview.index.text import segment

pytestmark = pytest.mark.integration

TITLED = """某某经济开发区企业服务管理办法
第一条 为规范园区企业服务工作，制定本办法。
第二条 管委会设立企业服务中心，负责园区企业的日常联络。
"""
IN_BODY = """某某经济开发区关于印发产业扶持政策的通知
第一条 各部门应当加强对入园项目的服务管理。
"""


@pytest.fixture(scope="module")
def store():
    archive = Archive(prefix=os.environ["NORMREVIEW_INDEX_PREFIX"] + "-analysis")
    archive.drop()
    titled, in_body = extract_text(TITLED), extract_text(IN_BODY)
    result = archive.store_reviews([review_object(titled, [], "合法"), review_object(in_body, [], "合法")])
    assert result["errors"] == [] and result["documents"] == 2
    yield archive, titled, in_body
    archive.drop()


def title_hits(archive: Archive, query: str) -> list[str]:
    """The query the archive's search runs on the segmented title, on its own."""
    response = archive.client.search(index=archive.alias("documents"), query={
        "match": {"title_seg": {"query": segment(query), "operator": "and"}}})
    return [hit["_id"] for hit in response["hits"]["hits"]]


def test_the_title_is_stored_segmented(store):
    archive, titled, _ = store
    assert {"服务", "管理", "办法"} <= set(segment(titled.title).split())


def test_a_word_inside_the_title_finds_it(store):
    """服务管理 is two words inside the title: a keyword field holds the whole title as one term."""
    archive, titled, in_body = store
    assert title_hits(archive, "服务管理") == [titled.doc_id]


def test_a_single_title_word_finds_the_titles_holding_it(store):
    archive, titled, in_body = store
    assert sorted(title_hits(archive, "开发区")) == sorted([titled.doc_id, in_body.doc_id])
    assert title_hits(archive, "扶持政策") == [in_body.doc_id]


def test_the_whole_title_as_one_term_is_not_how_it_is_searched(store):
    """The exact title typed with a space in it still finds it word by word."""
    archive, titled, _ = store
    assert title_hits(archive, "企业 服务管理办法") == [titled.doc_id]


def test_search_ranks_the_title_match_first(store):
    archive, titled, in_body = store
    ids = [hit["doc_id"] for hit in archive.search("服务管理")["hits"]]
    assert ids[0] == titled.doc_id
