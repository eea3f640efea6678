class ExtractionError(Exception):
    """A file that cannot be read. ``str()`` is a one-line reason that names the file."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")
