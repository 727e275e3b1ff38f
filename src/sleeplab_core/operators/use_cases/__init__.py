"""The operators module's use cases, one per file."""

from sleeplab_core.operators.use_cases.audit_log import audit_log, record_change
from sleeplab_core.operators.use_cases.create_operator import create_operator
from sleeplab_core.operators.use_cases.disable_operator import disable_operator
from sleeplab_core.operators.use_cases.list_operators import list_operators
from sleeplab_core.operators.use_cases.log_in import LoginRefused, LoginThrottled, log_in
from sleeplab_core.operators.use_cases.text_overrides import (
    reset_text_override,
    set_text_override,
    text_overrides,
)

__all__ = [
    "LoginRefused",
    "LoginThrottled",
    "audit_log",
    "create_operator",
    "disable_operator",
    "list_operators",
    "log_in",
    "record_change",
    "reset_text_override",
    "set_text_override",
    "text_overrides",
]
