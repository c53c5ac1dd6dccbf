"""How much mentorkit adds to WeasyPrint when rendering workbooks.

    python bench/workbook_bench.py [PLAN.yaml] [--count 20] [--repeat 3]

For one plan (default: plans/engineering-onboarding.yaml, 12 meetings) it times:

- bare WeasyPrint: `HTML(string=...).write_pdf(stylesheets=[theme CSS, page size])` on the very
  HTML mentorkit renders, with the same PDF options (tagged PDF/UA-1), set up from scratch
  each time as a plain WeasyPrint call would be;
- mentorkit cold: a new `WorkbookRenderer` (parses the CSS, loads the fonts) and `render()`;
- mentorkit warm: `render()` on a renderer that is already set up (templates, CSS, fonts);

then renders the plan `--count` times in one process, with one reused renderer against
`--count` bare WeasyPrint calls, interleaved so that other load on the machine hits both
alike. Times are CPU seconds of this process (steadier than wall time on a busy machine);
ratios are mentorkit time / bare WeasyPrint time.

Two figures of issues 26 and 27, each a dict (name, goal, value, shown, met, detail) for bench/all.py:

- `figure_boxes(quick)`: the example pair's workbook against the plain-text floor, WeasyPrint laying
  out the workbook's own text as plain paragraphs on as many pages, tagged as the workbook is
  (CPU seconds; goal <= 2.5x);
- `figure_pages(quick)`: the example pair's A4 workbook read off its laid-out boxes: pages, ruled
  writing area, pages under 60% used (goal: <= 40 pages, >= 20% more ruled area than before, none
  under 60% but the cover and notes pages).
"""
from __future__ import annotations

import argparse
import html as html_text
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mentorkit.plan.loading import load_plan  # noqa: E402
from mentorkit.workbook.render import PAPERS, PDF_VARIANT, STYLESHEET, WorkbookRenderer, builtin_theme_dir  # noqa: E402


EXAMPLE_PAIR = ROOT / "plans" / "dana-and-sam.yaml"
BOXES_GOAL = 2.5
PAGES_GOAL, RULED_GAIN_GOAL, USED_GOAL = 40, 1.20, 0.60
# The example pair's A4 workbook before issue 26 (commit 0c9bab1), read off its laid-out boxes.
PAGES_BEFORE, RULED_M2_BEFORE = 46, 0.635


def plain_text_html(pdf: bytes) -> str:
    """The workbook's text as plain paragraphs, one page of the workbook to one page: the floor."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lines = [html_text.escape(line) for line in page.extract_text().splitlines() if line.strip()]
        pages.append("<section style='break-after: page'>" + "".join(f"<p>{line}</p>" for line in lines) + "</section>")
    return "<html><body style='font: 9pt DejaVu Sans; margin: 0'>" + "".join(pages) + "</body></html>"


def figure_boxes(quick: bool) -> dict:
    """The example workbook's render against the tagged plain-text floor (CPU seconds, best of runs)."""
    from weasyprint import CSS, HTML

    plan = load_plan(EXAMPLE_PAIR)
    renderer = WorkbookRenderer(paper="a4", project_root=ROOT)
    pdf = renderer.render(plan)  # warm-up: imports, fonts, caches
    floor_html = plain_text_html(pdf)
    page = CSS(string=f"@page {{ size: {PAPERS['a4'].css}; margin: 15mm }}")

    def floor() -> bytes:
        return HTML(string=floor_html).write_pdf(stylesheets=[page], pdf_variant=PDF_VARIANT)

    floor()
    repeat = 1 if quick else 3
    workbook, plain = [], []
    for _ in range(repeat):  # interleaved: other load on the machine hits both alike
        workbook.append(timed(lambda: renderer.render(plan))[0])
        plain.append(timed(floor)[0])
    ratio = min(workbook) / min(plain)
    elements = renderer.html(plan).count("<") - renderer.html(plan).count("</")
    return {"name": "workbook vs plain-text floor (tagged)", "goal": f"<= {BOXES_GOAL}×", "value": ratio,
            "shown": f"{ratio:.1f}×", "met": ratio <= BOXES_GOAL,
            "detail": f"{min(workbook):.2f} s / {min(plain):.2f} s CPU, {page_count(pdf)} pages, "
                      f"about {elements} elements, best of {repeat}"}


def figure_pages(quick: bool) -> dict:
    """Pages, ruled writing area and paper use of the example pair's A4 workbook, from its laid-out boxes."""
    from mentorkit.workbook import laid_out

    renderer = WorkbookRenderer(paper="a4", project_root=ROOT)
    use = laid_out.page_use(renderer.lay_out_plan(load_plan(EXAMPLE_PAIR)))
    ruled = sum(page.ruled_mm2 for page in use) / 1e6
    notes = sum(page.ruled_mm2 for page in use if page.section == "notes") / 1e6
    gain = ruled / RULED_M2_BEFORE
    thin = [f"p{page.number} {page.used:.0%}" for page in use
            if page.used < USED_GOAL and page.section not in ("cover", "notes")]
    met = len(use) <= PAGES_GOAL and gain >= RULED_GAIN_GOAL and not thin
    return {"name": "example pair's workbook: pages and room to write", "goal":
            f"<= {PAGES_GOAL} pages, >= +{RULED_GAIN_GOAL - 1:.0%} ruled, none under {USED_GOAL:.0%}",
            "value": float(len(use)), "shown": f"{len(use)} pages, {gain - 1:+.0%} ruled", "met": met,
            "detail": f"before {PAGES_BEFORE} pages and {RULED_M2_BEFORE:.3f} m² ruled; now {len(use)} pages, "
                      f"{ruled:.3f} m² ruled ({ruled * 100 / len(use):.2f} dm² a page; {notes:.3f} m² on notes pages, "
                      f"{ruled - notes:.3f} m² in the sections); under {USED_GOAL:.0%} used: {', '.join(thin) or 'none'}"}


def bare_weasyprint(html: str, base_url: str | None, paper: str) -> bytes:
    """What a plain WeasyPrint call costs: parse the theme CSS and load its fonts every time."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    sheets = [CSS(filename=str(builtin_theme_dir() / STYLESHEET), font_config=fonts),
              CSS(string=f"@page {{ size: {PAPERS[paper]}; }}", font_config=fonts)]
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=sheets, font_config=fonts,
                                                         pdf_variant=PDF_VARIANT)


def page_count(pdf: bytes) -> str:
    try:
        import io

        from pypdf import PdfReader
    except ImportError:  # pypdf comes with the test extras
        return "?"
    return str(len(PdfReader(io.BytesIO(pdf)).pages))


def timed(function) -> tuple[float, object]:
    start = time.process_time()
    result = function()
    return time.process_time() - start, result


def best(function, repeat: int) -> float:
    return min(timed(function)[0] for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan", nargs="?", default=str(ROOT / "plans" / "engineering-onboarding.yaml"))
    parser.add_argument("--count", type=int, default=20, help="workbooks rendered in one process")
    parser.add_argument("--repeat", type=int, default=3, help="runs per single measurement (best is kept)")
    parser.add_argument("--paper", default="a4", choices=sorted(PAPERS))
    parser.add_argument("--figures", action="store_true", help="print the two figures of issues 26 and 27 only")
    parser.add_argument("--quick", action="store_true", help="with --figures: one run each")
    args = parser.parse_args()
    if args.figures:
        from all import said  # bench/all.py: one figure's line

        for figure in (figure_boxes, figure_pages):
            result = figure(args.quick)
            print(said(result))
        return

    from weasyprint import __version__ as weasyprint_version
    from weasyprint.text.ffi import harfbuzz_subset

    plan = load_plan(args.plan)
    renderer = WorkbookRenderer(paper=args.paper)
    html = renderer.html(plan)
    base_url = renderer.base_url(plan)
    pdf = renderer.render(plan)  # warm-up: imports, fontconfig caches, cffi
    bare_weasyprint(html, base_url, args.paper)

    print(f"plan: {args.plan} ({len(plan.meetings)} meetings, {args.paper})")
    print(f"WeasyPrint {weasyprint_version}; font subsetting with "
          f"{'HarfBuzz' if harfbuzz_subset else 'fontTools (install libharfbuzz-subset0: faster)'}")
    print(f"workbook: {page_count(pdf)} pages, {len(pdf) / 1024:.0f} KB, "
          f"HTML {len(html) / 1024:.0f} KB")

    bare = best(lambda: bare_weasyprint(html, base_url, args.paper), args.repeat)
    cold = best(lambda: WorkbookRenderer(paper=args.paper).render(plan), args.repeat)
    warm = best(lambda: renderer.render(plan), args.repeat)
    html_only = best(lambda: renderer.html(plan), args.repeat)
    print(f"\none workbook (CPU seconds, best of {args.repeat}):")
    print(f"  bare WeasyPrint, same HTML    {bare:7.3f} s")
    print(f"  mentorkit, new renderer       {cold:7.3f} s   ratio {cold / bare:5.2f}")
    print(f"  mentorkit, reused renderer    {warm:7.3f} s   ratio {warm / bare:5.2f}")
    print(f"    of which plan -> HTML       {html_only:7.3f} s")

    bare_times, reuse_times = [], []
    wall = time.perf_counter()
    for _ in range(args.count):
        bare_times.append(timed(lambda: bare_weasyprint(html, base_url, args.paper))[0])
        reuse_times.append(timed(lambda: renderer.render(plan))[0])
    wall = time.perf_counter() - wall
    print(f"\n{args.count} workbooks in one process, interleaved ({wall:.0f} s wall for both):")
    print(f"  bare WeasyPrint               {sum(bare_times):7.2f} s  ({statistics.median(bare_times):.3f} s median each)")
    print(f"  mentorkit, one renderer       {sum(reuse_times):7.2f} s  ({statistics.median(reuse_times):.3f} s median each)"
          f"   ratio {sum(reuse_times) / sum(bare_times):5.2f}")


if __name__ == "__main__":
    main()
