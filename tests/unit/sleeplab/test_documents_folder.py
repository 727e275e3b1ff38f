"""Operators point SleepLab at their own guide PDFs with SLEEPLAB_DOCUMENTS_DIR."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from adapters.documents.library import shipped_library_dir
from entrypoints.containers import build_container
from entrypoints.settings import Settings


def test_the_documents_folder_setting_picks_the_operators_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "library"
    shutil.copytree(shipped_library_dir(), own)
    monkeypatch.setenv("SLEEPLAB_DOCUMENTS_DIR", str(own))

    container = build_container(Settings(database_url="memory://", data_dir=tmp_path / "data"))

    assert container.document_library().folder == own


def test_without_the_setting_the_shipped_samples_are_used(tmp_path: Path) -> None:
    container = build_container(Settings(database_url="memory://", data_dir=tmp_path))

    assert container.document_library().folder == shipped_library_dir()
