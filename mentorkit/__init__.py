"""mentorkit: structured mentoring programs as code."""
from .diagnostics import Diagnostic, PlanError
from .plan.calendar import Meeting
from .plan.loading import Program, load_plan, load_program
from .plan.model import Plan

__version__ = "0.1.0"
__all__ = ["Diagnostic", "Meeting", "Plan", "PlanError", "Program", "load_plan", "load_program", "__version__"]
