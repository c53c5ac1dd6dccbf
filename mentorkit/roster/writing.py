"""Writing a roster's files: every pair's workbook and calendar (and plan), then the index.

Workbooks come from `WorkbookBatch` (its content-hash cache, its worker processes, or a Dask
cluster's workers), and are written here under the pair's own name. Each file is written
atomically, and only when its bytes changed: a re-run after editing one row rewrites that pair's
files only. The roster writes only into a folder of its own (empty, new, or marked by an earlier
run). The index of the previous run stays until the new one is written whole, at the end; until
then each pair written is noted in a journal, so a run that is stopped forgets no pair's name or
file. Nothing that is a pair's record is removed: a pair no longer on the roster keeps its plan,
its calendar becomes a calendar of cancelled events, and the index lists it as no longer there.
"""
from __future__ import annotations

import hashlib
import json
import re
import time
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

from ..diagnostics import MentorkitError, display_path
from ..ics import calendar_bytes, cancelled_calendar
from ..ics.events import DEFAULT_DOMAIN
from ..output import csv_text, mark_as_built, write_bytes_atomic, write_text_atomic
from ..plan.model import Plan
from ..view.plan_view import build_view
from ..workbook.batch import Rendered, WorkbookBatch
from .pairs import SAFE_NAME, Roster, RosterPair, pair_key

INDEX_CSV, INDEX_JSON = "index.csv", "index.json"
PLANS_FOLDER = "plans"
_LEFTOVER = re.compile(r"^\..+\.(pdf|ics|yaml|csv|json)\.[^.]+\.tmp$")  # write_bytes_atomic's temporary files


IN_ROSTER, GONE = "in the roster", "no longer in the roster"
MARKER = ".mentorkit-roster"  # in a folder the roster wrote: only there does it write an index
JOURNAL = ".mentorkit-roster-run"  # one JSON line per pair a run has written, until its index is


@dataclass
class Entry:
    """One line of the index."""
    pair: str
    program: str
    mentor: str
    mentee: str
    start: str
    workbook: str
    calendar: str
    plan: str
    pages: int
    content_hash: str  # the cache key: a hash of everything the workbook shows
    pdf_sha256: str
    plan_sha256: str = ""  # of the plan file as mentorkit last wrote it: other bytes are the pair's own
    status: str = IN_ROSTER  # or GONE: a pair of an earlier run, its calendar cancelled, its plan kept


@dataclass
class RosterReport:
    entries: list[Entry] = field(default_factory=list)  # the roster's pairs, then those no longer in it
    rendered: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # files whose bytes changed
    removed: list[str] = field(default_factory=list)  # workbooks of pairs no longer on the roster
    kept_plans: list[str] = field(default_factory=list)  # plans the pairs changed: theirs, not rewritten
    gone: list[str] = field(default_factory=list)  # pairs no longer on the roster (calendars cancelled)
    seconds: float = 0.0


Progress = Callable[[int, int], None]
PlanText = Callable[[RosterPair, Path], str]


def output_problem(out: Path) -> Optional[str]:
    """Why the roster must not write into `out`, or None: it writes only into a new or empty
    folder, or one a roster wrote before (its marker, or an index of ours from before markers)."""
    out = Path(out)
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        return "is not a folder; give the folder to write the roster's files into"
    if not out.exists() or (out / MARKER).is_file():
        return None
    try:
        entries = [p.name for p in out.iterdir()]
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if not entries or _previous_index(out) is not None:
        return None
    return ("holds files the roster did not write (it has no index of a roster run); write the roster into "
            "an empty or new folder")


def write_roster(roster: Roster, out: Path, batch: WorkbookBatch, *,
                 render: Optional[Callable[[list[Plan]], Iterator[Rendered]]] = None,
                 plan_text: Optional[PlanText] = None, progress: Optional[Progress] = None,
                 domain: str = DEFAULT_DOMAIN) -> RosterReport:
    """Write every pair's files into `out` and the index last. `render`: where the workbooks the
    cache lacks are rendered (default: the batch's worker processes). `domain`: the organisation's,
    in the UIDs of a new calendar (`Settings.uid_domain`). `plan_text`: with it, each
    pair's plan is written too, as `plans/<pair>.yaml`, when it is missing or still the bytes
    mentorkit wrote (a plan the pair changed is theirs, and kept).

    The index of the previous run stays until the new one is written whole; each pair's files
    are noted in the journal as they are written, so a run that is stopped forgets nothing."""
    started = time.monotonic()
    out = Path(out)
    problem = output_problem(out)
    if problem:
        raise MentorkitError.at(out, problem)
    try:
        out.mkdir(parents=True, exist_ok=True)
        if not (out / MARKER).is_file():
            mark_as_built(out, MARKER, "Written by mentorkit roster: its workbooks, calendars, plans and index.\n")
    except OSError as exc:
        raise MentorkitError.at(out, f"cannot write: {exc.strerror or exc}") from None
    remove_leftovers(out)
    previous = known_pairs(out)  # by pair name: the last index, then what a stopped run wrote
    report = RosterReport()
    by_id = {pair.plan.id: pair for pair in roster.pairs}
    entries: dict[str, Entry] = {}
    with (out / JOURNAL).open("a", encoding="utf-8") as journal:
        for made in batch.workbooks([pair.plan for pair in roster.pairs], render=render):
            pair = by_id[made.plan.id]
            (report.cached if made.cached else report.rendered).append(pair.name)
            before = previous.get(pair.name, {})
            unchanged = before.get("content_hash") == made.key and before.get("status", IN_ROSTER) == IN_ROSTER
            entry = _write_pair(out, pair, made.pdf, made.key, plan_text, report, before, unchanged=unchanged,
                                language=batch.language, domain=domain)
            entries[pair.name] = entry
            journal.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
            journal.flush()
            if progress:
                progress(len(entries), len(roster.pairs))
    report.entries = [entries[pair.name] for pair in roster.pairs]
    for name, old in sorted(previous.items()):
        if name not in entries:
            gone = _gone(out, name, old, report)
            if gone is not None:
                report.entries.append(gone)
    write_text_atomic(out / INDEX_CSV, index_csv(report.entries))
    write_text_atomic(out / INDEX_JSON, json.dumps({"roster": display_path(roster.path),
                                                    "pairs": [asdict(e) for e in report.entries]},
                                                   indent=2, ensure_ascii=False) + "\n")
    (out / JOURNAL).unlink(missing_ok=True)  # the index now holds all it noted
    report.seconds = time.monotonic() - started
    return report


def _write_pair(out: Path, pair: RosterPair, pdf: bytes, key: str, plan_text: Optional[PlanText],
                report: RosterReport, before: dict, *, unchanged: bool = False,
                language: Optional[str] = None, domain: str = DEFAULT_DOMAIN) -> Entry:
    """`unchanged`: the previous run into `out` made this pair from the same plan (program and
    row), so the calendar already there is kept as it is (making it again was most of a re-run's
    time). `before`: what the index (or journal) said of this pair."""
    workbook, calendar = f"{pair.name}.pdf", f"{pair.name}.ics"
    _write_if_changed(out / workbook, pdf, report)
    previous = _read(out / calendar)
    if not (unchanged and previous is not None):
        _write_if_changed(out / calendar, calendar_bytes(build_view(pair.plan, language), previous=previous,
                                                         domain=domain), report)
    plan_name, ours = _plan_file(out, pair.name, before)
    if plan_text is not None:
        path = out / plan_name
        text = plan_text(pair, path).encode("utf-8")
        there = _read(path)
        if there is None and not (path.exists() or path.is_symlink()):
            ours = _write_plan(path, text, report)
        elif there is not None and hashlib.sha256(there).hexdigest() == ours:
            ours = _write_plan(path, text, report) if there != text else ours  # still as mentorkit wrote it
        elif there != text:
            report.kept_plans.append(plan_name)  # the pair's own now (a meeting logged): never overwritten
    if not (out / plan_name).is_file():
        plan_name = ""
    people = pair.plan.pair
    return Entry(pair=pair.name, program=pair.program, mentor=people.mentor.name, mentee=people.mentee.name,
                 start=pair.plan.schedule.start.isoformat(), workbook=workbook, calendar=calendar, plan=plan_name,
                 pages=page_count(pdf), content_hash=key, pdf_sha256=hashlib.sha256(pdf).hexdigest(),
                 plan_sha256=ours)


def _plan_file(out: Path, name: str, before: dict) -> tuple[str, str]:
    """The pair's plan file name and the SHA-256 of what mentorkit last wrote there ('' if unknown)."""
    ours = before.get("plan_sha256")
    return f"{PLANS_FOLDER}/{name}.yaml", ours if isinstance(ours, str) else ""


def _write_plan(path: Path, text: bytes, report: RosterReport) -> str:
    _write_if_changed(path, text, report)
    return hashlib.sha256(text).hexdigest()


def _gone(out: Path, name: str, old: dict, report: RosterReport) -> Optional[Entry]:
    """A pair of an earlier run that the roster no longer has: its workbook goes, its calendar's
    events are cancelled (calendars that imported them drop them), its plan is kept (the record is
    the pair's), and the index lists it as no longer in the roster."""
    def text(key: str) -> str:
        value = old.get(key)
        return value if isinstance(value, str) else ""

    workbook, calendar = f"{name}.pdf", f"{name}.ics"
    target = out / workbook
    if target.is_file() and not target.is_symlink():
        target.unlink()
        report.removed.append(workbook)
    there = _read(out / calendar)
    if there is not None:
        cancelled = cancelled_calendar(there)
        if cancelled is not None:
            _write_if_changed(out / calendar, cancelled, report)
    plan_name, ours = _plan_file(out, name, old)
    if there is None and not (out / plan_name).is_file():
        return None  # nothing of the pair is left here (removed by hand): no longer listed
    report.gone.append(name)
    return Entry(pair=name, program=text("program"), mentor=text("mentor"), mentee=text("mentee"),
                 start=text("start"), workbook="", calendar=calendar if there is not None else "",
                 plan=plan_name if (out / plan_name).is_file() else "", pages=0, content_hash="", pdf_sha256="",
                 plan_sha256=ours, status=GONE)


def _write_if_changed(path: Path, data: bytes, report: RosterReport) -> None:
    if _read(path) == data:
        return  # the same bytes: leave the file (and its modification time) alone
    write_bytes_atomic(path, data)
    report.written.append(path.name)


def _read(path: Path) -> Optional[bytes]:
    try:
        return path.read_bytes() if path.is_file() and not path.is_symlink() else None
    except OSError:
        return None


def _previous_index(out: Path) -> Optional[list[dict]]:
    """The pairs the index of the previous run into `out` lists (None when there is no index of ours)."""
    try:
        data = json.loads((out / INDEX_JSON).read_text(encoding="utf-8"))
        pairs = data["pairs"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return [p for p in pairs if isinstance(p, dict)] if isinstance(pairs, list) else None


def _journal(out: Path) -> list[dict]:
    """What a run that was stopped wrote (its last line may be cut off: left out)."""
    try:
        lines = (out / JOURNAL).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    found = []
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict):
            found.append(entry)
    return found


def known_pairs(out: Path) -> dict[str, dict]:
    """Every pair the runs into `out` have written, by name: the last index's, then the journal's
    of a run stopped since (later lines win). Only safe names: an index edited by hand cannot
    point outside the folder."""
    known: dict[str, dict] = {}
    for entry in [*(_previous_index(out) or []), *_journal(out)]:
        name = entry.get("pair")
        if isinstance(name, str) and SAFE_NAME.fullmatch(name):
            known[name] = entry
    return known


def previous_names(out: Path) -> dict[tuple[str, str, str], str]:
    """The name the runs into `out` gave each pair, by who the pair is (`pair_key`)."""
    return {pair_key(p["program"], p["mentor"], p["mentee"]): name for name, p in known_pairs(out).items()
            if all(isinstance(p.get(k), str) for k in ("program", "mentor", "mentee"))}


def remove_leftovers(out: Path) -> None:
    """Temporary files a killed run left (a run stopped by a signal removes its own)."""
    for folder in (out, out / PLANS_FOLDER):
        if folder.is_dir():
            for path in folder.iterdir():
                if _LEFTOVER.match(path.name) and path.is_file():
                    path.unlink(missing_ok=True)


def index_csv(entries: list[Entry]) -> str:
    names = list(Entry.__dataclass_fields__)
    return csv_text([names, *([getattr(entry, name) for name in names] for entry in entries)])


_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b")
_OBJECT_STREAM = re.compile(rb"<<[^>]*?/Type\s*/ObjStm[^>]*>>\s*stream\r?\n", re.S)


def page_count(pdf: bytes) -> int:
    """How many pages a PDF has: the /Count of its page tree root (the largest one). WeasyPrint
    keeps the page tree in compressed object streams, which are opened to find it."""
    found = [int(a or b) for a, b in _COUNT.findall(pdf)]
    for match in _OBJECT_STREAM.finditer(pdf):
        try:
            found += [int(a or b) for a, b in _COUNT.findall(zlib.decompressobj().decompress(pdf[match.end():]))]
        except zlib.error:
            continue
    return max(found, default=0)
