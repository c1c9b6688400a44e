"""Issue 14 part: meetings (tables added by this part; exported through __all__)."""

from django.db import models  # noqa: F401

__all__: list[str] = []
