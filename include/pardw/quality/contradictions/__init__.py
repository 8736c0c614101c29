"""Contradictions a report holds, found from its own structure (catalog or not), each with its arithmetic:
``find_contradictions(rows, passages)``. Pure: the validation reads the rows and sentences from ``raw``
(``pardw.quality.arithmetic``), ``pardw findings check`` from the parsed files."""

from __future__ import annotations

from pardw.quality.contradictions.model import BLOCKING, WARNING, Contradiction, Passage, Place, Row
from pardw.quality.contradictions.numbers import mentions
from pardw.quality.contradictions.prose import check_forms, check_passages
from pardw.quality.contradictions.table import check_rows

__all__ = ["BLOCKING", "WARNING", "Contradiction", "Passage", "Place", "Row", "find_contradictions"]


def find_contradictions(rows: list[Row], passages: list[Passage]) -> list[Contradiction]:
    """Every contradiction of one report (its appendix rows and its prose sentences), in line order."""
    sizes = {m.over for p in passages for m in mentions(p.text) if m.over is not None}
    found = check_rows(rows, sizes) + check_forms(rows) + check_passages(passages, rows)
    unique: dict[tuple, Contradiction] = {}
    for c in found:
        unique.setdefault((c.rule, tuple(sorted(p.signature() for p in c.places))), c)
    return sorted(unique.values(), key=lambda c: (c.line, c.rule))
