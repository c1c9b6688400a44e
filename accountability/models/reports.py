"""reports models of accountability (see the package docstring)."""

__all__: list[str] = []
