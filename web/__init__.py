"""web: the reviewers' workbench (FastAPI, server-side templates). Start it with ``normreview serve``."""
from normreview.web.app import create_app

__all__ = ["create_app"]
