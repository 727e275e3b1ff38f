"""Where the operators module mentions a user, for the shared privacy registry.

The module holds operator accounts, not users. Its audit log names a user as the target of
an operator's action (``user 123``: granted, refunded, erased); that record is kept.
"""

from __future__ import annotations

from sleeplab_core.kernel.privacy import Location, Treatment

MODULE = "operators"

PRIVACY: tuple[Location, ...] = (
    Location(
        name="operator_audit",
        module=MODULE,
        tables=(("operator_audit", "target"),),
        treatment=Treatment.KEPT,
        export=None,
        erase=None,
        why="the console's audit log keeps who did what to which user id (an erasure "
        "included), for accountability; it holds the id and the action, no personal data",
    ),
)
