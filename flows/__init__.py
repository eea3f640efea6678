"""flows: Prefect flows that compose extractors, checks and index. Orchestration only."""
