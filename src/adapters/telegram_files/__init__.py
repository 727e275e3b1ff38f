"""Downloading the files users send to a bot (Bot API ``getFile``), for the coach's media."""

from adapters.telegram_files.downloads import TelegramDownloads, build_service

__all__ = ["TelegramDownloads", "build_service"]
