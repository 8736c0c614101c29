"""Readers: bytes of one format -> SourceDocument (the document model)."""
