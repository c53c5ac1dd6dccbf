"""The derived, format-neutral view of a plan that every output reads."""
from .plan_view import PlanView, build_view

__all__ = ["PlanView", "build_view"]
