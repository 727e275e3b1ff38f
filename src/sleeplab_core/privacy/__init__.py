"""A person's rights over their data: export everything, erase everything."""

from sleeplab_core.privacy.use_cases import CONSENT_TEXT_VERSION, erase_user, export_user

__all__ = ["CONSENT_TEXT_VERSION", "erase_user", "export_user"]
