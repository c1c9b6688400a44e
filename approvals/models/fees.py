"""Issue 13: fees (see the module's owner's brief). Names exported through __all__."""

from django.db import models  # noqa: F401
from django.utils.translation import gettext_lazy as _  # noqa: F401

__all__: list[str] = []
