"""The rewards use cases, one per module (see each module's docstring)."""
