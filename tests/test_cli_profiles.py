"""The CLI's review under a jurisdiction profile: chosen from the issuer's place, or the one named by
--profile. Integration: the review runs the Prefect review flow in a fresh CLI process each time (the
unknown-name refusal, which stops before the flow, is a unit test in tests/test_profiles.py)."""
from __future__ import annotations

import pytest

from normreview.settings import settings

pytestmark = pytest.mark.integration

SAMPLES = settings().shared_dir / "samples" / "real"


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="the real samples (../shared/samples/real) are absent")
def test_cli_review_chooses_the_profile_or_takes_the_override():
    import json
    import subprocess
    import sys
    from pathlib import Path

    cli = [str(Path(sys.executable).parent / "normreview"), "review", "--no-archive", "--json"]
    nanxun = str(SAMPLES / "nanxun-services-policy-2023.docx")
    done = subprocess.run(cli + [nanxun], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["profile"]["name"] == "zhejiang"
    done = subprocess.run(cli + ["--profile", "jiangsu", nanxun], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    review = json.loads(done.stdout)
    assert review["profile"]["name"] == "jiangsu" and "--profile jiangsu" in review["profile"]["reason"]
    delay = [f for f in review["findings"] if f["rule"] == "ED-ON-PUBLICATION"]
    assert delay and all(f["basis"][0]["law"] == "江苏省行政规范性文件管理规定" for f in delay)
