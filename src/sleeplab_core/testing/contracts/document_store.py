"""The contract every DocumentStore backend passes: subclass DocumentStoreContract and
provide a fresh, empty ``store`` fixture."""

from __future__ import annotations

import pytest

from sleeplab_core.documents import DocumentNotFound, DocumentStore, InvalidDocumentKey

PDF = b"%PDF-1.7 first version\n"
OTHER_PDF = b"%PDF-1.7 second version\n"
BAD_KEYS = ["", "/abs.pdf", "../up.pdf", "a/../b.pdf", ".hidden", "a//b.pdf", "sp ace.pdf"]


class DocumentStoreContract:
    @pytest.fixture
    def store(self) -> DocumentStore:
        raise NotImplementedError("each backend provides an empty store")

    async def test_get_returns_the_bytes_put_under_the_key(self, store: DocumentStore) -> None:
        await store.put("reports/r1.pdf", PDF)

        assert await store.get("reports/r1.pdf") == PDF

    async def test_put_replaces_the_bytes_under_a_key(self, store: DocumentStore) -> None:
        await store.put("reports/r1.pdf", PDF)

        await store.put("reports/r1.pdf", OTHER_PDF)

        assert await store.get("reports/r1.pdf") == OTHER_PDF

    async def test_keys_hold_separate_documents(self, store: DocumentStore) -> None:
        await store.put("library/en/insomnia.pdf", PDF)
        await store.put("library/ru/insomnia.pdf", OTHER_PDF)

        assert await store.get("library/en/insomnia.pdf") == PDF
        assert await store.get("library/ru/insomnia.pdf") == OTHER_PDF

    async def test_exists_is_true_only_after_put(self, store: DocumentStore) -> None:
        assert not await store.exists("reports/r1.pdf")

        await store.put("reports/r1.pdf", PDF)

        assert await store.exists("reports/r1.pdf")
        assert not await store.exists("reports/r2.pdf")

    async def test_get_of_a_missing_key_raises_not_found(self, store: DocumentStore) -> None:
        with pytest.raises(DocumentNotFound) as raised:
            await store.get("reports/missing.pdf")

        assert raised.value.key == "reports/missing.pdf"

    async def test_locate_of_a_missing_key_raises_not_found(self, store: DocumentStore) -> None:
        with pytest.raises(DocumentNotFound):
            await store.locate("reports/missing.pdf")

    async def test_locate_is_stable_and_names_the_document(self, store: DocumentStore) -> None:
        await store.put("reports/r1.pdf", PDF)

        first = await store.locate("reports/r1.pdf")
        await store.put("reports/r1.pdf", OTHER_PDF)
        second = await store.locate("reports/r1.pdf")

        assert first == second
        assert first.endswith("reports/r1.pdf")

    async def test_locations_of_different_keys_differ(self, store: DocumentStore) -> None:
        await store.put("reports/r1.pdf", PDF)
        await store.put("reports/r2.pdf", PDF)

        assert await store.locate("reports/r1.pdf") != await store.locate("reports/r2.pdf")

    async def test_file_id_is_none_until_remembered(self, store: DocumentStore) -> None:
        await store.put("reports/r1.pdf", PDF)

        assert await store.file_id_for("reports/r1.pdf", "sleeplab_bot") is None

    async def test_remembered_file_id_is_returned(self, store: DocumentStore) -> None:
        await store.put("reports/r1.pdf", PDF)

        await store.remember_file_id("reports/r1.pdf", "sleeplab_bot", "BQACAgIAAxkBAAI")

        assert await store.file_id_for("reports/r1.pdf", "sleeplab_bot") == "BQACAgIAAxkBAAI"

    async def test_file_ids_are_kept_per_bot(self, store: DocumentStore) -> None:
        await store.put("reports/r1.pdf", PDF)

        await store.remember_file_id("reports/r1.pdf", "sleeplab_bot", "id-of-first-bot")

        assert await store.file_id_for("reports/r1.pdf", "other_bot") is None

    async def test_file_ids_are_kept_per_key(self, store: DocumentStore) -> None:
        await store.put("reports/r1.pdf", PDF)
        await store.put("reports/r2.pdf", PDF)

        await store.remember_file_id("reports/r1.pdf", "sleeplab_bot", "id-of-r1")

        assert await store.file_id_for("reports/r2.pdf", "sleeplab_bot") is None

    async def test_the_last_remembered_file_id_wins(self, store: DocumentStore) -> None:
        await store.put("reports/r1.pdf", PDF)
        await store.remember_file_id("reports/r1.pdf", "sleeplab_bot", "old-id")

        await store.remember_file_id("reports/r1.pdf", "sleeplab_bot", "new-id")

        assert await store.file_id_for("reports/r1.pdf", "sleeplab_bot") == "new-id"

    async def test_putting_identical_bytes_keeps_file_ids(self, store: DocumentStore) -> None:
        await store.put("reports/r1.pdf", PDF)
        await store.remember_file_id("reports/r1.pdf", "sleeplab_bot", "file-id")

        await store.put("reports/r1.pdf", PDF)

        assert await store.file_id_for("reports/r1.pdf", "sleeplab_bot") == "file-id"

    async def test_putting_new_bytes_forgets_every_bots_file_id(self, store: DocumentStore) -> None:
        await store.put("reports/r1.pdf", PDF)
        await store.remember_file_id("reports/r1.pdf", "sleeplab_bot", "first")
        await store.remember_file_id("reports/r1.pdf", "other_bot", "second")

        await store.put("reports/r1.pdf", OTHER_PDF)

        assert await store.file_id_for("reports/r1.pdf", "sleeplab_bot") is None
        assert await store.file_id_for("reports/r1.pdf", "other_bot") is None

    async def test_new_bytes_under_one_key_keep_file_ids_of_others(
        self, store: DocumentStore
    ) -> None:
        await store.put("reports/r1.pdf", PDF)
        await store.put("reports/r10.pdf", PDF)
        await store.remember_file_id("reports/r10.pdf", "sleeplab_bot", "kept")

        await store.put("reports/r1.pdf", OTHER_PDF)

        assert await store.file_id_for("reports/r10.pdf", "sleeplab_bot") == "kept"

    async def test_remembering_a_file_id_for_a_missing_document_raises_not_found(
        self, store: DocumentStore
    ) -> None:
        with pytest.raises(DocumentNotFound):
            await store.remember_file_id("reports/missing.pdf", "sleeplab_bot", "file-id")

    @pytest.mark.parametrize("key", BAD_KEYS)
    async def test_every_method_rejects_an_invalid_key(
        self, store: DocumentStore, key: str
    ) -> None:
        calls = [
            store.put(key, PDF),
            store.get(key),
            store.exists(key),
            store.locate(key),
            store.remember_file_id(key, "sleeplab_bot", "file-id"),
            store.file_id_for(key, "sleeplab_bot"),
        ]
        for call in calls:
            with pytest.raises(InvalidDocumentKey):
                await call

    @pytest.mark.parametrize("bot", ["", "a/b", "..", ".bot"])
    async def test_file_id_methods_reject_an_invalid_bot_name(
        self, store: DocumentStore, bot: str
    ) -> None:
        await store.put("reports/r1.pdf", PDF)

        with pytest.raises(InvalidDocumentKey):
            await store.remember_file_id("reports/r1.pdf", bot, "file-id")
        with pytest.raises(InvalidDocumentKey):
            await store.file_id_for("reports/r1.pdf", bot)

    async def test_an_empty_document_is_stored_as_empty(self, store: DocumentStore) -> None:
        await store.put("reports/empty.pdf", b"")

        assert await store.get("reports/empty.pdf") == b""
        assert await store.exists("reports/empty.pdf")

    async def test_delete_removes_the_document_and_its_file_ids(self, store: DocumentStore) -> None:
        await store.put("reports/r1.pdf", b"one")
        await store.remember_file_id("reports/r1.pdf", "sleeplab", "file-1")

        await store.delete("reports/r1.pdf")

        assert not await store.exists("reports/r1.pdf")
        assert await store.file_id_for("reports/r1.pdf", "sleeplab") is None
        await store.delete("reports/r1.pdf")  # again: nothing to do, no error

    async def test_keys_lists_only_what_is_under_the_folder(self, store: DocumentStore) -> None:
        for key in ("exports/user-1/a.json", "exports/user-1/b.json", "exports/user-12/c.json"):
            await store.put(key, b"{}")
        await store.remember_file_id("exports/user-1/a.json", "sleeplab", "file-a")

        assert await store.keys("exports/user-1") == [
            "exports/user-1/a.json",
            "exports/user-1/b.json",
        ]
        assert await store.keys("exports/user-2") == []
