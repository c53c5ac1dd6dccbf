"""The YAML reader's inlined event loop (`_Builder.run`, the fast path of nearly every value) reads
every document as its handler methods do one event at a time (`run_each`): the same data, types,
positions and keys, and the same problem at the same line and column, for the project's own plans,
the broken and hostile corpus, and documents made of YAML's rarer features."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from mentorkit.plan import yamlsource
from mentorkit.plan.yamlsource import YamlProblem

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted([*ROOT.glob("plans/**/*.yaml"), *ROOT.glob("templates/**/*.yaml"), *ROOT.glob("tests/corpus/**/*.yaml")])

FEATURES = [
    "a: &x {b: 1, c: [1, 2]}\nd: *x\ne:\n  <<: *x\n  b: 2\n",
    "a: &x [1]\nb: *x\nc: [*x, *x]\n",
    "<<: [{a: 1}, {b: 2}]\nc: 3\n",
    "a:\n  b: 1\n  <<: {b: 2, c: 3}\n  d: [4]\n",
    "a:\n  - &i {x: 1}\n  - *i\n  - <<: *i\n    y: 2\n",
    "a: 1\na: 2\n",
    "a:\n  <<: {b: 1}\n  b: 2\n  b: 3\n",
    "x\x85y: 1\nz: \u2028 [2, {w: 3}]\n",  # line breaks only YAML counts: positions counted again
    "? [a]\n: 1\n", "a: [1, {b: c}]\n[x]: 1\n", "a: !!python/object x\n", "a: !!seq [1]\nb: !!map {c: 1}\n",
    "a: !foo [1]\n", "&a k: v\nm: *a\n", "k: *a\n", "a: [*b]\n", "a: {*b : 1}\n", "<<: 1\n", "a:\n  <<: [1]\n",
    "l:\n  - " + "- " * 70 + "x\n", "a: " + "[" * 70 + "]" * 70 + "\n", "a: {b: " * 40 + "1" + "}" * 40 + "\n",
    "n: 0x10\nm: 0o17\no: 010\np: 1_000\nq: 1:30\nr: -5\ns: +5\nt: 1.5e3\nu: .inf\nv: 2027-01-11\nw: ~\nx: null\n"
    "y: Yes\nz: off\nzz: [0, 00, 12345678901234567890, 99999999999999999999999, TRUE, '12', \"0x1\"]\n",
    "a: !!int 12\nb: !!str 12\nc: !!float 1\nd: !!bool yes\ne: !!null ''\nf: !!int x\n",
    "a: ! 12\nb: ! x\nc: !!timestamp 2027-01-01\n", "a: |\n  line\n  two\nb: >\n  x\n", "---\na: 1\n---\nb: 2\n",
    "", "# only a comment\n", "- 1\n- [2, 3]\n", "5\n", "1: a\n2: b\ntrue: c\nnull: d\n", "a: b: c\n", "a:\n\tb: 1\n",
    "&top {a: 1}\n", "a: &a 1\nb: &a 2\nc: *a\n", "a: &s [x, y]\nb: {<<: {k: *s}}\n",
    "a: &a " + "y" * 5000 + "\n" + "".join(f"k{i}: [*a]\n" for i in range(70)),  # the text bound, via aliases
    "a: &a {b: [[" + "y" * 5000 + "]]}\n" + "".join(f"k{i}: *a\n" for i in range(70)),  # ... of a nested anchor
    "".join(f"k{i}: [{i}, {i}]\n" for i in range(35_000)),  # the node bound
]
# Lines of keys and tricky values at random indents, as tests/plan/test_fuzz.py writes them (seeded)
KEYS = ["title", "goals", "id", "topic", "&k title", "*k", "<<", "? [a]", "tags", "meeting"]
TRICKY = ["!!int ''", "!!bool foo", "0x" + "f" * 40, ".inf", "&a x", "*a", "{<<: {a: 1}}", "!!binary aGk=",
          "[" * 70 + "]" * 70, "500", "0", "2027-02-29", "[2027-01-11, x]", "=", "<<", "~", "''", "[{a: 1}, [2]]",
          "{a: [1, {b: 2}]}", "&m {k: v}", "*m", "yes", "'quoted'", "- a", ""]


def made(seed: int) -> str:
    rng = random.Random(seed)
    lines, depth = [], 0
    for i in range(rng.randint(1, 14)):
        key = rng.choice(KEYS) + ("" if rng.random() < 0.2 else f"_{i}")
        if rng.random() < 0.25:
            lines.append(f"{'  ' * depth}{key}:\n")
            depth = min(depth + 1, 3)
        else:
            lines.append(f"{'  ' * depth}{key}: {rng.choice(TRICKY)}\n")
            depth = max(0, depth - (rng.random() < 0.3))
    return "mentorkit: 1\ntitle: T\n" + "".join(lines)


def described(value):
    """The data with every type and a number's source text, to compare exactly."""
    if isinstance(value, dict):
        return ("map", [(key, type(key).__name__, described(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [described(item) for item in value])
    return (type(value).__name__, repr(value), getattr(value, "source", None))


def read(text: str, *, inline: bool):
    try:
        data, positions = yamlsource._parse_with(text, yamlsource._Loader, inline=inline)
    except YamlProblem as problem:
        return ("problem", problem.line, problem.column, problem.message)
    except yaml.YAMLError as error:  # the parser's own complaint: `parse` words it, alike for both
        return ("parser", str(error))
    return ("data", described(data), positions.values, positions.keys, positions.files)




def text_of(path: Path):
    try:
        return yamlsource.decode(path.read_bytes())
    except YamlProblem:  # not text (binary, Latin-1): refused before any parsing
        return None


CORPUS = [pytest.param(text_of(path), id=str(path.relative_to(ROOT))) for path in FILES if text_of(path) is not None] + \
    [pytest.param(text, id=f"feature-{i}") for i, text in enumerate(FEATURES)]


@pytest.mark.parametrize("text", CORPUS)
def test_the_inlined_loop_reads_as_the_handlers_do(text):
    assert read(text, inline=True) == read(text, inline=False)


def test_the_inlined_loop_reads_made_up_documents_as_the_handlers_do():
    differ = [seed for seed in range(1500) if read(made(seed), inline=True) != read(made(seed), inline=False)]
    assert differ == []


def test_the_corpus_reaches_every_outcome():
    """The comparisons above are worth something only if the corpus reads to data and to problems
    (each bound among them), with aliases, merges and positions counted again."""
    outcomes = [read(param.values[0], inline=True) for param in CORPUS] + [read(made(s), inline=True) for s in range(1500)]
    messages = " ".join(o[3] for o in outcomes if o[0] == "problem")
    assert sum(o[0] == "data" for o in outcomes) > 200
    for part in ("duplicate key", "nested more than", "more than 100,000 values", "more than 300,000 characters",
                 "names no anchor", "can only merge mappings", "is not allowed in a plan", "too large for a plan",
                 "cannot be read as", "a mapping key must be plain text", "an alias cannot be a mapping key"):
        assert part in messages, part


NUMBERS = ["0", "7", "010", "0x1F", "0o17", "0b101", "1_000", "1:30", "-5", "+5", "123456789012345678",
           "1234567890123456789", "1.5", "1e3", ".inf", "-.inf", "yes", "No", "TRUE", "off", "~", "null", "Null"]


@pytest.mark.parametrize("text", NUMBERS)
def test_a_plain_number_or_word_reads_as_pyyaml_reads_it_and_keeps_its_text(text):
    data, _ = yamlsource.parse(f"a: {text}\n")
    expected = yaml.safe_load(f"a: {text}\n")["a"]
    assert data["a"] == expected and type(data["a"]) in {type(expected), yamlsource.YamlInt, yamlsource.YamlFloat}
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        assert data["a"].source == text


@pytest.mark.parametrize("text", ["9223372036854775808", "12345678901234567890", "0x" + "f" * 16])
def test_a_number_past_63_bits_is_refused_at_its_place(text):
    with pytest.raises(YamlProblem, match="too large") as raised:
        yamlsource.parse(f"a: 1\nb: [2, {text}]\n")
    assert (raised.value.line, raised.value.column) == (2, 8)


def test_reading_numbers_keeps_nothing_behind():
    """The shared constructor of scalars remembers no node it read (a long `serve` grew with each)."""
    yamlsource.parse("a: [1.5, 0x10, 2, yes, ~, 1:30]\n")
    assert yamlsource._constructor.constructed_objects == {}
