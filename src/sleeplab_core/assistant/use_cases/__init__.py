"""The assistant's use cases, one per file: ask a question, top up credits."""

from sleeplab_core.assistant.use_cases.ask import ask
from sleeplab_core.assistant.use_cases.top_up import top_up

__all__ = ["ask", "top_up"]
