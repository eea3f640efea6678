"""Submissions never take a record over (issue 16, items 1 and 10): the doc_id is the submission's, an
issued document is final, a new version links to its predecessor, and the extraction cache keys on
the declared type as well as the bytes."""
from __future__ import annotations

import shutil
from datetime import date

import pytest
from test_flows import write_normative

from normreview.flows.filing import file_document
from normreview.flows.review import review_submission
from normreview.index.catalogue import Catalogue
from normreview.index.records import submission_id
from normreview.settings import settings

pytestmark = pytest.mark.integration


def test_submission_ids_differ_by_owner_and_keep_the_hash():
    digest = "a" * 64
    assert submission_id(digest) == digest
    assert submission_id(digest, "甲局") != submission_id(digest, "乙局") != digest
    assert submission_id(digest, "甲局", "张三") == submission_id(digest, "甲局", "李四")  # the unit owns it
    assert submission_id(digest, None, "张三") != submission_id(digest, None, "李四")


def test_the_same_file_from_two_units_is_two_submissions(tmp_path, archive):
    draft = write_normative(tmp_path / "draft.txt", 1601)
    [a] = review_submission([str(draft)], archive=True, drafting_unit="甲局", submitted_by="甲")
    [b] = review_submission([str(draft)], archive=True, drafting_unit="乙局", submitted_by="乙")
    assert a.document.doc_id != b.document.doc_id
    assert a.document.sha256 == b.document.sha256 == a.document.source.sha256
    first, second = archive.get_document(a.document.doc_id), archive.get_document(b.document.doc_id)
    assert (first["drafting_unit"], first["submitted_by"]) == ("甲局", "甲")  # B's upload left A's draft alone
    assert (second["drafting_unit"], second["submitted_by"]) == ("乙局", "乙")
    assert first["sha256"] == second["sha256"] == a.document.sha256
    hits = archive.search("", filters={"drafting_unit": "甲局"}, facets=False)["hits"]
    assert a.document.doc_id in [h["doc_id"] for h in hits]


def test_a_filed_document_is_not_reset_by_a_new_review_of_its_bytes(tmp_path, archive):
    issued = write_normative(tmp_path / "issued.txt", 1602)
    [review] = review_submission([str(issued)], archive=True)
    doc_id = review.document.doc_id
    archive.record_decision(doc_id, "合法", "审核员甲", comments="同意")
    file_document(doc_id, date(2023, 6, 1), filed=date(2023, 6, 20), filed_by="备案员")
    before = archive.get_document(doc_id)
    assert before["status"] == "filed"
    # the same bytes again: unowned (the same record), from another unit (a new submission)
    review_submission([str(issued)], archive=True)
    [other] = review_submission([str(issued)], archive=True, drafting_unit="乙局")
    after = archive.get_document(doc_id)
    assert {k: after.get(k) for k in ("status", "opinion", "reviewer", "drafting_unit", "reviewed_at", "decision_id")} == \
           {k: before.get(k) for k in ("status", "opinion", "reviewer", "drafting_unit", "reviewed_at", "decision_id")}
    assert Catalogue().entry(doc_id)["filed"] == "2023-06-20"
    assert other.document.doc_id != doc_id
    assert archive.get_document(other.document.doc_id)["status"] == "under_review"  # 待审核: no decision yet
    # still public and in the catalogue's issued list
    issued_ids = [h["doc_id"] for h in archive.search("", filters={"status": ["filed"]}, size=200, facets=False)["hits"]]
    assert doc_id in issued_ids and other.document.doc_id not in issued_ids


def test_a_new_version_links_to_its_predecessor(tmp_path, archive):
    first = write_normative(tmp_path / "v1.txt", 1603)
    second = tmp_path / "v2.txt"
    second.write_text(first.read_text(encoding="utf-8").replace("负责组织实施", "负责组织实施和监督"), encoding="utf-8")
    [one] = review_submission([str(first)], archive=True, drafting_unit="甲局")
    [two] = review_submission([str(second)], archive=True, drafting_unit="甲局", predecessor=one.document.doc_id)
    chain = archive.version_chain(two.document.doc_id)
    assert [v["doc_id"] for v in chain] == [one.document.doc_id, two.document.doc_id]
    assert chain[1]["predecessor"] == one.document.doc_id and chain[0]["successor"] == two.document.doc_id


def test_a_pdf_renamed_docx_is_refused_by_review_after_its_bytes_were_extracted(tmp_path):
    pdf = next((settings().shared_dir / "samples").rglob("*.pdf"))
    renamed = tmp_path / "renamed.docx"
    shutil.copy(pdf, renamed)
    good = review_submission([str(pdf)], archive=False)
    assert not isinstance(good[0], dict)
    [refused] = review_submission([str(renamed)], archive=False)
    assert isinstance(refused, dict) and refused["file"] == str(renamed) and refused["error"]


# ---- the audit trail (item 3) -------------------------------------------------------------------

def test_decisions_are_appended_replays_keep_their_date_and_a_replacement_says_so(tmp_path, archive):
    draft = write_normative(tmp_path / "decided.txt", 1604)
    [review] = review_submission([str(draft)], archive=True, drafting_unit="甲局", submitted_by="甲")
    doc_id = review.document.doc_id
    first = archive.record_decision(doc_id, "应当予以修改", "审核员甲", comments="请修改")
    [stored] = archive.get_decisions(doc_id)
    assert archive.record_decision(doc_id, "应当予以修改", "审核员甲", comments="请修改") == first  # a replay
    assert [d["decided_at"] for d in archive.get_decisions(doc_id)] == [stored["decided_at"]]
    second = archive.record_decision(doc_id, "合法", "审核员乙", comments="已修改")
    decisions = {d["decision_id"]: d for d in archive.get_decisions(doc_id)}
    assert decisions[second]["replaces"] == first and decisions[first]["replaces"] is None
    assert archive.get_document(doc_id)["decision_id"] == second
    trail = archive.history(doc_id)
    assert [e["action"] for e in trail] == ["review", "decision", "decision"]
    assert trail[0]["actor"] == "甲" and trail[1]["actor"] == "审核员甲" and trail[2]["actor"] == "审核员乙"
    assert trail[2]["before"]["opinion"] == "应当予以修改" and trail[2]["after"]["opinion"] == "合法"
    assert trail[2]["replaces"] == first
    # the current state is the last event's "after"
    assert archive.get_document(doc_id)["opinion"] == trail[-1]["after"]["opinion"]


def test_filing_keeps_an_earlier_filing_and_refuses_a_date_before_publication(tmp_path, archive):
    from normreview.flows.filing import BadFilingDate

    draft = write_normative(tmp_path / "filed.txt", 1605)
    [review] = review_submission([str(draft)], archive=True)
    doc_id = review.document.doc_id
    with pytest.raises(BadFilingDate):
        file_document(doc_id, date(2023, 6, 1), filed=date(2023, 5, 1), filed_by="备案员")
    file_document(doc_id, date(2023, 6, 1), filed=date(2023, 6, 20), filed_by="备案员")
    again = file_document(doc_id, date(2023, 6, 1))  # a rerun without --filed
    assert (again["filed"], again["filed_by"]) == ("2023-06-20", "备案员")
    assert archive.get_document(doc_id)["status"] == "filed"
    actions = [e["action"] for e in archive.history(doc_id)]
    assert actions.count("filing") == 2 and "status" in actions


def test_cli_decide_and_file_act_as_the_configured_user_only(tmp_path, archive):
    import subprocess

    from test_flows import CLI, cli_env

    from normreview.web.users import UserStore

    draft = write_normative(tmp_path / "cli.txt", 1606)
    [review] = review_submission([str(draft)], archive=True)
    doc_id = review.document.doc_id
    UserStore(tmp_path).add("李审核", "secret-pass-2", "reviewer")
    UserStore(tmp_path).add("张起草", "secret-pass-3", "drafter", "甲局")

    def run(*args, user=None):
        env = cli_env(NORMREVIEW_DATA=str(tmp_path), **({"NORMREVIEW_USER": user} if user else {}))
        return subprocess.run(CLI + list(args), capture_output=True, text=True, env=env, timeout=300)

    for args, user in ((["--reviewer", "admin"], "李审核"), (["--reviewer", ""], "李审核"), ([], None), ([], "张起草")):
        refused = run("decide", doc_id, "--opinion", "合法", *args, user=user)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr, refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
    done = run("decide", doc_id, "--opinion", "合法", "--json", user="李审核")
    assert done.returncode == 0, done.stderr
    assert archive.get_document(doc_id)["reviewer"] == "李审核"
    early = run("file", doc_id, "--published", "2023-06-01", "--filed", "2023-05-01", user="李审核")
    assert early.returncode == 2 and "早于公布日期" in early.stderr
