"""Shared fixtures: one real spaCy pipeline for the whole session.

Building an :class:`evfacts.extract.Extractor` loads the model, the patterns
and the gazetteer (a second or two), so it is built once and shared. It is
built with the evfacts environment variables cleared, so a developer's
``EVFACTS_MODEL`` or extra pattern folder cannot change what the tests see.
"""

from __future__ import annotations

import pytest

#: Environment variables that change which model or patterns evfacts loads.
EVFACTS_ENV = ("EVFACTS_MODEL", "EVFACTS_PATTERNS", "EVFACTS_PATTERNS_DIR")


@pytest.fixture(scope="session")
def extractor():
    """The real Extractor (default model, default patterns), shared by every test."""
    from evfacts.extract import Extractor

    with pytest.MonkeyPatch.context() as mp:
        for var in EVFACTS_ENV:
            mp.delenv(var, raising=False)
        return Extractor()


@pytest.fixture(scope="session")
def nlp(extractor):
    """The shared extractor's spaCy pipeline (with the evfacts components)."""
    return extractor.nlp


@pytest.fixture
def clean_env(monkeypatch):
    """No evfacts environment variables for the duration of one test."""
    for var in EVFACTS_ENV:
        monkeypatch.delenv(var, raising=False)
    return monkeypatch
