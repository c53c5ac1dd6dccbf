"""Whatever a file holds, loading it gives a plan or diagnostics pointing into the file, never an
exception; and every plan it accepts can be shown (its view is built without an error)."""
from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path

import yaml

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: the mutations are many, their text is not the point
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorkit.diagnostics import Diagnostic
from mentorkit.plan.loading import check_file
from mentorkit.view import build_view

ROOT = Path(__file__).resolve().parents[2]
VALID = yaml.safe_load((ROOT / "templates" / "onboarding.yaml").read_text(encoding="utf-8"))

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                    st.text(max_size=30), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
                    st.sampled_from(["smart", "real", "weekly", "monthly", "every 2 weeks", "2027-02-30",
                                     "mentor", "both", "{{ 7*7 }}", "<script>", "first-release"]))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=5)), max_leaves=25)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check_text(tmp_path: Path, text: str | bytes):
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    result = check_file(path, named=True)
    text = path.read_bytes().decode("utf-8", "replace")
    lines = len(re.findall("\r\n|[\n\r\x85\u2028\u2029]", text)) + 1  # YAML's line breaks
    for d in result.diagnostics:
        assert isinstance(d, Diagnostic) and 1 <= d.line <= lines and d.column >= 1 and d.message
        assert "\n" not in d.message and "\r" not in d.message
    if result.plan is not None:
        view = build_view(result.plan)  # everything the site and workbook show can be derived
        assert len(view.meetings) == result.plan.calendar.count
    return result


@SETTINGS
@given(doc=documents)
def test_random_yaml_documents_give_diagnostics(tmp_path, doc):
    check_text(tmp_path, yaml.safe_dump(doc))
    if isinstance(doc, dict):
        check_text(tmp_path, yaml.safe_dump({**doc, "mentorkit": 1}))


@SETTINGS
@given(data=st.binary(max_size=300))
def test_random_bytes_give_diagnostics(tmp_path, data):
    check_text(tmp_path, b"mentorkit: 1\n" + data)


@SETTINGS
@given(text=st.text(max_size=200))
def test_random_text_gives_diagnostics(tmp_path, text):
    check_text(tmp_path, "mentorkit: 1\ntitle: x\n" + text)


def paths_of(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths_of(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths_of(value, prefix + (index,))


ALL_PATHS = [p for p in paths_of(VALID) if p]


def mutate(plan: dict, path: tuple, action: str, value):
    doc = copy.deepcopy(plan)
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    if action == "delete":
        del parent[key]
    elif action == "replace":
        parent[key] = value
    elif action == "rename" and isinstance(parent, dict):
        parent[str(value)[:12] or "x"] = parent.pop(key)
    elif action == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[key]))
    return doc


@SETTINGS
@given(path=st.sampled_from(ALL_PATHS), action=st.sampled_from(["delete", "replace", "rename", "duplicate"]),
       value=documents)
def test_mutations_of_a_valid_plan_give_diagnostics(tmp_path, path, action, value):
    check_text(tmp_path, yaml.dump(mutate(VALID, path, action, value), Dumper=DUMPER, allow_unicode=True))


def test_the_unmutated_plan_is_valid(tmp_path):
    result = check_text(tmp_path, yaml.safe_dump(VALID))
    assert result.plan is not None and not result.diagnostics


KEYS = ["title", "summary", "tags", "kind", "schedule", "start", "cadence", "meetings", "end", "open_ended", "skip",
        "goals", "id", "framework", "due", "metrics", "target", "roadmap", "topic", "meeting", "agenda", "minutes",
        "log", "rating", "self_assessment", "scale", "ratings", "&k title", "*k", "<<", "? [a]"]
TRICKY = ["!!int ''", "!!bool foo", "!!float _", "!!int", "0x" + "f" * 40, "0b" + "1" * 80, "190:20:30", ".inf",
          ".nan", "-.inf", "&a x", "*a", "*nowhere", "{<<: {a: 1}}", "!!binary aGk=", "!!set {a}", "!!omap [a: 1]",
          "[" * 70 + "]" * 70, "99999999", "500", "0", "-1", "every 9999 weeks", "every 0 days", "0001-01-01",
          "9999-12-31", "2027-02-29", "2028-02-29", "[2027-01-11, 2027-01-11]", "=", "<<", "~", "''", "|\n  text",
          "[{topic: a, meeting: 500}]", "[{meeting: 1, rating: 10}]", "{start: 9999-12-01, cadence: monthly, meetings: 3}"]
lines = st.lists(st.tuples(st.sampled_from(KEYS), st.sampled_from(TRICKY), st.integers(0, 4)), max_size=12)


@SETTINGS
@given(lines=lines)
def test_tricky_yaml_features_give_diagnostics(tmp_path, lines):
    body = "".join(f"{' ' * indent}{key}: {value}\n" for key, value, indent in lines)
    check_text(tmp_path, "mentorkit: 1\ntitle: T\n" + body)
