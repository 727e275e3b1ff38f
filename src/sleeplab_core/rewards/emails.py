"""E-mail addresses players may give (optional): checked by shape, offline.

The standard library's RFC 5322 parser (``email.headerregistry.Address``) reads the
address; on top, the rules mail servers apply to a mailbox people type: one ``@``, no
spaces or quoting, a dotted domain of letters, digits and hyphens, and the RFC 5321
lengths (64 for the local part, 254 in all); an international domain is checked in its
IDNA form. Nothing is looked up in DNS.
"""

from __future__ import annotations

import re
from email.errors import HeaderParseError
from email.headerregistry import Address

MAX_LENGTH = 254
MAX_LOCAL = 64
_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_TLD = re.compile(r"^[A-Za-z]{2,63}$|^xn--[A-Za-z0-9-]{1,59}$")


def normalise_email(raw: str) -> str | None:
    """The address with its domain in lower case, or None when it is not one."""
    text = raw.strip()
    if not text or len(text) > MAX_LENGTH or text.count("@") != 1:
        return None
    try:
        address = Address(addr_spec=text)
    except (HeaderParseError, ValueError, IndexError):
        return None
    local, domain = address.username, address.domain
    if address.addr_spec != text or not local or len(local) > MAX_LOCAL:
        return None
    if not _LOCAL.match(local):
        return None
    try:  # a domain in another script (почта.рф) is checked in its ASCII form
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        return None
    if not _TLD.match(labels[-1]):
        return None
    return f"{local}@{domain.lower()}"
