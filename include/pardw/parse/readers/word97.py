"""Word 97–2003 (.doc, OLE) -> document model, through a real converter.

LibreOffice (``soffice --headless --convert-to docx``, Debian package
``libreoffice-writer-nogui``) converts the file to .docx, which :mod:`.docx` reads: its tables
keep their cells. Without LibreOffice, ``antiword`` gives the text (tables as ``|`` columns).
Without either the file is quarantined as ``converter_missing``. Locators are those of the
converted document (``paragraph N``, ``table T, row R``).

LibreOffice runs as ``soffice.bin`` itself (not through the ``soffice`` script and ``oosplash``, which
fork it out of reach), in its own process group, with a parent-death signal, in a temporary folder
``pardw-doc-<pid>-…`` (its HOME and profile): killed at its time budget, its whole group goes and the
folder is removed; if the parser itself is killed, the kernel kills LibreOffice and the next
conversion removes the folder (:mod:`pardw.procs`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from pardw import procs
from pardw.parse.document_model import SourceDocument
from pardw.parse.readers.docx import read_docx
from pardw.parse.records import UnreadableReport


def convert_timeout() -> int:
    """Seconds a converter may take (PARDW_CONVERT_TIMEOUT)."""
    from pardw.config import convert_timeout as configured

    return configured()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(data: bytes, file_name: str) -> SourceDocument:
    office = soffice()
    if office:
        doc = read_docx(_convert(office, data), file_name)
        doc.format, doc.encoding = "doc", "doc (converted by LibreOffice)"
        return doc
    antiword = shutil.which("antiword")
    if antiword:
        from pardw.parse.readers.text import read_text

        doc = read_text(_antiword(antiword, data), file_name)
        doc.format, doc.encoding = "doc", "doc (text by antiword)"
        return doc
    raise UnreadableReport(
        "converter_missing",
        "a Word 97–2003 (.doc) file needs LibreOffice (apt-get install libreoffice-writer-nogui) or antiword",
    )


RESTART = 81  # soffice.bin's exit code after it initialised a fresh profile: run it again


def _convert(office: str, data: bytes) -> bytes:
    with procs.owned_tempdir("pardw-doc-") as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        env = {**os.environ, "HOME": tmp}
        cmd = [procs.real_binary(office), f"-env:UserInstallation=file://{tmp}/profile", "--headless",
               "--norestore", "--convert-to", "docx", "--outdir", tmp, str(src)]  # fmt: skip
        timeout = convert_timeout()
        deadline = time.monotonic() + timeout
        try:
            for attempt in range(3):
                done = procs.run(cmd, env=env, cwd=tmp, timeout=max(1.0, deadline - time.monotonic()))
                # 81: run again; killed by a signal (the OOM killer, an operator): once more, in time left
                if done.returncode != RESTART and (done.returncode >= 0 or attempt > 0):
                    break
        except subprocess.TimeoutExpired:
            raise UnreadableReport("convert_failed", f"LibreOffice did not convert the .doc in {timeout} s") from None
        out = Path(tmp) / "in.docx"
        if not out.exists():
            raise UnreadableReport("convert_failed", "LibreOffice could not convert this Word 97–2003 (.doc) file")
        return out.read_bytes()


def _antiword(antiword: str, data: bytes) -> bytes:
    with tempfile.NamedTemporaryFile(suffix=".doc") as fh:
        fh.write(data)
        fh.flush()
        timeout = convert_timeout()
        try:
            done = procs.run([antiword, "-m", "UTF-8.txt", fh.name], timeout=timeout)
        except subprocess.TimeoutExpired:
            raise UnreadableReport("convert_failed", f"antiword did not read the .doc in {timeout} s") from None
    if done.returncode != 0 or not done.stdout.strip():
        raise UnreadableReport(
            "convert_failed", f"antiword could not read it: {done.stderr.decode(errors='replace')[:200]}"
        )
    return done.stdout


__all__ = ["read_doc", "soffice"]
