"""The JSON Schema of the plan format, generated from the model (never written by hand).

Editors (the YAML language server) and CI (`check-jsonschema`) check plans with it, so it must
accept every plan mentorkit accepts and writes, and refuse what draft-07 can say is wrong: the
shape of every key (from the model's fields), and the few rules between keys that draft-07
can state (`if`/`then`): a SMART or REAL goal's facets, one of meetings, end and open_ended, a
schedule day that fits its cadence. The rules it cannot state (references, dates inside the
schedule, counts) stay in `rules.py`.
"""
from __future__ import annotations

import json
import typing

from ..markup import MAX_TEXT_CHARS
from .calendar import WEEKDAYS
from .following import NOT_INHERITED
from .model import PRIVACY_KEY, REAL_FACETS, SLUG_PATTERN, SMART_FACETS, Model, Plan, SelfAssessment
from .reference import RULES

SCHEMA_FILE_NAME = "mentorkit-plan.schema.json"
# Draft-07: the YAML language server (behind the most used editor extension) supports it fully,
# 2020-12 only in part. What pydantic writes in 2020-12 terms is said the draft-07 way below.
DIALECT = "http://json-schema.org/draft-07/schema#"
DEFINITIONS = "definitions"
# A facet is stated when it holds more than spaces (rules.py: `(text or "").strip()`).
_STATED = {"type": ["string", "number"], "pattern": "\\S"}


def plan_schema() -> dict:
    schema = Plan.model_json_schema(mode="validation", ref_template=f"#/{DEFINITIONS}/{{model}}")
    definitions = schema.pop("$defs", {})
    _keep_field_patterns(schema, definitions)
    definitions = {name: _draft07(definition) for name, definition in definitions.items()}
    schema = _draft07(schema)
    for node in [schema, *definitions.values()]:
        _text_as_written(node)
    definitions["Goal"]["allOf"] = _goal_frameworks()
    definitions["Schedule"]["allOf"] = _schedule_rules()
    definitions["SelfAssessment"]["allOf"] = _ratings_within_scale(definitions["SelfAssessment"])
    complete_only = _complete_plan_only(schema, definitions)
    return {
        "$schema": DIALECT,
        "$id": "https://mentorkit.invalid/schema/format-1/" + SCHEMA_FILE_NAME,
        "title": "mentorkit plan (format 1)",
        "description": "A structured mentoring plan: goals, roadmap, logistics, metrics and the meeting log.",
        DEFINITIONS: definitions,
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
        # A pair plan that follows a program (`program: ID`, as `new --program` and `roster
        # --write-plans` write it) holds only its own keys: what the program gives (its title, the
        # schedule's start) is required of a plan that follows none.
        "if": {"required": ["program"], "properties": {"program": {"type": ["string", "number"]}}},
        "else": complete_only,
    }


def _keep_field_patterns(schema: dict, definitions: dict) -> None:
    """pydantic drops a field's `pattern` when the field may also be null (`time`, `day`): say it
    beside the field's `anyOf`, where it applies to text and leaves null alone."""
    for cls in _models():
        node = schema if cls is Plan else definitions.get(cls.__name__)
        if node is None:
            continue
        for name, info in cls.model_fields.items():
            prop = node["properties"][name]
            patterns = [meta.pattern for meta in info.metadata if getattr(meta, "pattern", None)]
            if patterns and json.dumps(patterns[0]) not in json.dumps(prop):
                prop["pattern"] = patterns[0]


def _models() -> list[type[Model]]:
    """Every model of the plan, from Plan down through its fields."""
    found: list[type[Model]] = []

    def visit(annotation) -> None:
        if isinstance(annotation, type) and issubclass(annotation, Model):
            if annotation not in found:
                found.append(annotation)
                for info in annotation.model_fields.values():
                    visit(info.annotation)
            return
        for argument in typing.get_args(annotation):
            visit(argument)

    visit(Plan)
    return found


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


def _text_as_written(node) -> None:
    """Text as mentorkit reads it: a number where text is expected is text as written
    (`title: 1984`, a goal id `2027`; the model's `coerce_numbers_to_str`), and no text is longer
    than a plan text may be (markup.MAX_TEXT_CHARS, checked of every text by the rules)."""
    if isinstance(node, list):
        for item in node:
            _text_as_written(item)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key not in ("enum", "default", "examples"):
            _text_as_written(value)
    if node.get("type") == "string" and "format" not in node and "enum" not in node:
        if Model.model_config.get("coerce_numbers_to_str") and node.get("pattern", SLUG_PATTERN) == SLUG_PATTERN:
            node["type"] = ["string", "number"]  # a number never matches the other patterns (times, days)
        node.setdefault("maxLength", MAX_TEXT_CHARS)


def _goal_frameworks() -> list[dict]:
    """A SMART goal states its five facets and a due date, a REAL goal its four; neither holds
    the other's facets (rules.py `_goal_facets`)."""
    def framework(name: str, facets: tuple[str, ...], others: tuple[str, ...], extra: tuple[str, ...] = ()) -> dict:
        return {
            "if": {"required": ["framework"], "properties": {"framework": {"enum": [name]}}},
            "then": {"required": [*facets, *extra],
                     "properties": {**{facet: _STATED for facet in facets},
                                    **{key: {"type": "string"} for key in extra},
                                    **{facet: {"type": "null", "description": f"not a facet of a {name.upper()} goal"}
                                       for facet in others}}},
        }
    return [framework("smart", SMART_FACETS, REAL_FACETS, ("due",)), framework("real", REAL_FACETS, SMART_FACETS)]


def _schedule_rules() -> list[dict]:
    """One of meetings, end and open_ended; a day that fits the cadence written beside it
    (calendar.day_problem). Each holds for a pair plan's own schedule as for the whole plan."""
    given = {"meetings": {"type": "integer"}, "end": {"type": "string"}, "open_ended": {"enum": [True]}}
    alone = []
    for name, condition in given.items():
        rest = {other: ({"enum": [False, None]} if other == "open_ended" else {"type": "null"})
                for other in given if other != name}
        alone.append({"if": {"required": [name], "properties": {name: condition}},
                      "then": {"properties": {other: {**schema, "description": "give only one of meetings, end "
                                                      "and open_ended"} for other, schema in rest.items()}}})
    weekday = [*WEEKDAYS, None]
    in_weeks = r"^(weekly|biweekly|every [1-9][0-9]{0,3} weeks?)$"
    return [
        *alone,
        {"if": {"required": ["cadence"], "properties": {"cadence": {"enum": ["monthly"]}}},
         "then": {"properties": {"day": {"not": {"enum": list(WEEKDAYS)}, "description": "a monthly schedule "
                                         "meets on one weekday of each month: say which, e.g. 'first wednesday'"}}}},
        {"if": {"required": ["cadence"], "properties": {"cadence": {"type": "string", "pattern": in_weeks}}},
         "then": {"properties": {"day": {"enum": weekday, "description": "a schedule in weeks names just the "
                                         "weekday, e.g. 'wednesday'"}}}},
    ]


_RATED = ("ratings", "end_ratings")  # by area, from 1 to the scale


def _ratings_within(top: int) -> dict:
    return {"properties": {key: {"additionalProperties": {"maximum": top}} for key in _RATED}}


def _scale_bounds() -> tuple[int, int, int]:
    """The lowest and highest scale, and the default (the model's `SelfAssessment.scale`)."""
    info = SelfAssessment.model_fields["scale"]
    bounds = {name: getattr(meta, name) for meta in info.metadata for name in ("ge", "le")
              if getattr(meta, name, None) is not None}
    return bounds["ge"], bounds["le"], info.default


def _ratings_within_scale(definition: dict) -> list[dict]:
    """A self-assessment rating is from 1 to the scale written beside it (rules.py); a plan that
    follows no program and says no scale has the default one (`_complete_plan_only`)."""
    low, high, _ = _scale_bounds()
    for key in _RATED:
        definition["properties"][key]["additionalProperties"].update(minimum=1, maximum=high)
    return [{"if": {"required": ["scale"], "properties": {"scale": {"enum": [scale]}}},
             "then": _ratings_within(scale)} for scale in range(low, high)]


def _complete_plan_only(schema: dict, definitions: dict) -> dict:
    """What only a plan that follows no program must say: its required keys, and the required
    keys of the mappings a pair plan combines key by key with its program's (following.py), which
    the program may give (`schedule.avoid.holidays.country`); an `end` needs a `start`; and
    self-assessment ratings are within the default scale when the plan says none."""
    required = schema.get("required", [])
    # a pair plan without a title is named after its program (following._title); `mentorkit` is its own
    left_to_program = [key for key in required if key == "title" or key not in NOT_INHERITED | {"mentorkit"}]
    schema["required"] = [key for key in required if key not in left_to_program]
    complete: dict = {"required": left_to_program}
    for path, name in _combined_mappings(schema, definitions):
        required = definitions[name].pop("required", None)
        if not required:
            continue
        users = json.dumps([schema, definitions]).count(f'"#/{DEFINITIONS}/{name}"')
        assert users == 1, f"{name} is also used where it is not combined with the program's"
        node = complete
        for key in path:
            node = node.setdefault("properties", {}).setdefault(key, {})
        node["required"] = required
    complete.setdefault("properties", {}).setdefault("self_assessment", {}).update(
        {"if": {"not": {"required": ["scale"]}}, "then": _ratings_within(_scale_bounds()[2])})
    schedule = complete.setdefault("properties", {}).setdefault("schedule", {})
    schedule["if"] = {"required": ["end"], "properties": {"end": {"type": "string"}}}
    schedule["then"] = {"required": ["start"], "properties": {"start": {"type": "string", "description":
                                                                        "'end' needs a 'start' date to count meetings from"}}}
    return complete


def _combined_mappings(schema: dict, definitions: dict) -> list[tuple[tuple[str, ...], str]]:
    """(path, definition) of every mapping a pair plan combines with its program's, key by key."""
    found = []

    def visit(node: dict, path: tuple[str, ...]) -> None:
        for key, prop in node.get("properties", {}).items():
            if not path and key in NOT_INHERITED:
                continue
            refs = [option["$ref"] for option in [prop, *prop.get("allOf", ()), *prop.get("anyOf", ())]
                    if "$ref" in option]
            for ref in refs:
                name = ref.rsplit("/", 1)[-1]
                found.append((path + (key,), name))
                visit(definitions[name], path + (key,))
            values = prop.get("additionalProperties")
            if isinstance(values, dict) and "$ref" in values:  # a mapping by name or id: none requires a key
                assert not definitions[values["$ref"].rsplit("/", 1)[-1]].get("required"), key

    visit(schema, ())
    return found


def _required_unless_following(schema: dict) -> dict[str, set[str]]:
    """By definition name: the keys required of a plan that follows no program (`else`)."""
    found = {"Plan": set(schema["else"].get("required", []))}
    for path, name in _combined_mappings(schema, schema[DEFINITIONS]):
        node = schema["else"]
        for key in path:
            node = node.get("properties", {}).get(key, {})
        if node.get("required"):
            found.setdefault(name, set()).update(node["required"])
    return found


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
    if kind == ["string", "number"]:  # a number written there is text as written
        kind = "string"
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
    unless_following = _required_unless_following(schema)
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
            needed = ("yes" if key in required else
                      "yes, unless the plan follows a program" if key in unless_following.get(name, ()) else "")
            lines.append(f"| `{key}` | {_type_text(prop)} | {needed} | {private} | {description} |")
        lines.append("")
    return "\n".join(lines) + RULES
