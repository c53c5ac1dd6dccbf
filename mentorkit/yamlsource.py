"""Reading YAML safely, keeping the line and column of every node.

Plans are untrusted input, so this never constructs Python objects from tags, bounds
alias expansion (a "billion laughs" file fails fast), rejects duplicate keys, and turns
every parser complaint into a located problem instead of an exception.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml is ~10x faster when PyYAML was built with it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 64

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_constructor = yaml.constructor.SafeConstructor()


@dataclass(frozen=True)
class YamlProblem(Exception):
    line: int
    column: int
    message: str


@dataclass
class Positions:
    """Where each value (and each mapping key) of a document starts, by path."""

    values: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    keys: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: tuple, *, key: bool = False) -> tuple[int, int]:
        """The nearest known position for path: the node itself, else its closest parent."""
        path = tuple(path)
        while True:
            table = self.keys if key else self.values
            if path in table:
                return table[path]
            if key and path in self.values:
                return self.values[path]
            if not path:
                return (1, 1)
            path = path[:-1]
            key = False


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def read_text(path: Path) -> str:
    """Read a plan file as text, or raise YamlProblem saying why it cannot be."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise YamlProblem(1, 1, f"file is {size / 1_048_576:.1f} MB; a plan may be at most "
                              f"{MAX_BYTES // 1_048_576} MB (split it, or move long text to guide pages)")
        data = path.read_bytes()
    except IsADirectoryError:
        raise YamlProblem(1, 1, "is a folder, not a plan file") from None
    except FileNotFoundError:
        raise YamlProblem(1, 1, "no such file") from None
    except PermissionError:
        raise YamlProblem(1, 1, "cannot read the file: permission denied") from None
    except OSError as exc:
        raise YamlProblem(1, 1, f"cannot read the file: {exc.strerror or exc}") from None
    return decode(data)


def decode(data: bytes) -> str:
    if b"\x00" in data:
        offset = data.index(b"\x00")
        line, col = _offset_position(data, offset)
        raise YamlProblem(line, col, "this is a binary file, not a YAML plan (it contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _offset_position(data, exc.start)
        raise YamlProblem(line, col, f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} "
                          "cannot be decoded); save it as UTF-8") from None


def _offset_position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def parse(text: str) -> tuple[Any, Positions]:
    """Parse one YAML document into plain data plus the position of every node."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context and exc.problem else ""
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlProblem(line, col, f"YAML syntax error: {problem}{context}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids, located by offset
        offset = max(0, min(exc.position, len(text)))
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise YamlProblem(line, col, f"character {exc.character!r} is not allowed in YAML: "
                          f"{exc.reason}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, 1, f"YAML error: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise YamlProblem(1, 1, "YAML is nested too deeply to be a plan") from None
    positions = Positions()
    if node is None:
        return None, positions
    return _Builder(positions).build(node, (), 0), positions


class _Builder:
    def __init__(self, positions: Positions):
        self.positions = positions
        self.count = 0

    def build(self, node: yaml.Node, path: tuple, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem(*_mark(node), f"the document expands to more than {MAX_NODES:,} values "
                              "(too many aliases?); plans are never this large")
        if depth > MAX_DEPTH:
            raise YamlProblem(*_mark(node), f"values are nested more than {MAX_DEPTH} levels deep")
        self.positions.values.setdefault(path, _mark(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            self.require_tag(node, _TAG + "seq")
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        self.require_tag(node, _TAG + "map")
        return self.mapping(node, path, depth)

    def require_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            raise YamlProblem(*_mark(node), f"YAML tag '{node.tag}' is not allowed in a plan; remove it")

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise YamlProblem(*_mark(node), f"YAML tag '{node.tag}' is not allowed in a plan; remove it")
        if node.tag == _TAG + "timestamp":
            return node.value  # dates are checked (and located) by the model, not the parser
        try:
            return _constructor.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError) as exc:
            raise YamlProblem(*_mark(node), f"cannot read value {node.value!r}: {exc}") from None

    def mapping(self, node: yaml.MappingNode, path: tuple, depth: int) -> dict:
        result: dict = {}
        explicit: set = set()
        merged: list[tuple[yaml.MappingNode, tuple]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                for source in sources:
                    if not isinstance(source, yaml.MappingNode):
                        raise YamlProblem(*_mark(source), "'<<' can only merge mappings")
                    merged.append((source, path))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(*_mark(key_node), "a mapping key must be plain text, not a list or mapping")
            key = key_node.value
            if key in explicit:
                first = self.positions.keys[path + (key,)]
                raise YamlProblem(*_mark(key_node), f"duplicate key '{key}' (first defined at line {first[0]}); "
                                  "keep one of them")
            explicit.add(key)
            self.positions.keys[path + (key,)] = _mark(key_node)
            result[key] = self.build(value_node, path + (key,), depth + 1)
        for source, source_path in merged:
            for key, value in self.mapping(source, source_path, depth + 1).items():
                result.setdefault(key, value)
        return result
