"""The JSON Schema comes from the model, is committed fresh, and agrees with the validator."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from mentorkit.plan.loading import check_file
from mentorkit.plan.schema import SCHEMA_FILE_NAME, plan_schema, plan_schema_text
from mentorkit.plan.yamlsource import parse

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "schema" / SCHEMA_FILE_NAME
GOOD = sorted((ROOT / "templates").glob("*.yaml")) + sorted((ROOT / "plans").glob("*.yaml"))
# broken plans whose fault is one of shape, which a schema can see (rules across fields it cannot)
SCHEMA_VISIBLE = ["top-missing-title", "top-wrong-version", "top-version-string", "type-title-list",
                  "type-tags-string", "type-meetings-text", "type-meetings-float", "type-open-ended-text",
                  "type-schedule-list", "type-pair-missing-mentee", "type-kind-unknown", "type-cadence-unknown",
                  "type-responsibility-owner", "type-bad-id", "type-unknown-key-top", "type-unknown-key-goal",
                  "type-unknown-key-no-suggestion", "type-agenda-minutes-text", "type-framework-unknown",
                  "date-feb-30", "date-month-13", "date-not-iso", "limit-rating-11", "limit-rating-zero",
                  "limit-rating-fraction", "limit-meetings-zero", "limit-negative-length"]


@pytest.fixture(scope="module")
def validator():
    schema = plan_schema()
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def load(path: Path):
    data, _ = parse(path.read_text(encoding="utf-8"))
    return data


def test_committed_schema_is_up_to_date():
    assert COMMITTED.read_text(encoding="utf-8") == plan_schema_text(), \
        "schema/ is stale: run `mentorkit schema -o schema/mentorkit-plan.schema.json`"


def test_schema_is_draft_07_which_editors_support_fully():
    """The YAML language server supports draft-07 fully and 2020-12 in part."""
    schema = plan_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    text = json.dumps(schema)
    for later in ("$defs", "prefixItems", "dependentRequired", "dependentSchemas", "unevaluatedProperties",
                  "unevaluatedItems", "$anchor", "$dynamicRef", "minContains", "maxContains"):
        assert f'"{later}"' not in text, later

    def nodes(node):
        if isinstance(node, dict):
            yield node
            for key, value in node.items():
                if key not in ("enum", "default", "examples"):
                    yield from nodes(value)
        elif isinstance(node, list):
            for item in node:
                yield from nodes(item)

    beside_ref = [sorted(n) for n in nodes(schema) if "$ref" in n and len(n) > 1]
    assert beside_ref == [], "draft-07 ignores every key beside a $ref: a description there is lost"


def test_what_editors_complete_reads_right_in_draft_07(validator):
    """Descriptions, enums and required keys, as a draft-07 validator (and editor) reads them."""
    schema = plan_schema()
    definitions = schema["definitions"]
    schedule = schema["properties"]["schedule"]
    assert schedule["description"] and schedule["allOf"] == [{"$ref": "#/definitions/Schedule"}]
    assert definitions["Pair"]["properties"]["mentee"]["description"]
    assert schema["properties"]["mentorkit"]["enum"] == [1]
    kinds = next(option["enum"] for option in schema["properties"]["kind"]["anyOf"] if "enum" in option)
    assert "reverse" in kinds and "peer-circle" in kinds
    assert definitions["Goal"]["properties"]["framework"]["enum"] == ["smart", "real"]
    assert schema["required"] == ["mentorkit"]
    assert schema["if"]["required"] == ["program"] and schema["else"]["required"] == ["title"]
    assert {"mentor", "mentee"} <= set(definitions["Pair"]["required"])

    def messages(data) -> list[tuple[list, str]]:
        found = []
        for error in validator.iter_errors(data):
            found += [(list(e.absolute_path), e.message) for e in [error, *(error.context or [])]]
        return found

    missing_mentee = {"mentorkit": 1, "title": "T", "pair": {"mentor": {"name": "A"}}}
    assert (["pair"], "'mentee' is a required property") in messages(missing_mentee)
    unknown_key = {"mentorkit": 1, "title": "T", "pair": {"mentor": {"name": "A"}, "mentee": {"name": "B", "emial": "x"}}}
    assert any(path == ["pair", "mentee"] and "emial" in message for path, message in messages(unknown_key))
    wrong_kind = {"mentorkit": 1, "title": "T", "kind": "reverse-mentoring"}
    assert list(validator.iter_errors(wrong_kind))


def test_every_key_has_a_description():
    schema = plan_schema()
    missing = []
    for name, definition in [("Plan", schema), *schema["definitions"].items()]:
        for key, prop in definition.get("properties", {}).items():
            if not prop.get("description"):
                missing.append(f"{name}.{key}")
    assert not missing


@pytest.mark.parametrize("path", GOOD, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_schema_accepts_templates_and_example_plans(validator, path):
    errors = [e.message for e in validator.iter_errors(load(path))]
    assert not errors


@pytest.mark.parametrize("name", SCHEMA_VISIBLE)
def test_schema_rejects_broken_plans_it_can_see(validator, name):
    path = ROOT / "tests" / "corpus" / "broken" / f"{name}.yaml"
    assert not check_file(path).ok  # mentorkit rejects it...
    assert list(validator.iter_errors(load(path)))  # ...and so does an editor using the schema


@pytest.mark.parametrize("path", sorted((ROOT / "templates").glob("*.yaml")), ids=lambda p: p.name)
def test_templates_point_editors_at_the_schema(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert target == COMMITTED.resolve() and json.loads(target.read_text())["$schema"]


def test_committed_format_reference_is_up_to_date():
    from mentorkit.plan.schema import format_reference
    committed = (ROOT / "schema" / "format-reference.md").read_text(encoding="utf-8")
    assert committed == format_reference(), "run `mentorkit schema --markdown -o schema/format-reference.md`"


def test_format_reference_documents_every_key():
    from mentorkit.plan.schema import format_reference
    text = format_reference()
    for name, definition in plan_schema()["definitions"].items():
        assert f"## {name}" in text
        for key in definition.get("properties", {}):
            assert f"| `{key}` |" in text
