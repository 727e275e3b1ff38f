"""Payments: orders, gateways, confirmation, and the signatures gateways use."""
