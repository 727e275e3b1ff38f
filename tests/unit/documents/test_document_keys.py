import pytest

from sleeplab_core.documents import (
    InvalidDocumentKey,
    check_bot_name,
    check_document_key,
    library_document_key,
    report_document_key,
)


@pytest.mark.parametrize(
    "key", ["report.pdf", "reports/R-7F3K2.pdf", "library/ru/apnea_risk-female.pdf", "a/b/c/d"]
)
def test_relative_keys_of_plain_segments_are_valid(key: str) -> None:
    assert check_document_key(key) == key


@pytest.mark.parametrize(
    "key",
    [
        "",
        "/etc/passwd",
        "../secret.pdf",
        "a/../../b",
        ".file_ids/x",
        "a/",
        "a b.pdf",
        "a@b",
        "x" * 201,
    ],
)
def test_keys_that_could_escape_or_collide_are_rejected(key: str) -> None:
    with pytest.raises(InvalidDocumentKey) as raised:
        check_document_key(key)

    assert raised.value.key == key


def test_a_bot_name_is_a_single_segment() -> None:
    assert check_bot_name("sleeplab_bot") == "sleeplab_bot"
    with pytest.raises(InvalidDocumentKey):
        check_bot_name("sleeplab/bot")


def test_a_report_is_stored_under_reports_by_its_id() -> None:
    assert report_document_key("R-7F3K2") == "reports/R-7F3K2.pdf"


def test_a_report_id_with_a_slash_is_rejected() -> None:
    with pytest.raises(InvalidDocumentKey):
        report_document_key("../R1")


def test_a_catalog_file_is_stored_under_library() -> None:
    assert library_document_key("ru/insomnia.pdf") == "library/ru/insomnia.pdf"
