"""Bytes of any supported format -> the document model. The format is sniffed from the content,
not the file name: a file named .doc that is a .docx inside is read as a .docx."""

from __future__ import annotations

from pardw.parse.document_model import SourceDocument
from pardw.parse.records import UnreadableReport

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")


def detect_format(data: bytes) -> str:
    """'pdf', 'docx' (any zip: the reader says if it is not a Word package), 'doc' (OLE), 'rtf',
    'image' or 'text'."""
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
    return "text"


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

        return read_docx(data, file_name)
    if fmt in ("doc", "rtf"):
        from pardw.parse.readers.word97 import read_doc

        doc = read_doc(data, file_name)
        doc.format = fmt
        return doc
    if fmt == "image":
        raise UnreadableReport("image", "an image (a scan or photo), not a report document")
    from pardw.parse.readers.text import read_text

    return read_text(data, file_name, max_bytes=max_bytes)


__all__ = ["detect_format", "read_document"]
