"""The JSON Schema of the plan format, generated from the model (never written by hand)."""
from __future__ import annotations

import json

from .model import PRIVACY_KEY, Plan
from .reference import RULES

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


def _type_text(prop: dict) -> str:
    """A short, readable type for one property of the generated schema."""
    if "$ref" in prop:
        return f"[{prop['$ref'].rsplit('/', 1)[-1]}](#{prop['$ref'].rsplit('/', 1)[-1].lower()})"
    if "anyOf" in prop:
        parts = [_type_text(p) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(parts)
    if "enum" in prop or "const" in prop:
        return " \\| ".join(f"`{v}`" for v in prop.get("enum", [prop.get("const")]))
    kind = prop.get("type", "any")
    if kind == "array":
        return f"list of {_type_text(prop.get('items', {}))}"
    if kind == "object":
        return f"mapping of text to {_type_text(prop.get('additionalProperties', {}))}"
    if prop.get("format") == "date":
        return "date (YYYY-MM-DD)"
    return {"string": "text", "integer": "whole number", "number": "number", "boolean": "true/false"}.get(kind, kind)


def format_reference() -> str:
    """The format's reference page in Markdown, made from the same schema as the validator."""
    schema = plan_schema()
    sections = [("Plan", schema), *sorted(schema["$defs"].items())]
    lines = ["# mentorkit plan format 1: key reference", "",
             "Generated from the model by `mentorkit schema --markdown`; do not edit by hand.", "",
             "A key marked **private** is what a pair keeps between themselves: in a plan with a `pair`, a",
             "published site shows it only when its `pairs` setting is `full`; the pair's own workbook",
             "(`mentorkit workbook`) always shows it. Everything inside a private key is private too.", ""]
    for name, definition in sections:
        lines += [f"## {name}", "", "| key | type | required | private | meaning |", "|---|---|---|---|---|"]
        required = set(definition.get("required", []))
        for key, prop in definition.get("properties", {}).items():
            description = prop.get("description", "").replace("|", "\\|")
            private = "private" if prop.get(PRIVACY_KEY) else ""
            lines.append(f"| `{key}` | {_type_text(prop)} | {'yes' if key in required else ''} | {private} "
                         f"| {description} |")
        lines.append("")
    return "\n".join(lines) + RULES
