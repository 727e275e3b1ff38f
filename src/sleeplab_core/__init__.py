"""sleeplab core: pure domain models, rules, use cases and ports.

Imports only the standard library, pydantic and attrs. Adapters and entrypoints live in the
sibling packages ``adapters`` and ``entrypoints``.
"""

__version__ = "0.1.0"
