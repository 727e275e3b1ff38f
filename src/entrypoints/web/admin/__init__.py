"""The operator console: server-rendered pages under ``/admin`` (FastAPI + Jinja2).

Pages call the existing use cases and operator commands; the console holds no business
rules of its own. See docs/operations.md ("The operator console").
"""

from entrypoints.web.admin.console import install

__all__ = ["install"]
