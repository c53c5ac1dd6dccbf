"""mentorkit: structured mentoring programs as code."""
from .diagnostics import Diagnostic, PlanError
from .loading import Program, load_plan, load_program
from .model import Plan
from .schedule import Meeting

__version__ = "0.1.0"
__all__ = ["Diagnostic", "Meeting", "Plan", "PlanError", "Program", "load_plan", "load_program", "__version__"]
