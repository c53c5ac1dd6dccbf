"""Reading YAML safely, keeping the line and column of every node.

Plans are untrusted input, so this never constructs Python objects from tags, bounds
alias expansion (a "billion laughs" file fails fast), rejects duplicate keys, and turns
every parser complaint into a located problem instead of an exception.
"""
from __future__ import annotations

import bisect
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import yaml

try:  # libyaml is ~10x faster when PyYAML was built with it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 64
# The characters of every key and value, counted after alias expansion: an alias copies its
# anchor's text, so counting aliases alone lets a 100 KB anchor expand to gigabytes. A workbook
# prints about 2,200 characters of plan text per page at about 0.18 s a page: a 12-meeting plan
# holding 460,000 characters made 212 pages in 38 s, one at this bound 189 pages in 28 s (with
# every list near its own bound); the example plans hold at most 20,000 characters.
MAX_CHARS = 300_000

MAX_INT_BITS = 63

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_TEXT_TAGS = {_TAG + t for t in ("str", "timestamp", "value", "merge")}  # kept as written
_constructor = yaml.constructor.SafeConstructor()
ONE_DOCUMENT = "YAML syntax error: a plan file holds one document; remove this '---' or split the file"


class YamlInt(int):
    """An integer that remembers how it was written, so a text field gets '0x10', not '16'."""

    source: str


class YamlFloat(float):
    source: str


def _number(value: Any, source: str) -> Any:
    kind = YamlInt if isinstance(value, int) else YamlFloat
    number = kind(value)
    number.source = source
    return number


@dataclass(frozen=True)
class YamlProblem(Exception):
    line: int
    column: int
    message: str


@dataclass
class Positions:
    """Where each value (and each mapping key) of a document starts, by path. A plan that follows
    a program is made of two documents: `files` says which subtrees came from another file."""

    values: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    keys: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    files: dict[tuple, Any] = field(default_factory=dict)  # subtree path -> the file it came from

    def file_of(self, path: tuple) -> Any:
        """The file the value at path came from, when not the document's own file (else None)."""
        path = tuple(path)
        while True:
            if path in self.files:
                return self.files[path]
            if not path:
                return None
            path = path[:-1]

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


# Positions are most of what a read plan holds (a tuple for each value's path and one for its line
# and column: 90 MB of 1,000 plans). Plans of one program are alike, so equal paths and positions
# are shared between documents: one tuple each, however many documents hold it. The table only
# grows with the distinct ones seen; past this size it starts again (what was shared stays so).
_SHARED: dict[tuple, tuple] = {}
_SHARED_MAX = 1_000_000


def shared(value: tuple) -> tuple:
    """The one tuple equal to value that positions hold."""
    return _SHARED.setdefault(value, value)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")


class _Lines:
    """Line and column as an editor counts them. YAML also breaks lines at NEL, LS and PS, which
    editors show inside a line; only a text holding one of those is counted again."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)] if _YAML_ONLY_BREAKS.search(text) else None

    def __call__(self, mark: yaml.Mark) -> tuple[int, int]:
        if self.starts is None:
            return (mark.line + 1, mark.column + 1)
        line = bisect.bisect_right(self.starts, mark.index) - 1
        return (line + 1, mark.index - self.starts[line] + 1)


def read_text(path: Path) -> str:
    """Read a plan file as text, or raise YamlProblem saying why it cannot be."""
    try:
        if path.is_dir():
            raise YamlProblem(1, 1, "is a folder, not a plan file")
        if path.exists() and not path.is_file():  # a FIFO or a device would hang or never end
            raise YamlProblem(1, 1, "is not a regular file")
        # Non-blocking, and checked again on the open file: a FIFO put in its place since the
        # check above must not hang the build, nor a device be read.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise YamlProblem(1, 1, "is not a regular file")
            data = handle.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                size = max(os.fstat(handle.fileno()).st_size, len(data))
                raise YamlProblem(1, 1, f"file is {size / 1_048_576:.1f} MB; a plan may be at most "
                                  f"{MAX_BYTES // 1_048_576} MB (split it, or move long text to guide pages)")
    except FileNotFoundError:
        raise YamlProblem(1, 1, "no such file") from None
    except PermissionError:
        raise YamlProblem(1, 1, "cannot read the file: permission denied") from None
    except OSError as exc:
        raise YamlProblem(1, 1, f"cannot read the file: {exc.strerror or exc}") from None
    return decode(data)


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem(1, 1, "the file is UTF-16 text; save it as UTF-8")
    if b"\x00" in data:
        raise YamlProblem(*byte_position(data, data.index(b"\x00")),
                          "this is a binary file, not a YAML plan (it contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlProblem(*byte_position(data, exc.start), f"the file is not UTF-8 text (byte "
                          f"0x{data[exc.start]:02x} cannot be decoded); save it as UTF-8") from None


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters) of a byte offset into UTF-8 data."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace"))
    return data.count(b"\n", 0, offset) + 1, column + 1


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """The parser's complaint, with a hint for the mistakes people actually make."""
    lines = _Lines(text)
    mark = exc.problem_mark or exc.context_mark
    if mark is not None and mark.index >= len(text) and exc.context_mark is not None:
        mark = exc.context_mark  # at the end of the file: point where the unfinished thing began
    line, col = lines(mark) if mark else (1, 1)
    last_line = text.count("\n") + 1
    if line > last_line:  # the parser's end-of-file mark can sit past the last line
        line, col = last_line, len(text) - (text.rfind("\n") + 1) + 1
    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    hint = ""
    if "expected a single document" in context:
        return line, col, ONE_DOCUMENT
    if "while scanning a quoted scalar" in context and exc.context_mark is not None:
        return (*lines(exc.context_mark),
                "YAML syntax error: the quoted text starting here is never closed; add the closing quote")
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return line, col, "YAML syntax error: a tab cannot indent YAML; indent with spaces"
    if ("did not find expected" in problem or "mapping values are not allowed" in problem) and mark is not None:
        found = _indentation_problem(text, mark.line, mark.column)
        if found:
            return mark.line + 1, found[0], found[1]
    if "mapping values are not allowed" in problem:
        hint = "; if the value contains ': ', put it in quotes"
    detail = f" ({context})" if context else ""
    return line, col, f"YAML syntax error: {problem}{detail}{hint}"


_ITEM = re.compile(r"(?:-[ ]+)+")  # the '- ' (or '- - ') that starts a list item


def _indentation_problem(text: str, index: int, column: int) -> Optional[tuple[int, str]]:
    """(column, message) when line `index` (0-based) is off because of its indent against the
    line above: the parser's wording ("did not find expected key", "mapping values are not
    allowed") says nothing a person can act on. None when the indent is not the cause."""
    lines = text.split("\n")
    if index >= len(lines):
        return None
    off = lines[index]
    content = off.lstrip(" ")
    indent = len(off) - len(content)
    if column > indent and ": " in content[:column - indent - 1] + " ":
        first_colon = indent + content.find(": ") if ": " in content else -1
        if first_colon != -1 and first_colon < column - 1:
            return None  # a second ': ' on a line whose key came first: a value that needs quotes
    is_item = _ITEM.match(content) is not None
    above = _line_above(lines, index, items=is_item)
    if above is None:
        return None
    above_indent, above_key = above
    if indent == above_indent:
        return None
    how = "less" if indent < above_indent else "more"
    if is_item:
        message = (f"this line is indented {how} than the list it seems to belong to (its '-' at "
                   f"{_spaces(indent)}; the item above at {_spaces(above_indent)}); line up the '-' of every item")
    elif how == "less":
        where = f"'{above_key}' above it" if above_key else "the line above it"
        message = (f"this line is indented less than the block it seems to belong to ({_spaces(indent)}; "
                   f"{where} has {_spaces(above_indent)}); give the keys of one block the same indent")
    else:
        name = f"'{above_key}'" if above_key else "the line above"
        message = (f"this line is indented more than {name} above it ({_spaces(indent)}; {name} has "
                   f"{_spaces(above_indent)}), so YAML reads it as more of the value of {name}; give the keys "
                   "of one block the same indent")
    return indent + 1, f"YAML indentation: {message}"


def _spaces(count: int) -> str:
    return f"{count} space{'' if count == 1 else 's'}"


def _line_above(lines: list[str], index: int, *, items: bool) -> Optional[tuple[int, Optional[str]]]:
    """The indent (and key) the off line should line up with: the nearest list item above for an
    item, else the nearest line above (its key's column, after any '- ')."""
    for line in reversed(lines[:index]):
        content = line.lstrip(" ")
        if not content or content.startswith("#"):
            continue
        indent = len(line) - len(content)
        item = _ITEM.match(content)
        if items:
            if item:
                return indent, None
            continue
        if item:
            indent, content = indent + item.end(), content[item.end():]
        key = content.split(":", 1)[0].strip() if ":" in content else None
        return indent, key
    return None


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def parse(text: str) -> tuple[Any, Positions]:
    """Parse one YAML document into plain data plus the position of every node.

    Built from the parser's event stream without recursion, so neither deep nesting nor
    aliases can exhaust the stack or the memory: depth and alias expansion are counted as
    the events arrive, and parsing stops at the first limit crossed.
    """
    try:
        try:
            return _parse_with(text, _Loader)
        except yaml.MarkedYAMLError as exc:
            if _Loader is yaml.SafeLoader or "nesting depth" not in (exc.problem or ""):
                raise
            # libyaml's own depth limit (PyYAML 6.0.4 on) is met while it reads ahead, before the
            # events reach MAX_DEPTH: read again with the Python parser, which has none, so the
            # plan gets mentorkit's bound, at the place where it is crossed.
            return _parse_with(text, yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line, col, message = _syntax_problem(exc, text)
        raise YamlProblem(line, col, message) from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids; libyaml gives a byte offset
        line, col = byte_position(text.encode("utf-8", "surrogatepass"), max(0, exc.position))
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise YamlProblem(line, col, f"character U+{code:04X} is not allowed in YAML ({exc.reason}); "
                          "remove it") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, 1, f"YAML error: {str(exc).splitlines()[0]}") from None


def _parse_with(text: str, loader: type, *, inline: bool = True) -> tuple[Any, Positions]:
    """Parse with `loader`'s parser. `inline=False` hands every event to its handler method (the
    reference that tests hold the inlined loop of `_Builder.run` to)."""
    positions = Positions()
    builder = _Builder(positions, _Lines(text))
    parser = loader(text)  # its events one by one, as yaml.parse gives them, without the generator
    try:
        (builder.run if inline else builder.run_each)(parser.get_event)
    finally:
        parser.dispose()
        if len(_SHARED) > _SHARED_MAX:
            _SHARED.clear()
    return builder.root, positions


_NO_KEY = object()  # in a mapping frame: the next scalar is a key
_MERGE = object()  # in a mapping frame: the next value is merged ('<<')
_STR = _TAG + "str"
_INT = _TAG + "int"
_BOOL = _TAG + "bool"
_NULL = _TAG + "null"
_MERGE_TAG = _TAG + "merge"
_BOOLS = yaml.constructor.SafeConstructor.bool_values
# The implicit tags of plain scalars, by first character, as PyYAML's Resolver decides them
# (its `resolve` without the per-call list building: a fifth of the parse)
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_WILDCARD = tuple(_IMPLICIT.get(None, ()))


def _implicit_tag(value: str, implicit: tuple) -> str:
    if implicit[0]:
        for tag, regexp in (*_IMPLICIT.get(value[:1], ()), *_WILDCARD):
            if regexp.match(value):
                return tag
    return _STR


class _Frame:
    """A mapping or list being filled. `child` is the (shared) path of the value the pending key
    of a mapping names: made once for the key's position and the value's."""

    __slots__ = ("container", "is_map", "path", "anchor", "size", "chars", "key", "child", "merges")

    def __init__(self, container: Any, is_map: bool, path: tuple, anchor: Optional[str]):
        self.container = container  # list or dict being filled
        self.is_map = is_map
        self.path = path
        self.anchor = anchor
        self.size = 1
        self.chars = 0
        self.key: Any = _NO_KEY  # the pending mapping key
        self.child = path
        self.merges: Optional[list] = None  # the mappings '<<' merges in, at the end


class _Builder:
    def __init__(self, positions: Positions, lines: _Lines):
        self.positions = positions
        self.lines = lines
        self.plain_lines = lines.starts is None  # the parser's own line and column are the editor's
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # value, nodes, characters
        self.count = 0
        self.chars = 0
        self.documents = 0
        self.root: Any = None
        self.handlers = {yaml.ScalarEvent: self.scalar, yaml.MappingStartEvent: self.start,
                         yaml.SequenceStartEvent: self.start, yaml.MappingEndEvent: self.end,
                         yaml.SequenceEndEvent: self.end, yaml.AliasEvent: self.alias,
                         yaml.DocumentStartEvent: self.document}

    def run_each(self, get_event: Any) -> None:
        """Every event of the stream, each by its handler method."""
        handlers = self.handlers
        while True:
            event = get_event()
            handler = handlers.get(event.__class__)
            if handler is not None:
                handler(event)
            elif event is None or event.__class__ is yaml.StreamEndEvent:
                return

    def run(self, get_event: Any) -> None:
        """Every event of the stream, as `run_each` handles them. The events of values inside a
        mapping or list without an anchor or tag (nearly all of them) are handled here inline, as
        `scalar`, `key`, `start`, `end` and `deliver` would: the same checks in the same order, the
        same values and positions (tests/plan/test_yaml_positions.py holds the two to each other).
        Every other event goes to its method."""
        handlers, stack, values, keys = self.handlers, self.stack, self.positions.values, self.positions.keys
        plain, implicit_tags, text_tags, scalar_tags = self.plain_lines and not _WILDCARD, _IMPLICIT, _TEXT_TAGS, \
            _SCALAR_TAGS
        scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        share, intern, scalar_value = _SHARED.setdefault, sys.intern, self.scalar_value
        while True:
            event = get_event()
            kind = event.__class__
            if kind is scalar_event and plain and stack and event.anchor is None:
                start, text, tag = event.start_mark, event.value, event.tag
                mark = (start.line + 1, start.column + 1)
                mark = share(mark, mark)
                if tag is None or tag == "!":
                    tag = _STR
                    if event.implicit[0]:
                        for implicit, regexp in implicit_tags.get(text[:1], ()):
                            if regexp.match(text):
                                tag = implicit
                                break
                elif tag not in scalar_tags:
                    raise YamlProblem(*mark, f"YAML tag '{_tag_name(tag)}' is not allowed in a plan; remove it")
                top = stack[-1]
                size = len(text)
                if top.is_map and top.key is _NO_KEY:  # a mapping key: `key`, inline
                    self.chars += size
                    if self.chars > MAX_CHARS:
                        self.count_nodes(0, 0, mark)
                    top.chars += size
                    if tag == _MERGE_TAG:
                        top.key = _MERGE
                        continue
                    if text in top.container:  # the keys written so far (merged ones join at the end)
                        self.duplicate(top, text, mark)
                    top.key = key = intern(text)
                    path = top.path + (key,)
                    top.child = path = share(path, path)
                    keys[path] = mark
                    continue
                value = text if tag in text_tags else scalar_value(text, tag, mark)
                if top.key is _MERGE:
                    self.deliver(value, mark, 1, size, None)
                    continue
                self.count += 1
                self.chars += size
                if self.count > MAX_NODES or self.chars > MAX_CHARS:
                    self.count_nodes(0, 0, mark)
                top.size += 1
                top.chars += size
                if top.is_map:
                    values.setdefault(top.child, mark)
                    top.container[top.key] = value
                    top.key = _NO_KEY
                else:
                    container = top.container
                    path = top.path + (len(container),)
                    values.setdefault(share(path, path), mark)
                    container.append(value)
            elif (kind is mapping_start or kind is sequence_start) and plain and stack and event.anchor is None \
                    and event.tag is None:  # `start`, inline
                start = event.start_mark
                mark = (start.line + 1, start.column + 1)
                mark = share(mark, mark)
                top = stack[-1]
                if top.is_map and top.key is _NO_KEY:
                    raise YamlProblem(*mark, "a mapping key must be plain text, not a list or mapping")
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem(*mark, f"values are nested more than {MAX_DEPTH} levels deep")
                self.count += 1
                if self.count > MAX_NODES:
                    self.count_nodes(0, 0, mark)
                if top.key is _MERGE:
                    path = top.path
                else:
                    if top.is_map:
                        path = top.child
                    else:
                        path = top.path + (len(top.container),)
                        path = share(path, path)
                    values.setdefault(path, mark)
                is_map = kind is mapping_start
                stack.append(_Frame({} if is_map else [], is_map, path, None))
            elif (kind is mapping_end or kind is sequence_end) and len(stack) > 1 and stack[-1].anchor is None \
                    and not stack[-1].merges and stack[-2].key is not _MERGE:  # `end` and `deliver`, inline
                frame = stack.pop()
                top = stack[-1]
                top.size += frame.size
                top.chars += frame.chars
                if top.is_map:
                    top.container[top.key] = frame.container
                    top.key = _NO_KEY
                else:
                    top.container.append(frame.container)
            else:
                handler = handlers.get(kind)
                if handler is not None:
                    handler(event)
                elif event is None or kind is yaml.StreamEndEvent:
                    return

    def document(self, event: yaml.Event) -> None:
        self.documents += 1
        if self.documents > 1:
            raise YamlProblem(*self.mark(event), ONE_DOCUMENT)

    def alias(self, event: yaml.AliasEvent) -> None:
        if event.anchor not in self.anchors:
            raise YamlProblem(*self.mark(event), f"alias '*{event.anchor}' names no anchor defined before it")
        if self.expecting_key():
            raise YamlProblem(*self.mark(event), "an alias cannot be a mapping key; write the key out")
        value, size, chars = self.anchors[event.anchor]
        self.deliver(value, self.mark(event), size, chars, None)

    def mark(self, event: yaml.Event) -> tuple[int, int]:
        if self.plain_lines:
            start = event.start_mark
            return shared((start.line + 1, start.column + 1))
        return shared(self.lines(event.start_mark))

    def count_nodes(self, size: int, chars: int, mark: tuple[int, int]) -> None:
        self.count += size
        self.chars += chars
        if self.count > MAX_NODES:
            raise YamlProblem(*mark, f"the document expands to more than {MAX_NODES:,} values "
                              "(too many aliases?); plans are never this large")
        if self.chars > MAX_CHARS:
            raise YamlProblem(*mark, f"the plan's text adds up to more than {MAX_CHARS:,} characters (aliases "
                              "count each time they are used); move long text to guide pages")

    def expecting_key(self) -> bool:
        return bool(self.stack) and self.stack[-1].is_map and self.stack[-1].key is _NO_KEY

    def child_path(self) -> tuple:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if top.is_map:
            return top.child
        return shared(top.path + (len(top.container),))

    def scalar(self, event: yaml.ScalarEvent) -> None:
        mark = self.mark(event)
        text, tag = event.value, event.tag
        if tag is None or tag == "!":
            tag = _implicit_tag(text, event.implicit)
        elif tag not in _SCALAR_TAGS:
            raise YamlProblem(*mark, f"YAML tag '{_tag_name(tag)}' is not allowed in a plan; remove it")
        stack = self.stack
        if stack and stack[-1].is_map and stack[-1].key is _NO_KEY:  # a mapping key
            if event.anchor is not None:
                self.anchors[event.anchor] = (text, 1, len(text))
            self.count_nodes(0, len(text), mark)
            stack[-1].chars += len(text)
            self.key(text, tag, mark)
            return
        value = text if tag in _TEXT_TAGS else self.scalar_value(text, tag, mark)
        self.deliver(value, mark, 1, len(text), event.anchor)

    @staticmethod
    def scalar_value(text: str, tag: str, mark: tuple[int, int]) -> Any:
        if tag in _TEXT_TAGS:
            return text  # dates are checked (and located) by the model, not the parser
        if tag == _INT and text.isdigit() and text.isascii() and len(text) <= 18 and (text[0] != "0" or text == "0"):
            number = YamlInt(text)  # a plain decimal number, as PyYAML reads it (a leading 0 is octal)
            number.source = text
            return number
        if tag == _BOOL and text.lower() in _BOOLS:
            return _BOOLS[text.lower()]
        try:  # the tag's own constructor: construct_object would keep every node read, for ever
            value = _constructor.yaml_constructors[tag](_constructor, yaml.ScalarNode(tag, text))
        except Exception:  # PyYAML raises IndexError, KeyError... for text that is not of its tag
            raise YamlProblem(*mark, f"{text!r} cannot be read as {_tag_name(tag)}") from None
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
            raise YamlProblem(*mark, "this number is too large for a plan")
        return _number(value, text)

    def duplicate(self, top: _Frame, key: str, mark: tuple[int, int]) -> None:
        first = self.positions.keys[top.path + (key,)]
        raise YamlProblem(*mark, f"duplicate key '{key}' (first defined at line {first[0]}); keep one of them")

    def key(self, key: str, tag: str, mark: tuple[int, int]) -> None:
        top = self.stack[-1]
        if tag == _MERGE_TAG:
            top.key = _MERGE
            return
        if key in top.container:  # the keys written so far (merged ones join at the mapping's end)
            self.duplicate(top, key, mark)
        key = sys.intern(key)  # the same few keys in every plan: one string each, in data and paths alike
        top.key = key
        top.child = shared(top.path + (key,))
        self.positions.keys[top.child] = mark

    def start(self, event: yaml.CollectionStartEvent) -> None:
        mark = self.mark(event)
        is_map = event.__class__ is yaml.MappingStartEvent
        if event.tag not in (None, "!", _TAG + ("map" if is_map else "seq")):
            raise YamlProblem(*mark, f"YAML tag '{_tag_name(event.tag)}' is not allowed in a plan; remove it")
        if self.expecting_key():
            raise YamlProblem(*mark, "a mapping key must be plain text, not a list or mapping")
        if len(self.stack) >= MAX_DEPTH:
            raise YamlProblem(*mark, f"values are nested more than {MAX_DEPTH} levels deep")
        self.count_nodes(1, 0, mark)
        if self.stack and self.stack[-1].key is _MERGE:
            path = self.stack[-1].path
        else:
            path = self.child_path()
            self.positions.values.setdefault(path, mark)
        self.stack.append(_Frame({} if is_map else [], is_map, path, event.anchor))

    def end(self, event: Optional[yaml.Event] = None) -> None:
        frame = self.stack.pop()
        if frame.merges:
            for source in frame.merges:
                for key, value in source.items():
                    frame.container.setdefault(key, value)
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (frame.container, frame.size, frame.chars)
        self.deliver(frame.container, None, frame.size, frame.chars, None, counted=True)

    def deliver(self, value: Any, mark: Optional[tuple[int, int]], size: int, chars: int,
                anchor: Optional[str], counted: bool = False) -> None:
        if not counted:
            self.count_nodes(size, chars, mark or (1, 1))
        if anchor is not None:
            self.anchors[anchor] = (value, size, chars)
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        top.size += size
        top.chars += chars
        if not top.is_map:
            if mark is not None:
                self.positions.values.setdefault(shared(top.path + (len(top.container),)), mark)
            top.container.append(value)
            return
        if top.key is _MERGE:
            sources = value if isinstance(value, list) else [value]
            if not all(isinstance(source, dict) for source in sources):
                raise YamlProblem(*(mark or self.positions.of(top.path)), "'<<' can only merge mappings")
            if top.merges is None:
                top.merges = []
            top.merges.extend(sources)
        else:
            if mark is not None:
                self.positions.values.setdefault(top.child, mark)
            top.container[top.key] = value
        top.key = _NO_KEY
