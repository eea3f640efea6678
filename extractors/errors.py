class ExtractionError(Exception):
    """A file that cannot be read. ``str()`` is a one-line reason that names the file."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = " ".join(reason.split())  # one line, whatever a library put in its message
        super().__init__(f"{path}: {self.reason}")


def describe(exc: BaseException, limit: int = 200) -> str:
    """A library exception as a short single line for a reason: 'BadZipFile: Bad CRC-32 for …'."""
    line = f"{type(exc).__name__}: {exc}".splitlines()[0]
    return line if len(line) <= limit else line[: limit - 1] + "…"
