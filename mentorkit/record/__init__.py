"""The record comes back: a filled workbook read into its pair's plan (`import_workbook`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence

from ..diagnostics import Diagnostic, display_path, errors
from ..output import write_text_atomic
from ..plan.loading import Document, Library, read_document
from ..plan.yamlsource import YamlProblem, parse
from ..workbook.context import MEMBER_SELF, plan_digest
from .answers import answers_of, recorded
from .editing import Edit, apply, dump, load, same
from .filled import ImportError_, read_filled
from .rows import added_rows

__all__ = ["ImportResult", "ImportError_", "import_workbook"]


@dataclass
class ImportResult:
    pdf: Path
    plan: Path
    changed: list[tuple[str, str]] = field(default_factory=list)  # (where, what)
    conflicts: list[tuple[str, str, Any, Any]] = field(default_factory=list)  # (where, what, plan's, PDF's)
    notes: list[str] = field(default_factory=list)
    written: bool = False

    def summary(self) -> list[str]:
        """'meeting 3: rating 8, action, reflection', one line a part of the workbook."""
        parts: dict[str, list[str]] = {}
        for where, what in self.changed:
            parts.setdefault(where, []).append(what)
        return [f"{where}: {', '.join(whats)}" for where, whats in parts.items()]


def import_workbook(pdf: Path, *, plans: Sequence[Path] = (), into: Optional[Path] = None,
                    overwrite: bool = False, dry_run: bool = False, library: Optional[Library] = None) -> ImportResult:
    """Record what a filled workbook holds in the plan it was printed from (found by the id the
    PDF carries among `plans`, or `into`). Writes the plan file (unless `dry_run`) only when
    something changed and the result is a valid plan; raises ImportError_ (located) otherwise.
    `library`: the plans of `plans`, read once for a folder of returned workbooks (it reads again
    each plan this writes)."""
    filled = read_filled(pdf)
    if library is None or into is not None:
        folders = list(dict.fromkeys([*map(Path, plans)] + ([Path(into).parent] if into else [])))
        library = Library(folders)
    document = _document(filled.plan_id, pdf, library, into)
    checked = library.check(document)
    if not checked.ok:
        raise ImportError_(errors(checked.diagnostics))
    plan = checked.plan
    result = ImportResult(Path(pdf), document.path)
    if filled.digest and filled.digest != plan_digest(plan):
        result.notes.append("printed from an earlier version of the plan; its answers are recorded all the same")
    values, own = _members_own(filled.values)
    result.notes += [f"not imported: {name}'s own self-assessment ({count} answer{'s' if count != 1 else ''}): "
                     "a circle's plan keeps one self-assessment, the circle's; a member's own stays on the "
                     "paper of their copy" for name, count in own.items()]
    answers, problems = answers_of(values, plan)
    added, unadded = added_rows(filled.values, plan)  # the rows left blank to add more
    answers, problems = added + answers, unadded + problems
    result.notes += [f"not imported: {p}" for p in problems]
    return record_answers(result, document, library, plan, answers, overwrite=overwrite, dry_run=dry_run)


def _members_own(values: dict[tuple, str]) -> tuple[dict[tuple, str], dict[str, int]]:
    """The fields of a member's copy that name no key of the plan (the member's own self-assessment,
    `self_assessment.members.NAME...`) apart: how many each member filled in, by name."""
    kept, own = {}, {}
    for key, text in values.items():
        if key[:len(MEMBER_SELF)] == MEMBER_SELF and len(key) > len(MEMBER_SELF):
            name = str(key[len(MEMBER_SELF)])
            own[name] = own.get(name, 0) + 1
        else:
            kept[key] = text
    return kept, own


def record_answers(result: ImportResult, document: Document, library: Library, plan, answers: list,
                   *, overwrite: bool = False, dry_run: bool = False) -> ImportResult:
    """Write `answers` into the plan file of `document` (checked as `plan`): a minimal edit, validated."""
    answers = [a for a in answers if a.mode not in ("set", "at") or not same(recorded(plan, a.key), a.value)
               or recorded(plan, a.key) is None]  # what the workbook was printed with is no news
    text = document.path.read_text(encoding="utf-8")
    yaml_doc = load(text)
    edit: Edit = apply(yaml_doc, answers, overwrite=overwrite)
    result.changed, result.conflicts = edit.changed, edit.conflicts
    result.notes += [f"not imported: {s}" for s in edit.skipped]
    if overwrite:
        result.changed += [(w, what) for w, what, _, _ in edit.conflicts]
    new_text = dump(yaml_doc)
    if new_text == text or not (result.changed):
        return result
    _check(new_text, document, library)
    if not dry_run:
        write_text_atomic(document.path, new_text)
        library.rewritten(document.path)
        result.written = True
    return result


def _document(plan_id: str, pdf: Path, library: Library, into: Optional[Path]) -> Document:
    if into is not None:
        read = read_document(Path(into))
        if not isinstance(read, Document):
            raise ImportError_(read.diagnostics if read is not None else
                               [Diagnostic(display_path(into), 1, 1, "error", "not a mentorkit plan")])
        if read.id != plan_id:
            raise ImportError_.at(pdf, f"this workbook was printed from plan '{plan_id}', not from "
                                  f"{display_path(into)} ('{read.id}'): it is another pair's")
        return read
    document = library.documents.get(plan_id)
    if document is None:
        raise ImportError_.at(pdf, f"this workbook was printed from plan '{plan_id}', which is not among the "
                              "plans here; name its file with --into PLAN")
    return document


def _check(text: str, document: Document, library: Library) -> None:
    try:
        data, positions = parse(text)
    except YamlProblem as problem:  # pragma: no cover - ruamel writes YAML that parses
        raise ImportError_.at(document.path, f"the edited plan does not read back: {problem.message}",
                              problem.line, problem.column) from None
    result = library.check_unsaved(Document(document.path, data, positions))
    if not result.ok:
        raise ImportError_([Diagnostic(d.file, d.line, d.column, d.severity,
                                       f"{d.message} (after importing; the plan is left as it was)", d.path)
                            for d in errors(result.diagnostics)])
