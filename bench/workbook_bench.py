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
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mentorkit.plan.loading import load_plan  # noqa: E402
from mentorkit.workbook.render import PAPERS, PDF_VARIANT, STYLESHEET, WorkbookRenderer, builtin_theme_dir  # noqa: E402


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
    args = parser.parse_args()

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
