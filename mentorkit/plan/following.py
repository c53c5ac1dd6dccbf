"""A pair plan that follows a program: how the two documents combine into one plan.

The pair plan says `program: ID` and holds only what is its own; everything else comes from the
program plan with that id. The rules, in the format reference too:

- a key of the pair plan replaces the program's value for that key;
- except mappings (`schedule`, `logistics`, `expectations`, `self_assessment`...), which combine
  key by key, the pair's keys replacing the program's, at every depth;
- and `goals` and `metrics`, which combine by `id`: a pair's goal with the id of a program goal
  replaces it where it stands, a new id is added after the program's;
- `id`, `title`, `visibility`, `pair`, `circle`, `log` and `measures` are never taken from the
  program: they belong to the pair (and the program's measures to the program's report) (a pair plan without a title is called '<program title>: <names>').

The combination is made on the YAML documents, before validation, so that every value keeps the
line, column and file it was written at: a problem in an inherited roadmap is reported in the
program's file.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .model import MAX_LINE_CHARS
from .yamlsource import Positions, shared

NOT_INHERITED = frozenset({"id", "title", "program", "visibility", "pair", "circle", "log", "measures"})
BY_ID = frozenset({"goals", "metrics"})


def follow(program: dict, program_positions: Positions, program_file: Path,
           own: dict, own_positions: Positions) -> tuple[dict, Positions]:
    """The plan a pair plan (`own`) following `program` describes, and where each value is written."""
    merged = Positions(files=dict(own_positions.files))
    result: dict[str, Any] = {}
    for key, value in program.items():
        if key not in NOT_INHERITED and key != "mentorkit":
            result[key] = value
    _take_keys(program_positions, result.keys(), merged, program_file)
    replaced = []  # the pair's keys that replace the program's whole value: moved in one pass
    moves: dict[tuple, tuple] = {}  # and the paths of the values it replaces deeper down, in one more
    for key, value in own.items():
        if key in result and key in BY_ID and isinstance(value, list) and isinstance(result[key], list):
            result[key] = _by_id(result[key], value, (key,), moves)
        elif key in result and isinstance(value, dict) and isinstance(result[key], dict):
            result[key] = _mapping(result[key], value, (key,), moves)
        else:
            result[key] = value
            replaced.append(key)
    _move(own_positions, moves, merged)
    _replace_keys(own_positions, replaced, merged)
    if "title" not in own and isinstance(program.get("title"), str):
        result["title"] = title_with_people(program["title"], own, result.get("language"))
        _take(own_positions, ("program",), merged, ("title",), None)
    merged.values.setdefault((), own_positions.values.get((), (1, 1)))
    return result, merged


def _mapping(base: dict, own: dict, path: tuple, moves: dict[tuple, tuple]) -> dict:
    """The pair's mapping over the program's, key by key; the paths whose positions move, to `moves`."""
    result = dict(base)
    for key, value in own.items():
        at = path + (key,)
        if key in result and isinstance(value, dict) and isinstance(result[key], dict):
            result[key] = _mapping(result[key], value, at, moves)
        else:
            result[key] = value
            moves[at] = at
    return result


def _by_id(base: list, own: list, path: tuple, moves: dict[tuple, tuple]) -> list:
    """The pair's items over the program's, by id; the paths whose positions move, to `moves`."""
    result = list(base)
    index = {item.get("id"): i for i, item in enumerate(base) if isinstance(item, dict) and item.get("id") is not None}
    taken: set = set()  # ids the pair already wrote: a repeat is added, for the duplicate-id rule to see
    for j, item in enumerate(own):
        item_id = item.get("id") if isinstance(item, dict) else None
        i = index.get(item_id) if isinstance(item_id, str) and item_id not in taken else None
        if isinstance(item_id, str):
            taken.add(item_id)
        if i is None:
            i = len(result)
            result.append(item)
        else:
            result[i] = item
        moves[path + (j,)] = path + (i,)
    return result


def title_with_people(program_title: str, own: dict, language: Any = None) -> str:
    """The program's title and the people's names (each on one line: a name's own line break is
    reported at the name, not again in the title made of it; a `>` block's title ends in one),
    joined in the plan's language ('Jana Weber und Tom Müller')."""
    def one_line(text: str) -> str:
        return " ".join(text.split())

    program_title = one_line(program_title)
    names = []
    people = own.get("pair") if isinstance(own.get("pair"), dict) else {}
    for side in ("mentor", "mentee"):
        person = people.get(side) if isinstance(people, dict) else None
        if isinstance(person, dict) and isinstance(person.get("name"), str):
            names.append(one_line(person["name"]))
    circle = own.get("circle")
    if isinstance(circle, dict) and isinstance(circle.get("members"), list):
        names = [one_line(m["name"]) for m in circle["members"] if isinstance(m, dict) and isinstance(m.get("name"), str)]
    if not names:
        return program_title
    from ..locale import _, babel_locale, speaking

    try:
        locale = babel_locale(language) if isinstance(language, str) and language.strip() else None
    except ValueError:
        locale = None  # a tag mentorkit refuses, at the plan's `language`
    if locale is None or locale.language == "en":  # English as ever: no comma before 'and'
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    else:
        from babel.lists import format_list

        joined = format_list(names, locale=locale)
    title = f"{program_title}: {joined}"
    if len(title) > MAX_LINE_CHARS:  # a big circle: name it by its size instead
        with speaking(locale.language if locale is not None else None):
            title = _("%(program)s: a circle of %(count)s") % {"program": program_title, "count": len(names)}
    return title


def _take(source: Positions, from_path: tuple, target: Positions, to_path: tuple, file: Any) -> None:
    """Copy the positions of the subtree at from_path in `source` to to_path in `target`."""
    size = len(from_path)
    for table, into in ((source.values, target.values), (source.keys, target.keys)):
        for path, position in table.items():
            if path[:size] == from_path:
                into[shared(to_path + path[size:])] = position
    if file is not None:
        target.files[to_path] = file
    else:
        for path, origin in source.files.items():
            if path[:size] == from_path:
                target.files[to_path + path[size:]] = origin
        if target.file_of(to_path) is not None:
            target.files[to_path] = None  # written here, inside a subtree that came from elsewhere


def _take_keys(source: Positions, keys: Any, target: Positions, file: Any) -> None:
    """`_take` of every top-level key in `keys` at once: one pass over the program's positions,
    not one for each key (a pair's check spent a third of its time here)."""
    keys = set(keys)
    if file is None:  # the subtrees keep the files they came from
        for key in keys:
            _take(source, (key,), target, (key,), None)
        return
    for table, into in ((source.values, target.values), (source.keys, target.keys)):
        for path, position in table.items():
            if path and path[0] in keys:
                into[path] = position
    for key in keys:
        target.files[(key,)] = file


def _replace_keys(source: Positions, keys: Any, target: Positions) -> None:
    """Forget the positions of every top-level key in `keys`, then `_take` them from the pair's own file: one pass
    over each table rather than one for each key."""
    keys = set(keys)
    if not keys:
        return
    for table in (target.values, target.keys, target.files):
        for path in [p for p in table if p and p[0] in keys]:
            del table[path]
    for table, into in ((source.values, target.values), (source.keys, target.keys), (source.files, target.files)):
        for path, value in table.items():
            if path and path[0] in keys:
                into[path] = value
    for key in keys:
        if target.file_of((key,)) is not None:
            target.files[(key,)] = None  # written here, inside a subtree that came from elsewhere


def _move(source: Positions, moves: dict[tuple, tuple], target: Positions) -> None:
    """For each (from_path, to_path) of `moves` (to_paths of disjoint subtrees, and from_paths too):
    forget the subtree at to_path, then `_take` the one at from_path from the pair's own positions to
    it. One pass over each table for all of them, not one for each (a pair spent a third of its check
    going over the program's positions once per key it set in a mapping, and per goal it replaced)."""
    if not moves:
        return
    sizes = sorted({len(path) for path in moves})
    dropped = set(moves.values())
    for table in (target.values, target.keys, target.files):
        for path in [p for p in table if any(p[:size] in dropped for size in sizes)]:
            del table[path]
    for table, into in ((source.values, target.values), (source.keys, target.keys), (source.files, target.files)):
        for path, value in table.items():
            for size in sizes:
                to_path = moves.get(path[:size])
                if to_path is not None:
                    into[shared(to_path + path[size:])] = value
                    break
    for to_path in moves.values():
        if target.file_of(to_path) is not None:
            target.files[to_path] = None  # written here, inside a subtree that came from elsewhere
