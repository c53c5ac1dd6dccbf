"""Writing a roster's files: every pair's workbook and calendar, then the index.

Workbooks come from `WorkbookBatch` (its content-hash cache, its worker processes, or a Dask
cluster's workers), and are written here under the pair's own name. Each file is written
atomically, and only when its bytes changed: a re-run after editing one row rewrites that pair's
files only. The index (`index.csv`, `index.json`) is removed before the first file is written and
written again, whole, after the last: a run that is stopped half-way leaves no index that
describes files it did not write, and the next run finds the finished workbooks in the cache.
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
from ..ics import calendar_bytes
from ..output import csv_text, write_bytes_atomic, write_text_atomic
from ..plan.model import Plan
from ..view.plan_view import build_view
from ..workbook.batch import Rendered, WorkbookBatch
from .pairs import Roster, RosterPair, pair_key

INDEX_CSV, INDEX_JSON = "index.csv", "index.json"
PLANS_FOLDER = "plans"
_LEFTOVER = re.compile(r"^\..+\.(pdf|ics|yaml|csv|json)\.[^.]+\.tmp$")  # write_bytes_atomic's temporary files


class RosterBatch(WorkbookBatch):
    """A WorkbookBatch whose cache key also holds what only a roster adds: the row's other columns
    (shown on the cover)."""

    def source_key(self, plan: Plan) -> str:
        """The roster's folder, not its file: renaming the roster renders nothing again (its rows'
        relative links still resolve from that folder, so moving it elsewhere does)."""
        return str(Path(plan.source).resolve().parent) if plan.source else ""

    def key(self, plan: Plan) -> str:
        if not plan._extra:
            return super().key(plan)
        extra = json.dumps(list(plan._extra), ensure_ascii=False)
        return hashlib.sha256(f"{super().key(plan)}\0{extra}".encode()).hexdigest()


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


@dataclass
class RosterReport:
    entries: list[Entry] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # files whose bytes changed
    removed: list[str] = field(default_factory=list)  # files of pairs no longer on the roster
    seconds: float = 0.0


Progress = Callable[[int, int], None]
PlanText = Callable[[RosterPair, Path], str]


def write_roster(roster: Roster, out: Path, batch: WorkbookBatch, *,
                 render: Optional[Callable[[list[Plan]], Iterator[Rendered]]] = None,
                 plan_text: Optional[PlanText] = None, progress: Optional[Progress] = None) -> RosterReport:
    """Write every pair's files into `out` and the index last. `render`: where the workbooks the
    cache lacks are rendered (default: the batch's worker processes). `plan_text`: with it, each
    pair's plan is written too, as `plans/<pair>.yaml`."""
    started = time.monotonic()
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise MentorkitError.at(out, "is not a folder; give the folder to write the roster's files into")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MentorkitError.at(out, f"cannot write: {exc.strerror or exc}") from None
    remove_leftovers(out)
    previous = _previous_index(out)
    before, hashes = _indexed_files(previous), _indexed_hashes(previous)
    for name in (INDEX_JSON, INDEX_CSV):  # from here until the end the folder has no index
        (out / name).unlink(missing_ok=True)
    report = RosterReport()
    by_id = {pair.plan.id: pair for pair in roster.pairs}
    entries: dict[str, Entry] = {}
    for made in batch.workbooks([pair.plan for pair in roster.pairs], render=render):
        pair = by_id[made.plan.id]
        (report.cached if made.cached else report.rendered).append(pair.name)
        unchanged = hashes.get(pair.name) == made.key  # the last run here made this pair from this plan
        entries[pair.name] = _write_pair(out, pair, made.pdf, made.key, plan_text, report, unchanged=unchanged)
        if progress:
            progress(len(entries), len(roster.pairs))
    report.entries = [entries[pair.name] for pair in roster.pairs]
    kept = {name for entry in report.entries for name in (entry.workbook, entry.calendar, entry.plan) if name}
    for name in sorted(before - kept):
        target = out / name
        if target.is_file() and not target.is_symlink():
            target.unlink()
            report.removed.append(name)
    write_text_atomic(out / INDEX_CSV, index_csv(report.entries))
    write_text_atomic(out / INDEX_JSON, json.dumps({"roster": display_path(roster.path),
                                                    "pairs": [asdict(e) for e in report.entries]},
                                                   indent=2, ensure_ascii=False) + "\n")
    report.seconds = time.monotonic() - started
    return report


def _write_pair(out: Path, pair: RosterPair, pdf: bytes, key: str, plan_text: Optional[PlanText],
                report: RosterReport, *, unchanged: bool = False) -> Entry:
    """`unchanged`: the previous run into `out` made this pair from the same plan (program and
    row), so the calendar already there is kept as it is (making it again was most of a re-run's
    time)."""
    workbook, calendar = f"{pair.name}.pdf", f"{pair.name}.ics"
    _write_if_changed(out / workbook, pdf, report)
    previous = _read(out / calendar)
    if not (unchanged and previous is not None):
        _write_if_changed(out / calendar, calendar_bytes(build_view(pair.plan), previous=previous), report)
    plan_name = ""
    if plan_text is not None:
        plan_name = f"{PLANS_FOLDER}/{pair.name}.yaml"
        _write_if_changed(out / plan_name, plan_text(pair, out / plan_name).encode("utf-8"), report)
    people = pair.plan.pair
    return Entry(pair=pair.name, program=pair.program, mentor=people.mentor.name, mentee=people.mentee.name,
                 start=pair.plan.schedule.start.isoformat(), workbook=workbook, calendar=calendar, plan=plan_name,
                 pages=page_count(pdf), content_hash=key, pdf_sha256=hashlib.sha256(pdf).hexdigest())


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


def _previous_index(out: Path) -> list[dict]:
    """The pairs the index of the previous run into `out` lists (none if it cannot be read)."""
    try:
        pairs = json.loads((out / INDEX_JSON).read_text(encoding="utf-8"))["pairs"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [p for p in pairs if isinstance(p, dict)] if isinstance(pairs, list) else []


def previous_names(out: Path) -> dict[tuple[str, str, str], str]:
    """The name the previous run into `out` gave each pair, by who the pair is (`pair_key`)."""
    return {pair_key(p["program"], p["mentor"], p["mentee"]): p["pair"] for p in _previous_index(out)
            if all(isinstance(p.get(k), str) for k in ("program", "mentor", "mentee", "pair"))}


def _indexed_hashes(previous: list[dict]) -> dict[str, str]:
    """Each pair's content hash in the index of the previous run."""
    return {p["pair"]: p["content_hash"] for p in previous
            if isinstance(p.get("pair"), str) and isinstance(p.get("content_hash"), str)}


def _indexed_files(previous: list[dict]) -> set[str]:
    """The files the index of the previous run lists (to remove those of pairs no longer there)."""
    names = {p.get(k) for p in previous for k in ("workbook", "calendar", "plan")}
    # Only plain names in the folder (and plans/): an index edited by hand cannot point elsewhere.
    return {n for n in names if isinstance(n, str) and re.fullmatch(r"(plans/)?[a-z0-9][a-z0-9-]*\.(pdf|ics|yaml)", n)}


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
