"""The contract every coaching FileStore honours (in memory, local files, S3): subclass
:class:`FileStoreContract` and provide an empty ``store``."""

from __future__ import annotations

from typing import Any

import pytest

from sleeplab_core.kernel.errors import ValidationFailed

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


class FileStoreContract:
    """Shared tests; ``store`` is each backend's fixture."""

    @pytest.fixture
    def store(self) -> Any:
        raise NotImplementedError

    async def test_put_then_get_returns_the_same_bytes(self, store: Any) -> None:
        await store.put("coach/1/a.png", PNG, "image/png")

        assert await store.get("coach/1/a.png") == PNG
        assert await store.exists("coach/1/a.png")

    async def test_put_replaces(self, store: Any) -> None:
        await store.put("coach/1/a.png", b"one", "image/png")
        await store.put("coach/1/a.png", b"two", "image/png")

        assert await store.get("coach/1/a.png") == b"two"

    async def test_an_unknown_key_is_none_and_deleting_it_is_harmless(self, store: Any) -> None:
        await store.delete("coach/9/none.png")

        assert await store.get("coach/9/none.png") is None
        assert not await store.exists("coach/9/none.png")

    async def test_delete_removes(self, store: Any) -> None:
        await store.put("coach/1/a.ogg", b"OggS...", "audio/ogg")
        await store.delete("coach/1/a.ogg")

        assert await store.get("coach/1/a.ogg") is None

    @pytest.mark.parametrize("key", ["../etc/passwd", "/abs", "a//b", "", "a/../b", "a b"])
    async def test_a_key_that_could_escape_is_refused(self, store: Any, key: str) -> None:
        with pytest.raises(ValidationFailed):
            await store.put(key, b"x", "image/png")
