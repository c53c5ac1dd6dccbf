"""The derived, format-neutral view of a plan that every output reads."""
from __future__ import annotations

from typing import Any

__all__ = ["PlanView", "build_view"]


def __getattr__(name: str) -> Any:
    # Loaded when an output asks for it: `mentorkit validate` imports view.privacy (the privacy
    # levels the settings check) and never builds a view.
    if name in __all__:
        from . import plan_view

        return getattr(plan_view, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
