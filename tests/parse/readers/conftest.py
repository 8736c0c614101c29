"""Real documents of ../shared/real_reports (read-only; tests skip where the folder is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def real_dir(real_dir_or_skip) -> Path:
    return real_dir_or_skip
