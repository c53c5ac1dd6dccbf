"""The plan file edited in place with ruamel.yaml's round trip: only the keys an import fills
change; the author's comments, key order, quoting and layout stay as they were."""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any, Optional

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from ..plan.model import LogEntry, Plan
from ..workbook.context import inline
from .answers import Answer
from .rows import same_title


@dataclass
class Edit:
    """What applying the answers did: changed (where, what), conflicts (where, what, the plan's, the PDF's)."""
    changed: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[tuple[str, str, Any, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def round_trip() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a line the author wrote
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(text: str) -> CommentedMap:
    return round_trip().load(text)


def dump(document: CommentedMap) -> str:
    out = io.StringIO()
    round_trip().dump(document, out)
    return out.getvalue()


def _plain(value: Any) -> Any:
    """A value as the workbook printed it in a field: text without its Markdown, lists as items."""
    if isinstance(value, str):
        return " ".join(inline(value).striptags().split())
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def same(old: Any, new: Any) -> bool:
    if isinstance(old, (dt.date, int, float)) or isinstance(new, (dt.date, int, float, bool)):
        return old == new
    return _plain(old) == _plain(new)


def _text(value: Any) -> Any:
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value if value.endswith("\n") else value + "\n")
    if isinstance(value, list):
        seq = CommentedSeq(_text(v) for v in value)
        return seq
    return value


def _commented(value: Any) -> Any:
    """A plain value (a goal, a list of milestones) as ruamel writes it: block style, texts as written."""
    if isinstance(value, dict):
        return _block(CommentedMap((k, _commented(v)) for k, v in value.items()))
    if isinstance(value, list):
        seq = CommentedSeq(_commented(v) for v in value)
        return _block(seq) if any(isinstance(v, (dict, list)) for v in value) else seq
    return _text(value)


def _own_list(parent: CommentedMap, key: str, whole: Any, edit: Edit, where: str) -> CommentedSeq:
    """The file's own list at `key`; when it has none, the plan's (from its program) copied in first,
    since a pair's list replaces the program's whole."""
    listed = parent.get(key)
    if isinstance(listed, CommentedSeq):
        return listed
    listed = parent[key] = _commented(list(whole or []))
    if not isinstance(listed, CommentedSeq):  # pragma: no cover - _commented keeps a list a list
        raise TypeError(key)
    _block(listed)
    if whole:
        edit.changed.append((where, f"{key} copied from the program, to hold this pair's"))
    return listed


def _title(item: Any) -> Any:
    return item.get("title") if isinstance(item, dict) else item


def _block(node: Any) -> Any:
    if isinstance(node, (CommentedMap, CommentedSeq)):
        node.fa.set_block_style()
    return node


def _mapping(parent: CommentedMap, key: str) -> CommentedMap:
    node = parent.get(key)
    if not isinstance(node, CommentedMap):
        node = parent[key] = CommentedMap()
    return _block(node) if not node else node


def _entry(document: CommentedMap, meeting: int) -> CommentedMap:
    """The log entry of a meeting, added (in meeting order) when the plan has none."""
    log = document.get("log")
    if not isinstance(log, CommentedSeq):
        log = document["log"] = CommentedSeq()
    if not log:
        _block(log)
    for entry in log:
        if isinstance(entry, dict) and entry.get("meeting") == meeting:
            return entry
    entry = CommentedMap(meeting=meeting)
    place = next((i for i, e in enumerate(log) if isinstance(e, dict) and isinstance(e.get("meeting"), int)
                  and e["meeting"] > meeting), len(log))
    log.insert(place, entry)
    return entry


def apply(document: CommentedMap, answers: list[Answer], *, overwrite: bool = False) -> Edit:
    """Record every answer in the plan file's document, in place. Keys it adds come after the
    file's own, in the order the plan format lists them (a plan's, a log entry's)."""
    edit = Edit()
    had = _keys(document)
    for answer in answers:
        try:
            _apply(document, answer, overwrite, edit)
        except (TypeError, AttributeError, IndexError):  # the file holds something else there
            edit.skipped.append(f"{answer.where}: {answer.what} (the plan writes that key in another form)")
    _in_format_order(document, had.get(None, set()), list(Plan.model_fields))
    for entry in document.get("log") or []:
        if isinstance(entry, CommentedMap):
            _in_format_order(entry, had.get(id(entry), set()), list(LogEntry.model_fields))
    return edit


def _keys(document: CommentedMap) -> dict:
    """The keys the file has before the import: the plan's (None) and each log entry's (by id)."""
    had: dict = {None: set(document)}
    log = document.get("log")
    for entry in log if isinstance(log, CommentedSeq) else []:
        if isinstance(entry, CommentedMap):
            had[id(entry)] = set(entry)
    return had


def _in_format_order(mapping: CommentedMap, had: set, order: list[str]) -> None:
    added = [key for key in mapping if key not in had]
    place = {key: n for n, key in enumerate(order)}
    for key in sorted(added, key=lambda k: place.get(k, len(order))):
        mapping[key] = mapping.pop(key)  # to the end, after the file's own keys


def _apply(document: CommentedMap, answer: Answer, overwrite: bool, edit: Edit) -> None:
    key = answer.key
    if key[0] == "log":
        parent, rest = _entry(document, key[1]), key[2:]
        if answer.mode == "held":
            return  # the entry is there now
    elif answer.mode == "append":
        parent = document
        for step in key[:-1]:
            parent = _mapping(parent, step)
        own = parent.get(key[-1])
        held = own if isinstance(own, CommentedSeq) else (answer.whole or [])  # what the plan shows now
        if any(same_title(_title(item), _title(answer.value)) for item in held):
            return  # there already: a pair's list is copied from its program only to hold something new
        _own_list(parent, key[-1], answer.whole, edit, answer.where).append(_commented(answer.value))
        edit.changed.append((answer.where, answer.what))
        return
    elif key[0] == "milestones":
        milestones = _own_list(document, "milestones", answer.whole, edit, answer.where)
        if len(milestones) < key[1]:
            edit.skipped.append(f"{answer.where}: {answer.what} (the plan has no milestone {key[1]} any more)")
            return
        parent, rest = milestones[key[1] - 1], key[2:]
    else:
        parent, rest = document, key
    if answer.mode == "sign":
        *path, name = rest
        for step in path[:-1]:
            parent = _mapping(parent, step)
        signed = parent.get(path[-1])
        if not isinstance(signed, CommentedSeq):
            signed = parent[path[-1]] = _block(CommentedSeq())
        entry = next((s for s in signed if isinstance(s, dict) and s.get("name") == name), None)
        if entry is None:
            entry = CommentedMap(name=name)
            signed.append(entry)
            if answer.value is None:
                edit.changed.append((answer.where, answer.what))
        if answer.value is not None:
            _set(entry, "date", answer, overwrite, edit)
        return
    for step in rest[:-1] if answer.mode != "at" else rest[:-2]:
        parent = _mapping(parent, step)
    if answer.mode == "add":
        done = parent.get(rest[-1])
        if not isinstance(done, CommentedSeq):
            done = parent[rest[-1]] = CommentedSeq()
            done.fa.set_flow_style()
        if answer.value not in done:
            done.append(answer.value)
            done.sort()
            edit.changed.append((answer.where, answer.what))
        return
    if answer.mode == "at":
        listed = parent.get(rest[-2])
        if not isinstance(listed, CommentedSeq):
            listed = parent[rest[-2]] = CommentedSeq()
            if all(isinstance(a, int) for a in [answer.value]):
                listed.fa.set_flow_style()
        index = rest[-1] - 1
        while len(listed) <= index:
            listed.append(None)
        old = listed[index]
        if old is None or old == "":
            listed[index] = _text(answer.value)
            edit.changed.append((answer.where, answer.what))
        elif not same(old, answer.value):
            edit.conflicts.append((answer.where, answer.what, old, answer.value))
            if overwrite:
                listed[index] = _text(answer.value)
        return
    _set(parent, rest[-1], answer, overwrite, edit)


def _set(parent: CommentedMap, key: str, answer: Answer, overwrite: bool, edit: Edit) -> None:
    old: Optional[Any] = parent.get(key)
    if old in (None, "", []) or (isinstance(old, CommentedSeq) and not old):
        parent[key] = _text(answer.value)
        edit.changed.append((answer.where, answer.what))
    elif not same(old, answer.value):
        edit.conflicts.append((answer.where, answer.what, old, answer.value))
        if overwrite:
            parent[key] = _text(answer.value)
