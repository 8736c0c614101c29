"""One fold: the SQL function pardw_meta.fold (migration 100_fold, which dbt's match_name calls) gives
what the parser's pardw.parse.text.fold gives, on a real database: for every character up to U+1EF9
(the Latin letters with diacritics, combining marks, whitespace) and for every name the samples and
seeds hold - provinces, issuers, units, groups, indicator rows, measures, subjects, cells."""

from __future__ import annotations

import csv
import dataclasses

import psycopg

from pardw.config import DBT_PROJECT_DIR
from pardw.db.migrate import migrate
from pardw.parse.report import parse_file
from pardw.parse.text import fold


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _sample_names(sample_dir) -> set[str]:
    names: set[str] = set()
    for path in sorted(sample_dir.glob("*.txt")):
        report = parse_file(path)
        records = [report.document, *report.indicators, *report.breakdowns, *report.narratives, *report.tasks]
        for record in records:
            for f in dataclasses.fields(record):
                names.update(_strings(getattr(record, f.name)))
    return names


def _seed_names() -> set[str]:
    names: set[str] = set()
    for path in sorted((DBT_PROJECT_DIR / "seeds").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                names.update(row)
    return names


def _sql_fold(url: str, texts: list[str]) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "select pardw_meta.fold(t) from unnest(%s::text[]) with ordinality as u(t, n) order by n", (texts,)
        )
        return [r[0] for r in rows]


def test_python_and_sql_fold_agree_on_every_character_to_u1ef9(fresh_db_url):
    migrate(fresh_db_url)
    chars = [chr(c) for c in range(1, 0x1EFA)]
    texts = chars + [f"a{c}b" for c in chars] + [f" {c} x{c}{c}y {c}" for c in chars]
    assert _sql_fold(fresh_db_url, texts) == [fold(t) for t in texts]


def test_python_and_sql_fold_agree_on_the_names_of_samples_and_seeds(fresh_db_url, sample_dir):
    migrate(fresh_db_url)
    names = sorted(_sample_names(sample_dir) | _seed_names())
    assert len(names) > 3000 and "Kiên Giang" in names and "Sở Tư pháp" in names
    texts = names + [n.upper() for n in names] + ["ta\u0301o  ho\u0302\u0300 so\u031b\u0323", "\u3000Tổng\u00a0 số\t\n"]
    folded = _sql_fold(fresh_db_url, texts)
    assert {t: s for t, s in zip(texts, folded, strict=True) if s != fold(t)} == {}
    assert folded[-2:] == ["tao ho so", "tong so"]  # NFD marks dropped, spaces folded
