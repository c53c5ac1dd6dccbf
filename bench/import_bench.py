"""`mentorkit import` timed against the goals of issue 21: a 46-page workbook in under 0.5 s,
200 returned PDFs in under a minute on 2 cores.

    .venv/bin/python bench/import_bench.py [--copies 20] [--returned 200]

Renders the example pair's fillable workbook once, fills it with pypdf's writer, then imports it
(`--dry-run`: the plan is read, edited and validated every time, never written) `--copies` times
in this one process, and prints the time per workbook.

Then the real thing: `--returned` pairs (copies of the example pair, each its own plan file) and
as many returned PDFs (the filled one, its plan id changed to each pair's with pikepdf), imported
by one `mentorkit import returned/` process, whole, writing every plan.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # the filler says "no fields to update" per page
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--returned", type=int, default=200)
    args = parser.parse_args()
    from pypdf import PdfReader, PdfWriter

    from mentorkit.plan.loading import load_plan
    from mentorkit.record import import_workbook
    from mentorkit.workbook.render import WorkbookRenderer

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copytree(ROOT / "plans", project / "plans")
        plan = project / "plans" / "dana-and-sam.yaml"
        blank = project / "blank.pdf"
        blank.write_bytes(WorkbookRenderer(paper="a4").render(load_plan(plan), fillable=True))
        writer = PdfWriter(clone_from=blank)
        values = {"log.4.action": "Paired on the release", "log.4.rating": "/8", "log.4.why": "It shipped.",
                  "log.4.reflection": "Ask earlier.", "notes_pages.1": "Bring the runbook"}
        for page in writer.pages:
            writer.update_page_form_field_values(page, values, auto_regenerate=False)
        filled = project / "filled.pdf"
        writer.write(filled)
        pages = len(PdfReader(filled).pages)
        import_workbook(filled, plans=[project / "plans"], dry_run=True)  # warm: imports, fonts
        start = time.perf_counter()
        for _ in range(args.copies):
            result = import_workbook(filled, plans=[project / "plans"], dry_run=True)
        each = (time.perf_counter() - start) / args.copies
        print(f"import of a {pages}-page workbook: {each * 1000:.0f} ms (goal: under 500 ms)")
        print("changes found: " + "; ".join(result.summary()))
        if args.returned:
            seconds = _returned(project, plan, filled, args.returned)
            print(f"mentorkit import of {args.returned} returned workbooks, {args.returned} pairs, whole process: "
                  f"{seconds:.1f} s (goal: 200 in under 60 s on 2 cores)")
    sys.exit(0)


def _returned(project: Path, plan: Path, filled: Path, count: int) -> float:
    import subprocess

    import pikepdf

    returned = project / "returned"
    returned.mkdir()
    text = plan.read_text(encoding="utf-8")
    for n in range(count):
        pair = f"pair-{n:04d}"
        (project / "plans" / f"{pair}.yaml").write_text(text.replace("id: dana-and-sam", f"id: {pair}", 1),
                                                        encoding="utf-8")
        with pikepdf.open(filled) as pdf:
            pdf.docinfo[pikepdf.Name("/mentorkitplan")] = pair
            pdf.save(returned / f"{pair}.pdf")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mentorkit", "import", "returned"], cwd=project,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    changed = done.stdout.count(": changed ")
    if done.returncode != 0 or changed != count:
        sys.exit(f"the import did not record every file ({changed} of {count}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return seconds


if __name__ == "__main__":
    main()
