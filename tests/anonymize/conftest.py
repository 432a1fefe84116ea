"""The real analyzer (spaCy pipeline + Presidio), built once per test session."""

from __future__ import annotations

import pytest

from anonymize import Redactor


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    return Redactor()
