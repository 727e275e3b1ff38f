"""Entitlements: what a user may use (a paid level, a subscription period)."""

from sleeplab_core.entitlements.model import Entitlement, EntitlementRepository

__all__ = ["Entitlement", "EntitlementRepository"]
