"""The JSON Schema of the plan format, generated from the model (never written by hand)."""
from __future__ import annotations

import json

from .model import PRIVACY_KEY, Plan
from .reference import RULES

SCHEMA_FILE_NAME = "mentorkit-plan.schema.json"
# Draft-07: the YAML language server (behind the most used editor extension) supports it fully,
# 2020-12 only in part. What pydantic writes in 2020-12 terms is said the draft-07 way below.
DIALECT = "http://json-schema.org/draft-07/schema#"
DEFINITIONS = "definitions"


def plan_schema() -> dict:
    schema = Plan.model_json_schema(mode="validation", ref_template=f"#/{DEFINITIONS}/{{model}}")
    definitions = {name: _draft07(definition) for name, definition in schema.pop("$defs", {}).items()}
    return {
        "$schema": DIALECT,
        "$id": "https://mentorkit.invalid/schema/format-1/" + SCHEMA_FILE_NAME,
        "title": "mentorkit plan (format 1)",
        "description": "A structured mentoring plan: goals, roadmap, logistics, metrics and the meeting log.",
        DEFINITIONS: definitions,
        **{k: v for k, v in _draft07(schema).items() if k not in ("title", "description")},
    }


def _draft07(node):
    """A schema node in draft-07 terms: a `$ref` with keys beside it (a description) goes into
    an `allOf`, since draft-07 ignores whatever sits next to a `$ref`; `const` becomes a
    one-value `enum`, which every editor completes."""
    if isinstance(node, list):
        return [_draft07(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _draft07(value) if key not in ("properties", "default", "examples", "enum", "const")
            else value for key, value in node.items()}
    if "properties" in node and isinstance(node["properties"], dict):
        node["properties"] = {key: _draft07(value) for key, value in node["properties"].items()}
    if "const" in node:
        node["enum"] = [node.pop("const")]
    if "$ref" in node and len(node) > 1:
        node["allOf"] = [{"$ref": node.pop("$ref")}]
    return node


def plan_schema_text() -> str:
    return json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n"


def _type_text(prop: dict) -> str:
    """A short, readable type for one property of the generated schema."""
    if "$ref" in prop:
        return f"[{prop['$ref'].rsplit('/', 1)[-1]}](#{prop['$ref'].rsplit('/', 1)[-1].lower()})"
    if len(prop.get("allOf", ())) == 1:
        return _type_text(prop["allOf"][0])
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
    sections = [("Plan", schema), *sorted(schema[DEFINITIONS].items())]
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
