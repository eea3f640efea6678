"""flows: Prefect flows that compose extractors, checks and index. Orchestration only.

Every flow module is under this package, so choosing the Prefect API here runs before any of them
imports Prefect (which reads its settings at import time).
"""
from normreview.prefect_api import use_prefect_api

use_prefect_api()
