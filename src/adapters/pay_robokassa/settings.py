"""Robokassa settings, read from ``SLEEPLAB_ROBOKASSA_*`` (and ``.env``)."""

from __future__ import annotations

from typing import Literal

from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from sleeplab_core.payments.signatures import HashAlgorithm, UnsupportedAlgorithm, parse_algorithm

PAYMENT_PAGE = "https://auth.robokassa.ru/Merchant/Index.aspx"


class RobokassaSettings(BaseSettings):
    """The shop's credentials and choices, as set in its Robokassa technical settings.

    ``SLEEPLAB_ROBOKASSA_LOGIN``, ``_PASSWORD1``, ``_PASSWORD2``, ``_HASH`` (md5, ripemd160,
    sha1, sha256, sha384, sha512; any case), ``_TEST`` (use the shop's test passwords then).
    """

    model_config = SettingsConfigDict(
        env_prefix="SLEEPLAB_ROBOKASSA_", env_file=".env", extra="ignore", frozen=True
    )

    login: str
    password1: SecretStr
    password2: SecretStr
    hash: HashAlgorithm = HashAlgorithm.MD5
    test: bool = False
    culture: Literal["ru", "en"] = "ru"
    currency: str = "RUB"
    payment_page: str = PAYMENT_PAGE

    @field_validator("hash", mode="before")
    @classmethod
    def _any_case(cls, value: object) -> HashAlgorithm:
        try:
            return parse_algorithm(str(value))
        except UnsupportedAlgorithm as error:
            raise ValueError(str(error)) from None  # pydantic reports ValueErrors per field
