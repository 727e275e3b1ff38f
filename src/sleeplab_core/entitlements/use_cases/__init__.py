"""Entitlement use cases an operator takes by hand (one per file)."""

from sleeplab_core.entitlements.use_cases.grant_entitlement import (
    OPERATOR_SOURCE,
    grant_entitlement,
)
from sleeplab_core.entitlements.use_cases.revoke_entitlement import revoke_entitlement

__all__ = ["OPERATOR_SOURCE", "grant_entitlement", "revoke_entitlement"]
