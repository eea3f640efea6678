"""Old Word (.doc) and WPS (.wps) files: convert to .docx with LibreOffice headless, then read that."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from normreview.extractors.errors import ExtractionError

TIMEOUT_S = 180


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, target_format: str, workdir: Path, name: str) -> Path:
    """Convert ``source`` into ``workdir`` (e.g. target_format "docx" or "pdf") and return the new file.

    A private LibreOffice profile in ``workdir`` lets several conversions run at once.
    """
    binary = soffice()
    if binary is None:
        raise ExtractionError(name, f"读取 {source.suffix} 文件需要 LibreOffice，请安装（apt-get install libreoffice-writer）"
                                    "或将文件另存为 .docx")
    command = [binary, f"-env:UserInstallation=file://{workdir.resolve()}/profile", "--headless", "--norestore",
               "--convert-to", target_format, "--outdir", str(workdir), str(source)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        raise ExtractionError(name, f"LibreOffice 转换文件超过 {TIMEOUT_S} 秒，已停止") from exc
    result = workdir / f"{source.stem}.{target_format.split(':')[0]}"
    if done.returncode != 0 or not result.is_file():
        detail = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no output produced"])[-1]
        raise ExtractionError(name, f"LibreOffice 无法转换该文件（文件损坏或格式不受支持）：{detail}")
    return result
