"""The JSON Schema of the plan format, generated from the model (never written by hand)."""
from __future__ import annotations

import json

from .model import Plan

SCHEMA_FILE_NAME = "mentorkit-plan.schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def plan_schema() -> dict:
    schema = Plan.model_json_schema(mode="validation")
    return {
        "$schema": DIALECT,
        "$id": "https://mentorkit.invalid/schema/format-1/" + SCHEMA_FILE_NAME,
        "title": "mentorkit plan (format 1)",
        "description": "A structured mentoring plan: goals, roadmap, logistics, metrics and the meeting log.",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def plan_schema_text() -> str:
    return json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n"
