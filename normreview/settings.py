"""Every setting of normreview, read from the environment in one place (pydantic-settings).

``settings()`` reads the environment each time it is called, so a test or a process that changes a
variable sees the change; it is cheap. This module imports nothing else of the project.
"""
from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


def _env(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    # Elasticsearch: ES_URL names an existing cluster; otherwise the local node of deploy/es.sh.
    es_url: str | None = Field(None, validation_alias=_env("ES_URL"))
    es_port: int = Field(9200, validation_alias=_env("ES_PORT"))
    es_api_key: str | None = Field(None, validation_alias=_env("ES_API_KEY"))  # sent as "ApiKey …"
    es_username: str | None = Field(None, validation_alias=_env("ES_USERNAME"))
    es_password: str | None = Field(None, validation_alias=_env("ES_PASSWORD"))
    es_request_timeout: float = Field(10, validation_alias=_env("ES_REQUEST_TIMEOUT"))  # seconds
    # The web app's requests: short and not retried, so a stalled node never holds a page for long.
    es_web_timeout: float = Field(3, validation_alias=_env("ES_WEB_TIMEOUT"))  # seconds
    es_verify_certs: bool = Field(True, validation_alias=_env("ES_VERIFY_CERTS"))
    es_ca_certs: Path | None = Field(None, validation_alias=_env("ES_CA_CERTS"))
    index_prefix: str = Field("normreview", validation_alias=_env("NORMREVIEW_INDEX_PREFIX"))

    # Where users, uploads, jobs and deliverables of the web workbench live.
    data_dir: Path = Field(REPO_ROOT / ".data", validation_alias=_env("NORMREVIEW_DATA"))
    # A Prefect server to report to; without it flows run on Prefect's ephemeral API.
    prefect_api_url: str | None = Field(None, validation_alias=_env("PREFECT_API_URL"))
    # A newer LawRefBook checkout to read the statute corpus from.
    laws_source: Path | None = Field(None, validation_alias=_env("NORMREVIEW_LAWS_SOURCE"))
    # The learned second net (checks/second_net.py) adds 疑似 warnings where no rule fired. On by default since
    # its per-category thresholds, measure gate and library agreement: on the held-out rewordings it adds 8
    # found clauses and no false alarm (docs/checks.md); NORMREVIEW_SECOND_NET=0 turns it off.
    second_net: bool = Field(True, validation_alias=_env("NORMREVIEW_SECOND_NET"))
    # The jurisdiction profile to use instead of the detected one (national, jiangsu…).
    profile: str | None = Field(None, validation_alias=_env("NORMREVIEW_PROFILE"))
    # The team's shared folder (samples, laws): development and tests only.
    shared_dir: Path = Field(REPO_ROOT.parent / "shared", validation_alias=_env("NORMREVIEW_SHARED"))

    # Input limits and readers.
    max_file_mb: float = Field(50, validation_alias=_env("NORMREVIEW_MAX_FILE_MB"))
    max_unpacked_mb: float = Field(200, validation_alias=_env("NORMREVIEW_MAX_UNPACKED_MB"))
    pdf_engine: str = Field("pypdfium2", validation_alias=_env("NORMREVIEW_PDF_ENGINE"))
    # Bounded work: each limit is checked before the expensive step it guards (extractors/limits.py).
    max_chars: int = Field(2_000_000, validation_alias=_env("NORMREVIEW_MAX_CHARS"))
    max_pages: int = Field(300, validation_alias=_env("NORMREVIEW_MAX_PAGES"))
    max_ocr_pages: int = Field(100, validation_alias=_env("NORMREVIEW_MAX_OCR_PAGES"))
    max_lines: int = Field(100_000, validation_alias=_env("NORMREVIEW_MAX_LINES"))
    # Extraction (and OCR) runs in a child process with this much address space beyond what it inherits, and
    # this wall-clock time (extractors/isolated.py).
    extract_memory_mb: int = Field(2048, validation_alias=_env("NORMREVIEW_EXTRACT_MEMORY_MB"))
    extract_seconds: float = Field(300, validation_alias=_env("NORMREVIEW_EXTRACT_SECONDS"))

    # Who acts in `decide` and `file` from the command line: a user of the workbench (normreview user add).
    user: str | None = Field(None, validation_alias=_env("NORMREVIEW_USER"))

    # Retention: uploads, leftover OCR/convert temporary folders and Prefect's stored results older than this
    # many days are deleted by `normreview purge` (flows/retention.py).
    retention_days: float = Field(30, validation_alias=_env("NORMREVIEW_RETENTION_DAYS"))

    # Web workbench.
    secret: str | None = Field(None, validation_alias=_env("NORMREVIEW_SECRET"))
    secure_cookies: bool = Field(False, validation_alias=_env("NORMREVIEW_SECURE_COOKIES"))
    max_upload_mb: int = Field(20, validation_alias=_env("NORMREVIEW_MAX_UPLOAD_MB"))
    session_hours: int = Field(8, validation_alias=_env("NORMREVIEW_SESSION_HOURS"))
    # The web's review queue (web/jobs.py): unfinished jobs per user, and in all.
    jobs_per_user: int = Field(20, validation_alias=_env("NORMREVIEW_JOBS_PER_USER"))
    jobs_max: int = Field(200, validation_alias=_env("NORMREVIEW_JOBS_MAX"))

    # The reviewing organ that signs the 合法性审核意见书 (GB/T 9704 信函格式) and its reference numbers:
    # the scheme's fields are organ_short, year and n (a counter per year kept in data_dir).
    letter_organ: str = Field("合法性审核机构", validation_alias=_env("NORMREVIEW_LETTER_ORGAN"))
    letter_organ_short: str = Field("审", validation_alias=_env("NORMREVIEW_LETTER_ORGAN_SHORT"))
    letter_number_scheme: str = Field("{organ_short}审〔{year}〕{n}号", validation_alias=_env("NORMREVIEW_LETTER_NUMBER"))
    letter_cc: str = Field("", validation_alias=_env("NORMREVIEW_LETTER_CC"))  # 抄送, organs joined by 、
    letter_printer: str = Field("", validation_alias=_env("NORMREVIEW_LETTER_PRINTER"))  # 印发机关

    @property
    def elasticsearch_url(self) -> str:
        return self.es_url or f"http://127.0.0.1:{self.es_port}"


def settings() -> Settings:
    """The settings as the environment gives them now."""
    return Settings()
