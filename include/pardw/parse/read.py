"""Bytes of any supported format -> the document model. The format is sniffed from the content,
not the file name: a file named .doc that is a .docx inside is read as a .docx."""

from __future__ import annotations

import re

from pardw.parse.document_model import SourceDocument
from pardw.parse.records import UnreadableReport

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")
# an HTML page: after a BOM, blanks, an XML declaration and comments, a doctype or <html>/<head>/<body>
_HTML_START = re.compile(rb"^(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,4000}?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)  # fmt: skip
_MIME_HEADER = re.compile(rb"^(?:[A-Za-z][A-Za-z0-9-]{0,60}:[^\n]{0,2000}\n(?:[ \t][^\n]{0,2000}\n)*){1,40}?\r?\n",
                          re.DOTALL)  # fmt: skip


def detect_format(data: bytes) -> str:
    """'pdf', 'docx' (any zip: an OpenDocument text package is read as .odt, the Word reader says if
    another zip is not a Word package), 'doc' (OLE), 'rtf',
    'image', 'html' (also Word's "Save as Web Page"), 'mhtml' (a MIME multipart/related web archive) or 'text'."""
    head = data[:1024]
    if head.lstrip(b"\x00\t\r\n ")[:5] == b"%PDF-":
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(_OLE):
        return "doc"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(_IMAGES):
        return "image"
    return _markup(data[:8192])


def _markup(head: bytes) -> str:
    """'html', 'mhtml' or 'text' for a file with no binary signature."""
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[2:].decode(codec, errors="ignore").encode("utf-8")
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if _HTML_START.match(head):
        return "html"
    headers = _MIME_HEADER.match(head.replace(b"\r\n", b"\n"))
    if headers and re.search(rb"(?im)^content-type:\s*multipart/related", headers.group()) and \
            re.search(rb"(?im)^mime-version:", headers.group()):  # fmt: skip
        return "mhtml"
    return "text"


def _zip_is(data: bytes, test) -> bool:
    """Whether a zip package passes ``test`` (False for a damaged one: its own reader says why)."""
    import io
    import zipfile

    try:
        return test(zipfile.ZipFile(io.BytesIO(data)))
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def read_document(data: bytes, file_name: str, max_bytes: int | None = None) -> SourceDocument:
    if max_bytes is not None and len(data) > max_bytes:
        raise UnreadableReport("too_large", f"{len(data):,} bytes is over the limit of {max_bytes:,} bytes")
    if not data.strip():
        raise UnreadableReport("empty", "the file has no content")
    fmt = detect_format(data)
    if fmt == "pdf":
        from pardw.parse.readers.pdf import read_pdf

        return read_pdf(data, file_name)
    if fmt == "docx":
        from pardw.parse.readers.docx import read_docx
        from pardw.parse.readers.odt import is_odt, read_odt

        if _zip_is(data, is_odt):
            return read_odt(data, file_name)
        return read_docx(data, file_name)
    if fmt in ("doc", "rtf"):
        from pardw.parse.readers.word97 import read_doc

        doc = read_doc(data, file_name)
        doc.format = fmt
        return doc
    if fmt in ("html", "mhtml"):
        from pardw.parse.readers.html import read_html, read_mhtml

        return read_html(data, file_name) if fmt == "html" else read_mhtml(data, file_name)
    if fmt == "image":
        from pardw.parse.readers.ocr import read_images

        return read_images(data, file_name)
    from pardw.parse.readers.text import read_text

    return read_text(data, file_name, max_bytes=max_bytes)


__all__ = ["detect_format", "read_document"]
