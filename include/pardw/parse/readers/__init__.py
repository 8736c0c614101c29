"""Readers: bytes of one format (text, Word, PDF) -> the document model (``pardw.parse.document_model``)."""
