"""Media formats and sizes; time zones typed as a city or an offset."""

from __future__ import annotations

import pytest

from sleeplab_core.coaching.errors import MediaRejected
from sleeplab_core.coaching.files import MB, check_key, media_key, sniff
from sleeplab_core.coaching.model import MediaKind
from sleeplab_core.coaching.zones import resolve_time_zone
from sleeplab_core.kernel.errors import ValidationFailed

PNG = b"\x89PNG\r\n\x1a\n" + bytes(16)
JPEG = b"\xff\xd8\xff\xe0" + bytes(16)
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + bytes(8)
OGG = b"OggS" + bytes(16)


@pytest.mark.parametrize(
    ("kind", "data", "mime"),
    [
        (MediaKind.PHOTO, PNG, "image/png"),
        (MediaKind.PHOTO, JPEG, "image/jpeg"),
        (MediaKind.PHOTO, WEBP, "image/webp"),
        (MediaKind.VOICE, OGG, "audio/ogg"),
    ],
)
def test_accepted_formats_are_recognised_by_their_bytes(
    kind: MediaKind, data: bytes, mime: str
) -> None:
    assert sniff(kind, data) == mime


@pytest.mark.parametrize(
    ("kind", "data", "reason"),
    [
        (MediaKind.PHOTO, b"", "empty"),
        (MediaKind.PHOTO, PNG + bytes(10 * MB), "too_large"),
        (MediaKind.VOICE, OGG + bytes(20 * MB), "too_large"),
        (MediaKind.PHOTO, b"GIF89a....", "format_photo"),
        (MediaKind.PHOTO, OGG, "format_photo"),
        (MediaKind.VOICE, PNG, "format_voice"),
    ],
)
def test_other_files_are_refused_with_the_reason(kind: MediaKind, data: bytes, reason: str) -> None:
    with pytest.raises(MediaRejected) as refused:
        sniff(kind, data)

    assert refused.value.reason == reason
    assert refused.value.key == f"coach.error.media_{reason}"


def test_media_keys_are_safe_relative_paths() -> None:
    assert check_key(media_key(42, "abc", "image/png")) == "coach/42/abc.png"
    with pytest.raises(ValidationFailed):
        check_key("coach/../../etc")


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Berlin", "Europe/Berlin"),
        ("  new   york ", "America/New_York"),
        ("Москва", "Europe/Moscow"),
        ("санкт-петербург", "Europe/Moscow"),
        ("Europe/Lisbon", "Europe/Lisbon"),
        ("+3", "Etc/GMT-3"),
        ("UTC-5", "Etc/GMT+5"),
        ("gmt+05:00", "Etc/GMT-5"),
        ("UTC", "UTC"),
        ("+0", "UTC"),
    ],
)
def test_a_city_or_an_offset_becomes_an_iana_zone(typed: str, zone: str) -> None:
    assert resolve_time_zone(typed) == zone


@pytest.mark.parametrize("typed", ["Atlantis", "+15", "-13", "", "12345"])
def test_an_unknown_city_or_offset_is_refused(typed: str) -> None:
    with pytest.raises(ValidationFailed):
        resolve_time_zone(typed)
