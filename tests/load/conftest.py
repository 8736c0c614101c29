"""Fixtures shared by the loading tests."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pardw.config import Settings, settings


@pytest.fixture
def cfg(tmp_path: Path) -> Settings:
    """The settings with landing, processed and quarantine folders of the test's own."""
    return replace(
        settings(),
        landing_dir=tmp_path / "landing",
        processed_dir=tmp_path / "processed",
        quarantine_dir=tmp_path / "quarantine",
    )
