"""The JSON Schema comes from the model, is committed fresh, and agrees with the validator."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from mentorkit.plan.loading import check_file
from mentorkit.plan.schema import SCHEMA_FILE_NAME, plan_schema, plan_schema_text
from mentorkit.plan.yamlsource import parse

ROOT = Path(__file__).resolve().parent.parent
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
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def load(path: Path):
    data, _ = parse(path.read_text(encoding="utf-8"))
    return data


def test_committed_schema_is_up_to_date():
    assert COMMITTED.read_text(encoding="utf-8") == plan_schema_text(), \
        "schema/ is stale: run `mentorkit schema -o schema/mentorkit-plan.schema.json`"


def test_schema_declares_draft_2020_12():
    assert plan_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_key_has_a_description():
    schema = plan_schema()
    missing = []
    for name, definition in [("Plan", schema), *schema["$defs"].items()]:
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
    for name, definition in plan_schema()["$defs"].items():
        assert f"## {name}" in text
        for key in definition.get("properties", {}):
            assert f"| `{key}` |" in text
