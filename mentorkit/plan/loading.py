"""Loading plans: YAML with positions -> typed Plan -> rule checks, all problems as diagnostics."""
from __future__ import annotations

import contextlib
import difflib
import errno
import gc
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence

from pydantic import BaseModel, ValidationError

from . import rules
from ..diagnostics import Diagnostic, PlanError, display_path, errors
from .calendar import CADENCE_PATTERN, DAY_PATTERN
from .model import FORMAT_VERSION, Origin, Plan
from .yamlsource import Positions, YamlProblem, parse, read_text

PLAN_SUFFIXES = (".yaml", ".yml")
_LOOKS_LIKE_PLAN = re.compile(rb"(?m)^mentorkit\s*:")
_ITEM_NOUNS = {"goals": "goal", "metrics": "metric", "roadmap": "topic", "milestones": "milestone",
               "resources": "resource", "log": "log entry", "measurements": "measurement", "agenda": "agenda item", "members": "member"}


@dataclass
class PlanResult:
    path: Path
    plan: Optional[Plan]
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return self.plan is not None and not errors(self.diagnostics)


@dataclass
class Document:
    """A plan file read and parsed, not yet validated."""
    path: Path
    data: dict
    positions: Positions

    @property
    def id(self) -> str:
        own = self.data.get("id")
        return own if isinstance(own, str) else slug_from_name(self.path.stem)

    @property
    def follows(self) -> Any:
        """The id of the program this plan follows, as written (a number read as its text)."""
        value = self.data.get("program")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return getattr(value, "source", str(value))
        return value

    @property
    def is_program(self) -> bool:
        """A program plan: it follows nothing and names no pair or circle."""
        return self.follows is None and "pair" not in self.data and "circle" not in self.data


def check_file(path: Path, *, named: bool = True, roots: Optional[Sequence[Path]] = None,
               library: Optional[Path] = None) -> Optional[PlanResult]:
    """Load and check one file. In a folder scan (named=False) a non-plan file gives None.

    Nothing is read through a link that leads out of the project (`roots`, by default the
    project of the file's folder), and nothing but a regular file is read at all. A plan that
    follows a program finds it among the plans under its own folder, else under `library` (the
    plans folder)."""
    read = read_document(path, named=named, roots=roots)
    if not isinstance(read, Document):
        return read
    programs = Library(dict.fromkeys([Path(path).parent] + ([Path(library)] if library is not None else [])))
    return programs.check(read)


def read_document(path: Path, *, named: bool = True,
                  roots: Optional[Sequence[Path]] = None) -> "Document | PlanResult | None":
    """A plan file parsed (a Document), or a PlanResult saying why it cannot be, or None for a
    file a folder scan leaves alone."""
    path = Path(path)
    name = display_path(path)

    def fail(line: int, column: int, message: str) -> PlanResult:
        return PlanResult(path, None, [Diagnostic(name, line, column, "error", message)])

    refusal = outside_project(path, roots if roots is not None else [project_root(path.parent)])
    if refusal:
        return fail(1, 1, refusal)
    try:
        text = read_text(Path(os.path.realpath(path)))  # the file just checked, not a link swapped in since
    except YamlProblem as problem:
        if named or _starts_like_plan(path):
            return fail(problem.line, problem.column, problem.message)
        return None  # unreadable and not recognisably ours: a folder scan skips it
    try:
        data, positions = parse(text)
    except YamlProblem as problem:
        if not named and not _looks_like_plan(text.encode("utf-8", "replace")[:65536]):
            return None  # broken YAML that is not ours: leave it alone
        return fail(problem.line, problem.column, problem.message)
    if not isinstance(data, dict) or not _is_format_version(data.get("mentorkit")):
        if not named:
            return None  # a folder scan takes only YAML whose top level says 'mentorkit: 1'
        if isinstance(data, dict) and "mentorkit" in data:
            return validate_data(data, positions, path)
        if data is None:
            return fail(1, 1, "the file is empty; a plan starts with 'mentorkit: 1'")
        if not isinstance(data, dict):
            kind = "a list" if isinstance(data, list) else "a single value"
            return fail(1, 1, f"the top level is {kind}; a plan is a mapping that starts with 'mentorkit: 1'")
        return fail(1, 1, "not a mentorkit plan: add 'mentorkit: 1' at the top")
    return Document(path, data, positions)


class Library:
    """The plans a pair plan may follow: every plan under some folders, read when first needed,
    and each program checked once however many pairs follow it."""

    def __init__(self, folders: Sequence[Path] = (), documents: Sequence[Any] = (), read: Iterable[Path] = ()):
        self._folders = [Path(f) for f in folders]
        self._documents: Optional[dict[str, Document]] = None
        self._given = [d for d in documents if isinstance(d, Document)]
        # files read already (their Documents and PlanResults given, or found to be no plan): a
        # folder scan of `folders` does not read them again (validate of a folder read each plan twice)
        self._read = {os.path.realpath(f) for f in read}
        # plan files that could not be read, by the id their name gives: a pair following one is told why
        self._unreadable: dict[str, PlanResult] = {slug_from_name(r.path.stem): r for r in documents
                                                   if isinstance(r, PlanResult)}
        self._results: dict[Path, PlanResult] = {}
        # Per program, the values its pairs validated to: what a pair takes unchanged from its
        # program (the roadmap, goals, reflection...) is one object for all of them, so a roster
        # of 20,000 rows holds its program's content once, not 20,000 times.
        self._shared: dict[str, dict[str, Any]] = {}

    @property
    def documents(self) -> dict[str, Document]:
        if self._documents is None:
            self._documents = {}
            found = list(self._given)
            for folder in self._folders:
                roots = project_roots(folder)
                for file in _scan(folder, roots)[0]:
                    if self._read and os.path.realpath(file) in self._read:
                        continue
                    read = read_document(file, named=False, roots=roots)
                    if isinstance(read, Document):
                        found.append(read)
                    elif isinstance(read, PlanResult):
                        self._unreadable.setdefault(slug_from_name(read.path.stem), read)
            for document in found:
                self._documents.setdefault(document.id, document)
        return self._documents

    def check(self, document: Document) -> PlanResult:
        """Validate a document, combined with the program it follows."""
        known = self._results.get(document.path)
        if known is not None:
            return known
        follows = document.follows
        if follows is None or not isinstance(follows, str):
            result = validate_data(document.data, document.positions, document.path)
        else:
            result = self._check_pair(document, follows)
        self._results[document.path] = result
        return result

    def rewritten(self, path: Path) -> None:
        """A plan file of this library was written again (an import recorded a pair's answers):
        read it anew, and check again what it decides."""
        read = read_document(Path(path), named=False, roots=project_roots(Path(path).parent))
        documents = self.documents
        programs = False
        for plan_id, document in list(documents.items()):
            if document.path == Path(path):
                programs |= document.is_program
                del documents[plan_id]
        if isinstance(read, Document):
            documents[read.id] = read
            programs |= read.is_program
        if programs:  # what the pairs that follow it were checked to is stale too
            self._results.clear()
            self._shared.clear()
        self._results.pop(Path(path), None)

    def programs(self) -> list[str]:
        """The ids of the program plans here (plans that follow nothing and name no pair or circle)."""
        return sorted(i for i, d in self.documents.items() if d.is_program)

    def check_unsaved(self, document: Document) -> PlanResult:
        """Validate a document that is no file of its own (a row of a roster: many share one file,
        and each value's position is its place there), combined with the program it follows.
        Checked every time, never remembered by its path as `check` does."""
        follows = document.follows
        if isinstance(follows, str):
            return self._check_pair(document, follows)
        return validate_data(document.data, document.positions, document.path)

    def _check_pair(self, document: Document, program_id: str) -> PlanResult:
        name = display_path(document.path)
        line, col = document.positions.of(("program",))

        def fail(message: str) -> PlanResult:
            return PlanResult(document.path, None, [Diagnostic(name, line, col, "error", message, ("program",))])

        program = self.documents.get(program_id)
        broken = self._unreadable.get(program_id) if program is None else None
        if broken is not None:
            return PlanResult(document.path, None, [*broken.diagnostics, Diagnostic(
                name, line, col, "error", f"follows program '{program_id}' ({display_path(broken.path)}), which "
                "cannot be read: fix it first", ("program",))])
        if program is None or program.path == document.path:
            ids = sorted(i for i, d in self.documents.items() if d.is_program and d.path != document.path)
            close = difflib.get_close_matches(program_id, ids, n=1, cutoff=0.6)
            hint = (f" (did you mean '{close[0]}'?)" if close else
                    f" (programs here: {', '.join(ids[:10])})" if ids else " (there is no program plan here)")
            return fail(f"no program plan with id '{program_id}' among the plans{hint}")
        if program.follows is not None:
            return fail(f"'{program_id}' ({display_path(program.path)}) follows a program itself; "
                        "a plan can follow only a program plan (one without 'program:')")
        if "pair" in program.data or "circle" in program.data:
            return fail(f"'{program_id}' ({display_path(program.path)}) is the plan of a pair, not a program; "
                        "follow a program plan (one without 'pair' or 'circle')")
        from .following import follow

        data, positions = follow(program.data, program.positions, program.path, document.data, document.positions)
        note = f"for {name}, which follows this program"
        result = validate_data(data, positions, document.path, note=note,
                               shared=self._shared.setdefault(program_id, {}))
        checked = self.check(program)
        own = set(checked.diagnostics)
        # What the program says of itself is said once, at the program: the pair's copy of it goes,
        # whether it points into the program or (about a key the pair does not write) into the pair.
        said = {(d.severity, d.message, d.path): d for d in checked.diagnostics}
        exposed = []
        for diagnostic in result.diagnostics:
            plain = _without_note(diagnostic, note)
            inherited = said.get((plain.severity, plain.message, plain.path))
            if plain in own:
                exposed.append(plain)
            elif inherited is not None and not (plain.path and plain.path[0] in document.data):
                exposed.append(inherited)  # the same sentence at the program: one line for all its pairs
            else:
                exposed.append(diagnostic)
        if not checked.ok:
            exposed += errors(checked.diagnostics)  # once, however many pairs follow it
            exposed.append(Diagnostic(name, line, col, "error", f"follows program '{program_id}', which has "
                                      f"errors ({display_path(program.path)}): fix them first", ("program",)))
            return PlanResult(document.path, None, sorted(set(exposed)))
        return PlanResult(document.path, result.plan, sorted(set(exposed)))


def _without_note(diagnostic: Diagnostic, note: str) -> Diagnostic:
    """The diagnostic as the program's own check words it (without the note on who exposed it)."""
    message = diagnostic.message.removesuffix(f" ({note})")
    return Diagnostic(diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.severity, message,
                      diagnostic.path)


def _starts_like_plan(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return _looks_like_plan(handle.read(65536))
    except OSError:
        return False


def _looks_like_plan(head: bytes) -> bool:
    return b"\x00" not in head and _LOOKS_LIKE_PLAN.search(head) is not None


def _is_format_version(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value == FORMAT_VERSION


def validate_data(data: dict, positions: Positions, path: Path, *, note: str = "",
                  shared: Optional[dict[str, Any]] = None) -> PlanResult:
    """Validate a parsed plan. Values that came from another file (a followed program) are
    reported at that file, with `note` saying which plan exposed the problem. `shared`: values
    plans validated to before (those of the pairs of one program); a field equal to one is that
    same object (see `_sharing`)."""
    name = display_path(path)

    def located(line: int, col: int, severity: str, message: str, at: tuple) -> Diagnostic:
        origin = positions.file_of(at)
        if origin is None:
            return Diagnostic(name, line, col, severity, message, at)
        return Diagnostic(display_path(origin), line, col, severity, f"{message} ({note})" if note else message, at)

    if not _is_format_version(data.get("mentorkit")):
        line, col = positions.of(("mentorkit",))
        raw = data.get("mentorkit")
        version = (str(raw).lower() if isinstance(raw, bool) else str(getattr(raw, "source", raw)))[:40]
        return PlanResult(path, None, [Diagnostic(name, line, col, "error",
                          f"unsupported format version '{version}'; this mentorkit reads "
                          f"'mentorkit: {FORMAT_VERSION}' (a whole number)", ("mentorkit",))])
    try:
        plan = Plan.model_validate(data, context={"origin": Origin(path, positions)})
    except ValidationError as exc:
        refused = exc.errors()
        diagnostics = [located(*_schema_diagnostic(error, data, positions)) for error in refused]
        # and what the rules find in the rest, so that one run reports every problem of the plan
        for severity, finding_path, message, at_key in _rules_despite(data, refused, path):
            line, col = positions.of(finding_path, key=at_key)
            diagnostics.append(located(line, col, severity, message, finding_path))
        return PlanResult(path, None, sorted(set(diagnostics)))
    if shared is not None:
        plan = _sharing(plan, shared)
    if plan.id is None:
        plan = plan.model_copy(update={"id": slug_from_name(path.stem)})
    diagnostics = []
    for severity, finding_path, message, at_key in rules.check_plan(plan):
        line, col = positions.of(finding_path, key=at_key)
        diagnostics.append(located(line, col, severity, message, finding_path))
    return PlanResult(path, plan, sorted(set(diagnostics)))


_DATED = ("schedule", "roadmap", "log", "check_ins")  # what the calendar is made of


def _rules_despite(data: dict, refused: list, path: Path) -> list[rules.Finding]:
    """The rules' findings on the plan `data` would be without the values the schema refused: each
    refused value left out (an unknown key, an optional value), or replaced by a stand-in (a required
    text or choice), or its list item left out. A finding about a refused value, about what holds it,
    or naming the id of a list item left out, is dropped: it would only repeat the schema's error or
    be made up; so are the checks of the calendar when its schedule, roadmap or log was refused.
    Findings are located in `data` (an index past a left-out item counts it). [] when the rest still
    does not validate."""
    cut = _Cut(data)
    for error in refused:
        cut.refuse(tuple(error["loc"]), missing=error["type"] == "missing")
    if cut.whole_plan or cut.removed & {("pair",), ("circle",)}:
        return []  # a plan without its people is checked by other rules than the one written
    pruned = cut.apply()
    try:
        plan = Plan.model_validate(pruned)
    except ValidationError:
        return []
    if plan.id is None:
        plan = plan.model_copy(update={"id": slug_from_name(path.stem)})
    dated = not any(p and p[0] in _DATED for p in cut.refused)
    kept = []
    for severity, finding_path, message, at_key in rules.check_plan(plan, dated=dated):
        where = cut.original(finding_path)
        if any(_about_refused(where, message, p) for p in cut.refused):
            continue
        if message.startswith("unknown ") and _value_at(data, where) in cut.ghost_ids:
            continue  # a reference to an item the schema refused: not unknown, only unchecked
        kept.append((severity, where, message, at_key))
    return kept


def _about_refused(finding: tuple, message: str, refused: tuple) -> bool:
    """A finding about a refused value: at it or inside it, or in what holds it and naming its key
    ("SMART goal 'x' needs a 'due' date" when the schema refused that due date; "metric 'm' has no
    target", at the metric's id, when it refused the target)."""
    if finding[:len(refused)] == refused:
        return True
    shared = next((n for n, (a, b) in enumerate(zip(finding, refused)) if a != b), min(len(finding), len(refused)))
    return (shared > 0 and isinstance(refused[-1], str)
            and re.search(rf"\b{re.escape(refused[-1])}\b", message) is not None)


def _value_at(data: Any, path: tuple) -> Any:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node if isinstance(node, str) else None


class _Cut:
    """The values of a plan's data the schema refused, and the data without them."""

    def __init__(self, data: dict):
        self.data = data
        self.refused: set[tuple] = set()      # paths in `data` (an item of a list: its index there)
        self.removed: set[tuple] = set()      # list items and keys left out
        self.stand_ins: dict[tuple, Any] = {}  # required values replaced (or added, when missing)
        self.ghost_ids: set[str] = set()      # ids of the list items left out
        self.whole_plan = False
        self._lists: dict[tuple, list[int]] = {}

    def refuse(self, loc: tuple, *, missing: bool) -> None:
        at = self._in_data(loc)
        if missing and len(at) < len(loc) and isinstance(loc[len(at)], str) and isinstance(self._node(at), dict):
            at = at + (loc[len(at)],)  # the key that is missing, in a mapping that is there
        self.refused.add(at)
        self._leave_out(at, missing=missing)

    def _in_data(self, loc: tuple) -> tuple:
        """The longest start of `loc` that is a path in the data (the validator adds steps of its own)."""
        node, at = self.data, ()
        for part in loc:
            if isinstance(node, dict) and part in node or isinstance(node, list) and isinstance(part, int) \
                    and 0 <= part < len(node):
                node, at = node[part], at + (part,)
            else:
                break
        return at

    def _node(self, at: tuple) -> Any:
        node = self.data
        for part in at:
            node = node[part]
        return node

    def _leave_out(self, at: tuple, *, missing: bool = False) -> None:
        if not at:
            self.whole_plan = True
            return
        parent = self._node(at[:-1])
        if isinstance(parent, list):
            self.removed.add(at)
            item = parent[at[-1]]
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                self.ghost_ids.add(item["id"])
            return
        info = _field_at(at)
        if info is None or not info.is_required():
            if not missing:
                self.removed.add(at)  # an unknown key, an optional value, an entry of a free mapping
            return
        if info.annotation is not str:  # a required choice or mapping: what holds it goes
            self._leave_out(at[:-1])
            return
        if not missing and isinstance(self._node(at), str):
            self.ghost_ids.add(self._node(at))  # a refused id: references to it are not news
        self.stand_ins[at] = f"unchecked-{len(self.stand_ins)}"  # a valid id, title and name alike

    def apply(self) -> Any:
        return self._copy(self.data, ())

    def _copy(self, node: Any, at: tuple) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                here = at + (key,)
                if here in self.removed:
                    continue
                out[key] = self.stand_ins[here] if here in self.stand_ins else self._copy(value, here)
            for here, value in self.stand_ins.items():
                if here[:-1] == at and here[-1] not in out:
                    out[here[-1]] = value
            return out
        if isinstance(node, list):
            out_list, gone = [], []
            for index, value in enumerate(node):
                if at + (index,) in self.removed:
                    gone.append(index)
                else:
                    out_list.append(self._copy(value, at + (index,)))
            if gone:
                self._lists[at] = gone
            return out_list
        return node

    def original(self, path: tuple) -> tuple:
        """A path in the data without the refused values, as a path in the data as written."""
        out: tuple = ()
        for part in path:
            if isinstance(part, int) and out in self._lists:
                for gone in self._lists[out]:  # ascending: each left-out item before it moves it on
                    if gone <= part:
                        part += 1
            out = out + (part,)
        return out


def _field_at(at: tuple) -> Any:
    """The model field a data path names (None: no field of a model, such as a free mapping's entry)."""
    model: Any = Plan
    for part in at[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if isinstance(model, type) and issubclass(model, BaseModel) else None
        if field is None:
            return None
        model = _inner_model(field.annotation)
    if isinstance(at[-1], int) or not (isinstance(model, type) and issubclass(model, BaseModel)):
        return None
    return model.model_fields.get(at[-1])


def _sharing(plan: Plan, shared: dict[str, Any]) -> Plan:
    """`plan` with each field equal to the one in `shared` replaced by that object (fields are
    immutable models and lists nothing changes); the first value of a field is kept in `shared`.
    Called before anything is derived from the plan (its calendar), which would hold the copies."""
    same = {}
    for name in Plan.model_fields:
        value = getattr(plan, name)
        if name not in shared:
            shared[name] = value
        elif shared[name] is not value and shared[name] == value:
            same[name] = shared[name]
    return plan.model_copy(update=same) if same else plan


def slug_from_name(name: str) -> str:
    """A valid id made from a file name: 'My Plan' -> 'my-plan'."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:100].strip("-")
    return slug or "plan"


def _schema_diagnostic(error: dict, data: Any, positions: Positions) -> tuple[int, int, str, str, tuple]:
    """(line, column, severity, message, path) of one validation error."""
    loc = tuple(error["loc"])
    kind = error["type"]
    at_key = kind == "extra_forbidden"
    if kind == "missing":
        line, col = positions.of(loc[:-1])
    else:
        line, col = positions.of(loc, key=at_key)
    return line, col, "error", _friendly(error, loc, data), loc


def _where(loc: tuple, data: Any) -> str:
    """' in goal 'first-release'' for a location inside a named list item."""
    context = ""
    node = data
    for depth, part in enumerate(loc):
        if isinstance(part, int) and depth and isinstance(loc[depth - 1], str) and isinstance(node, list):
            noun = _ITEM_NOUNS.get(loc[depth - 1], "item")
            item = node[part] if part < len(node) else None
            label = None
            if isinstance(item, dict):
                label = item.get("id") or item.get("title") or item.get("topic")
            if noun == "log entry" and isinstance(item, dict) and isinstance(item.get("meeting"), int):
                context = f" in the log of meeting {item['meeting']}"
            elif isinstance(label, (str, int)) and label != "":
                label = str(label) if len(str(label)) <= 40 else str(label)[:37] + "..."
                context = f" in {noun} '{label}'"
            else:
                context = f" in {noun} {part + 1}"
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    return context


def _field_label(loc: tuple) -> str:
    """'schedule.start' or 'due': the key path since the last list item, as the author wrote it."""
    tail: list[str] = []
    for part in reversed(loc):
        if not isinstance(part, str):
            break
        tail.insert(0, part)
    return ".".join(tail) or "value"


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _number_text(value: Any) -> str:
    """A number as the author wrote it, or readably: 1000000000000000.0 -> '1,000,000,000,000,000'."""
    if hasattr(value, "source"):
        return value.source
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        value = int(value)
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _known_keys(loc: tuple, data: Any) -> list[str]:
    model: Any = Plan
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if isinstance(model, type) and issubclass(model, BaseModel) else None
        if field is None:
            return []
        model = _inner_model(field.annotation)
    return list(model.model_fields) if isinstance(model, type) and issubclass(model, BaseModel) else []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    for meta in getattr(annotation, "__metadata__", ()) or ():
        found = _inner_model(getattr(meta, "annotation", None))
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    return _inner_model(origin) if origin is not None and origin is not annotation else None


def _friendly(error: dict, loc: tuple, data: Any) -> str:
    """Rewrite the validator's wording into what a plan author can act on."""
    kind = error["type"]
    field = _field_label(loc)
    where = _where(loc, data)
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        known = _known_keys(loc, data)
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else (f" (known keys: {', '.join(known)})" if known else "")
        parent = _field_label(loc[:-1]) if len(loc) > 1 and isinstance(loc[-2], str) else ""
        inside = f" in {parent}" if parent else ""  # 'in pair.mentee': a flow mapping's line says no more
        return f"unknown key '{loc[-1]}'{inside}{where}{hint}"
    if kind == "missing":
        parent = _field_label(loc[:-1]) if any(isinstance(p, str) for p in loc[:-1]) else ""
        inside = where or (f" in {parent}" if parent else "")
        return f"missing required key '{loc[-1]}'{inside}"
    if kind == "value_error":
        return f"{field}{where}: {str(ctx.get('error', error['msg'])).removeprefix('Value error, ')}"
    if kind in ("string_type", "string_sub_type"):
        return f"{field}{where} should be text, not {_type_name(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{field}{where} should be a whole number, not {_type_name(value)}"
    if kind in ("float_type", "float_parsing"):
        return f"{field}{where} should be a number, not {_type_name(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"{field}{where} should be true or false, not {_type_name(value)}"
    if kind == "list_type":
        return f"{field}{where} should be a list (- item lines or [a, b]), not {_type_name(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{field}{where} should be a mapping of keys to values, not {_type_name(value)}"
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = difflib.get_close_matches(str(value).strip().lower(), choices, n=1, cutoff=0.6) \
            if isinstance(value, str) else []
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"{field}{where} is {_type_name(value)}; expected one of {ctx.get('expected', '')}{hint}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bounds = {"greater_than_equal": "at least", "less_than_equal": "at most",
                  "greater_than": "more than", "less_than": "less than"}[kind]
        limit = next(iter(ctx.values()), "")
        if loc[-1] == "rating":
            return f"rating{where} is {value}; a rating is a whole number from 1 to 10"
        return f"{field}{where} is {_number_text(value)}; it must be {bounds} {_number_text(limit)}"
    if kind == "finite_number":
        return f"{field}{where} is {_number_text(value)}; a number in a plan must be finite (not .nan or .inf)"
    if kind == "too_long":
        count = ctx.get("actual_length") or (len(value) if hasattr(value, "__len__") else "too many")
        return (f"{field}{where} has {count} items; a plan may have at most "
                f"{ctx.get('max_length')} here (keep the most important ones, or split the plan)")
    if kind == "too_short":
        count = ctx.get("actual_length", 0)
        return (f"{field}{where} has {count} item{'s' if count != 1 else ''}; it needs at least "
                f"{ctx.get('min_length')}")
    if kind == "string_pattern_mismatch":
        if loc[-1] == "cadence":
            hint = _suggestion(value, CADENCE_PATTERN, _CADENCE_WORDS)
            return (f"cadence {_type_name(value)} is not one I know{hint}; use weekly, biweekly, monthly, "
                    "'every N weeks' or 'every N days'")
        if loc[-1] == "day":
            hint = _suggestion(value, DAY_PATTERN, _DAY_WORDS)
            return (f"day {_type_name(value)} is not one I know{hint}; use a weekday in lowercase (wednesday) "
                    "for weekly schedules, and for monthly ones 'same day', 'last day' or 'first', 'second', "
                    "'third', 'fourth' or 'last' and a weekday (first wednesday, last friday)")
        if loc[-1] == "time":
            return f"time {_type_name(value)} is not a time of day; write it as \"HH:MM\" in 24 hours, e.g. \"14:00\""
        return (f"{_type_name(value)} is not a valid id; use lowercase letters, digits and "
                "hyphens, starting with a letter or digit (like 'first-release')")
    if kind == "string_too_long":
        if loc[-1] == "id":
            return f"{field}{where} is too long (at most {ctx.get('max_length')} characters)"
        return (f"{field}{where} is too long ({len(str(value)):,} characters; at most {ctx.get('max_length')}): "
                "keep it to one line, and put the details in a longer field")
    return f"{field}{where}: {error['msg']}"


# Words people write for a cadence or a day, and the word the format has for them.
_CADENCE_WORDS = {"fortnightly": "biweekly", "bi-weekly": "biweekly", "bi weekly": "biweekly",
                  "every other week": "biweekly", "every two weeks": "biweekly", "every fortnight": "biweekly",
                  "once a fortnight": "biweekly", "every week": "weekly", "once a week": "weekly",
                  "every month": "monthly", "once a month": "monthly", "every three weeks": "every 3 weeks",
                  "every four weeks": "every 4 weeks", "daily": "every 1 day", "every day": "every 1 day"}
_DAY_WORDS = {"mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday", "thu": "thursday",
              "thur": "thursday", "thurs": "thursday", "fri": "friday", "sat": "saturday", "sun": "sunday",
              "1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth"}


def _suggestion(value: Any, pattern: str, words: dict[str, str]) -> str:
    """' (did you mean 'biweekly'?)' when the value, in lowercase with its usual synonyms and
    abbreviations replaced, is one the pattern takes; else ''."""
    if not isinstance(value, str) or len(value) > 60:
        return ""
    text = " ".join(value.lower().replace(".", " ").split())
    text = words.get(text, text)
    text = " ".join(words.get(word, word) for word in text.split())
    text = words.get(text, text)
    return f" (did you mean '{text}'?)" if text != value and re.fullmatch(pattern, text) else ""


@dataclass
class Program:
    """Every plan under a folder, with all the diagnostics found while loading them."""

    folder: Path
    plans: list[Plan] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    checked: int = 0  # plan files looked at, valid or not

    @property
    def ok(self) -> bool:
        return not errors(self.diagnostics)


CONFIG_NAME = "mkdocs.yml"  # the program's settings file: the project is the folder that holds it


def project_root(folder: Path | str) -> Path:
    """The project a plans folder (or a named plan's folder) belongs to: the nearest folder at or
    above it holding mkdocs.yml, else that folder itself."""
    folder = Path(os.path.abspath(folder))
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate
    return folder


def project_roots(folder: Path | str) -> list[Path]:
    """The real folders a plans folder may read from: its project and (when the plans folder is
    itself a link the user set up) the folder it really is."""
    return sorted({Path(os.path.realpath(project_root(folder))), Path(os.path.realpath(folder))})


def outside_project(path: Path | str, roots: Path | Sequence[Path]) -> Optional[str]:
    """Why `path` must not be read as part of the project at `roots`, or None when it may be.

    Refused: a link (or a path through a folder link) whose target is outside the project, a loop
    of links, a link to nothing, and anything that is not a regular file or folder (a FIFO or a
    device would hang the build or never end). The MkDocs plugin filters docs_dir files with it too.
    A missing file that is not a link is not refused here: reading it says 'no such file'."""
    roots = [roots] if isinstance(roots, (str, Path)) else list(roots)
    real_roots = [Path(os.path.realpath(root)) for root in roots]
    try:
        real = Path(os.path.realpath(path, strict=True))
        mode = os.stat(real).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a loop of symbolic links; remove the link"
        if os.path.islink(path):
            return "is a symbolic link to nothing (its target does not exist); remove the link"
        return None
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "is not a regular file"  # a FIFO, a device or a socket: reading could hang or never end
    if not any(real == root or root in real.parents for root in real_roots):
        return ("is a link that leads outside the project; mentorkit reads nothing outside the project "
                "through a link (copy the file into the project instead)")
    return None


def plan_files(folder: Path) -> list[Path]:
    """YAML files under folder, skipping hidden folders, in a stable order."""
    return _scan(Path(folder), project_roots(folder))[0]


def _scan(folder: Path, roots: Sequence[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Plan files under folder (depth first, sorted, hidden names skipped) and a located warning for
    every entry skipped: a link out of the project, a loop, a FIFO or device with a plan's name (a
    named file gets an error instead). Folder links inside the project are followed, each real
    folder once (so a link loop ends)."""
    found: list[Path] = []
    refused: list[Diagnostic] = []
    seen: set[str] = set()
    seen_files: set[str] = set()  # a plan reached through two links is read once
    pending = [folder]
    while pending:
        current = pending.pop()
        real = os.path.realpath(current)
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError as exc:
            refused.append(Diagnostic(display_path(current), 1, 1, "warning",
                                      f"skipped: cannot read this folder: {exc.strerror or exc}"))
            continue
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            is_plan_name = entry.name.lower().endswith(PLAN_SUFFIXES)  # p1.YAML is a plan too
            if entry.is_symlink() or not (entry.is_dir(follow_symlinks=False) or entry.is_file(follow_symlinks=False)):
                refusal = outside_project(path, roots)
                if refusal:
                    if is_plan_name or _is_folder(path):
                        refused.append(Diagnostic(display_path(path), 1, 1, "warning", f"skipped: {refusal}"))
                    continue
            if _is_folder(path):
                folders.append(path)
            elif is_plan_name and entry.is_file() and os.path.realpath(path) not in seen_files:
                seen_files.add(os.path.realpath(path))
                found.append(path)
        pending.extend(reversed(folders))
    return found, refused


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Reading plans makes many small objects and few cycles: the garbage collector's youngest
    generation, collected every 700 new objects, scanned them again and again (a quarter of the
    CPU of checking 1,000 plans). Collected every 50,000 here; the usual thresholds after. What
    was there before (the modules, pydantic's schemas: most objects of a `validate` process) is
    frozen meanwhile, so that the oldest generation's collections do not scan it again."""
    before = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0  # a host program that froze its own objects keeps them frozen
    gc.set_threshold(max(before[0], 50_000), *before[1:])
    if freeze:
        gc.freeze()
    try:
        yield
    finally:
        if freeze:
            gc.unfreeze()
        gc.set_threshold(*before)


def check_paths(paths: Iterable[Path], *, require_plans: bool = True, library: Optional[Path] = None) -> Program:
    """Check named files and folders; with require_plans, a folder with no plans is an error.
    A pair plan finds the program it follows among the plans checked with it, else under its own
    folder, else under `library` (the plans folder)."""
    with fewer_collections():
        return _check_paths(list(paths), require_plans=require_plans, library=library)


def _check_paths(paths: list[Path], *, require_plans: bool, library: Optional[Path]) -> Program:
    paths = list(paths)
    program = Program(folder=Path("."))
    reads: list[Any] = []
    read_files: list[Path] = []
    folders: list[Path] = []
    for path in paths:
        path = Path(path)
        try:
            is_folder = path.is_dir()
        except OSError as exc:  # a name too long, a loop of links...
            program.diagnostics.append(Diagnostic(display_path(path), 1, 1, "error",
                                                  f"cannot read: {exc.strerror or exc}"))
            continue
        if is_folder:
            if len(paths) == 1:
                program.folder = path
            roots = project_roots(path)
            files, refused = _scan(path, roots)
            program.diagnostics += refused
            found = [r for r in (read_document(f, named=False, roots=roots) for f in files) if r]
            read_files += files
            if not found and require_plans:
                program.diagnostics.append(Diagnostic(display_path(path), 1, 1, "error",
                                           "no plans in this folder (a plan is a .yaml file that starts "
                                           "with 'mentorkit: 1')"))
            reads += found
        else:
            reads.append(read_document(path, named=True))
            read_files.append(path)
            folders.append(path.parent)
    if library is not None:
        folders.append(Path(library))
    programs = Library(dict.fromkeys(folders), [r for r in reads if r is not None], read=read_files)
    for read in reads:
        result = programs.check(read) if isinstance(read, Document) else read
        program.checked += 1
        program.diagnostics += result.diagnostics
        if result.plan is not None:
            program.plans.append(result.plan)
    program.diagnostics += _duplicate_plan_ids(program.plans)
    program.diagnostics = sorted(set(program.diagnostics))
    return program


def _duplicate_plan_ids(plans: list[Plan]) -> list[Diagnostic]:
    first: dict[str, Plan] = {}
    found = []
    for plan in plans:
        if plan.id in first:
            line, col = plan.positions.of(("id",))
            found.append(Diagnostic(display_path(plan.source), line, col, "error",
                                    f"plan id '{plan.id}' is already used by {display_path(first[plan.id].source)}; "
                                    "plan ids must be unique", ("id",)))
        else:
            first[plan.id] = plan
    return found


def load_program(folder: Path | str) -> Program:
    """Load every plan under a folder (none is fine: a new program). Never raises for bad
    plans: look at `.diagnostics`."""
    return check_paths([Path(folder)], require_plans=False)


def load_plan(path: Path | str, *, library: Optional[Path] = None) -> Plan:
    """Load one plan; raise PlanError (with located diagnostics) when it has errors. A pair plan
    finds its program under its own folder, else under `library` (the plans folder)."""
    result = check_file(Path(path), named=True, library=library)
    if not result.ok:
        raise PlanError(result.diagnostics)
    return result.plan
