"""normreview: legality review and filing of normative documents and investment agreements."""
import os

# Prefect's settings for an offline machine, set here because every module of normreview imports this
# package first, so they hold before any of it imports Prefect.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
