"""Site benchmark: how much longer mentorkit takes than MkDocs alone for the same pages.

    python bench/site_bench.py            # 1,000 plans
    python bench/site_bench.py -n 100     # a quicker run
    python bench/site_bench.py --full-nav # also time MkDocs with every page in the navigation
    python bench/site_bench.py --workbooks 7   # only the workbook cache and serve's start, 7 plans
    python bench/site_bench.py --figures       # only the search index per plan and the peak memory
    python bench/site_bench.py --figures -n 100

It generates N plans (variations of the starter templates), builds them with the mentorkit
plugin (`mkdocs build`, no workbooks), then writes the very same pages as Markdown files and
builds those with plain MkDocs, with the same short navigation (plan pages `not_in_nav`).
It prints both times and their ratio. Output goes to bench/out/ (git-ignored).

Then, with workbooks (`--workbooks N` plans, default 7): a cold build (empty cache), a build
with nothing changed, whose workbook time must be at most 5% of the cold one's (the content-hash
cache), and how long plain `mkdocs serve` takes to serve its first page with a cold cache
(workbooks are made after the pages).

`figure_search_index` and `figure_peak_memory` (bench/all.py calls them) give two of issue 27's
figures from the same pair of builds: the search index's size per plan, and the peak RSS of the
whole `mkdocs build` process with the plugin against plain MkDocs building the same pages.
"""
from __future__ import annotations

import argparse
import functools
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mentorkit.plan.loading import load_program  # noqa: E402
from mentorkit.site.pages import SiteRenderer, gather_site, mkdocs_url  # noqa: E402

GUIDE = {"index.md": "# Mentoring program\n\nWelcome. Find your plan under **Plans** or with search.\n",
         "guide/for-mentors.md": "# For mentors\n\nListen first; ask before advising.\n",
         "guide/for-mentees.md": "# For mentees\n\nBring an action and rate it honestly.\n"}
CONFIG = """\
site_name: Bench program
site_url: https://intranet.example.org/mentoring/
theme: {{name: mkdocs, highlightjs: false}}
{extra}
plugins:
  - search
{plugin}
"""
TAGS = ["engineering", "sales", "support", "design", "finance", "people", "data", "security", "product", "ops"]


def make_plans(folder: Path, count: int) -> None:
    templates = sorted((ROOT / "templates").glob("*.yaml"))
    # The example's program, then its pair plan (a plan with a log; the pair follows the copy of the
    # program just before it). The site hides pair plans unless `pairs` says otherwise, as published.
    example = [ROOT / "plans" / "engineering-onboarding.yaml", ROOT / "plans" / "dana-and-sam.yaml"]
    sources = [p.read_text(encoding="utf-8") for p in templates + [p for p in example if p.exists()]]
    folder.mkdir(parents=True)
    for i in range(count):
        text = sources[i % len(sources)]
        text = re.sub(r"(?m)^program:\s*\S+", f"program: plan-{i - 1:05d}", text, count=1)
        text = re.sub(r"(?m)^id:.*$", f"id: plan-{i:05d}", text, count=1)
        text = re.sub(r"(?m)^title:\s*(.+)$", lambda m: f"title: {m.group(1).strip()} #{i}", text, count=1)
        text = re.sub(r"(?m)^tags:.*$", f"tags: [{TAGS[i % len(TAGS)]}, {TAGS[(i * 7 + 3) % len(TAGS)]}]", text, count=1)
        (folder / f"plan-{i:05d}.yaml").write_text(text, encoding="utf-8")


def write_guide(docs: Path) -> None:
    for name, text in GUIDE.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")


# Runs one command and prints its peak RSS (KB on Linux): the whole process, as `time -v` has it.
_PEAK_RSS = ("import resource, subprocess, sys\n"
             "code = subprocess.run(sys.argv[1:]).returncode\n"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
             "sys.exit(code)\n")


def measured_build(project: Path) -> tuple[float, float]:
    """`mkdocs build -q` of `project`: seconds, and the peak memory of its process in MB."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _PEAK_RSS, sys.executable, "-m", "mkdocs", "build", "-q"],
                            cwd=project, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build of {project} failed:\n{result.stderr[-3000:]}")
    return elapsed, int(result.stderr.strip().splitlines()[-1]) / 1024


def plans_peak_memory(plans: Path) -> float:
    """Peak memory in MB of a process that only reads and checks the plans (what every command
    holds before it makes anything), for the figure's detail."""
    load = f"from mentorkit.plan.loading import load_program; assert load_program({str(plans)!r}).ok"
    result = subprocess.run([sys.executable, "-c", _PEAK_RSS, sys.executable, "-c", load],
                            cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"reading {plans} failed:\n{result.stderr[-3000:]}")
    return int(result.stderr.strip().splitlines()[-1]) / 1024


def timed_build(project: Path) -> float:
    return measured_build(project)[0]


WORKBOOK_LINE = re.compile(r"(\d+) workbooks? rendered .*?, (\d+) from the cache, in ([0-9.]+) s")
CACHED_SHARE = 0.05  # a no-change rebuild's workbook time, at most, against a cold build's


def workbook_build(project: Path) -> tuple[float, float, int, int]:
    """`mkdocs build` with workbooks: total seconds, workbook seconds, rendered, from the cache."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    match = WORKBOOK_LINE.search(result.stderr)
    if result.returncode != 0 or not match:
        sys.exit(f"build of {project} failed:\n{result.stderr[-3000:]}")
    return elapsed, float(match[3]), int(match[1]), int(match[2])


def serve_start(project: Path) -> float:
    """Seconds from starting plain `mkdocs serve` to its first page answered."""
    from startup_bench import first_page

    return first_page([sys.executable, "-m", "mkdocs", "serve"], project)


def bench_workbooks(out: Path, count: int) -> None:
    project = out / "workbooks"
    shutil.rmtree(project, ignore_errors=True)
    make_plans(project / "plans", count)
    write_guide(project / "docs")
    (project / "mkdocs.yml").write_text(CONFIG.format(
        extra="", plugin="  - mentorkit:\n      plans: plans\n      workbooks: true"), encoding="utf-8")
    cold_total, cold, rendered, _ = workbook_build(project)
    print(f"{count} plans with workbooks, cold build:       {cold_total:7.1f} s   "
          f"workbooks {cold:5.1f} s ({rendered} rendered)")
    warm_total, warm, rendered, cached = workbook_build(project)
    share = warm / cold if cold else 0.0
    print(f"same plans, nothing changed:                 {warm_total:7.1f} s   "
          f"workbooks {warm:5.2f} s ({rendered} rendered, {cached} from the cache)")
    print(f"no-change workbook time / cold:              {share:7.2%}   "
          f"({'within' if share <= CACHED_SHARE else 'OVER'} the {CACHED_SHARE:.0%} budget)")
    shutil.rmtree(project / ".cache", ignore_errors=True)
    print(f"mkdocs serve, first page, cold cache:        {serve_start(project):7.1f} s")


def page_sizes(site: Path) -> tuple[int, float]:
    pages = list(site.rglob("*.html"))
    return len(pages), sum(p.stat().st_size for p in pages) / max(len(pages), 1) / 1024


def make_projects(out: Path, count: int) -> tuple[Path, Path, int]:
    """A program of `count` plans built by the plugin, and the very same pages as Markdown for plain
    MkDocs (raw HTML blocks, plan pages `not_in_nav`): both projects, and how many plan pages."""
    shutil.rmtree(out, ignore_errors=True)
    plugin_project, markdown_project = out / "mentorkit", out / "markdown"
    make_plans(plugin_project / "plans", count)
    write_guide(plugin_project / "docs")
    (plugin_project / "mkdocs.yml").write_text(CONFIG.format(
        extra="", plugin="  - mentorkit:\n      plans: plans\n      workbooks: false"), encoding="utf-8")
    program = load_program(plugin_project / "plans")
    assert program.ok, "\n".join(d.format() for d in program.diagnostics[:5])
    model = gather_site(program.plans, url_for=mkdocs_url, site_name="Bench program")
    renderer = SiteRenderer()
    docs = markdown_project / "docs"
    write_guide(docs)
    pages = 0
    for page in model.pages():
        renderer.render_page(model, page)
        path = docs / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        title = page.title.replace('"', "'")
        path.write_text(f'---\ntitle: "{title}"\n---\n\n{page.html}\n', encoding="utf-8")
        page.html = None
        pages += 1
    nav = ("nav:\n  - index.md\n  - Plans: plans/index.md\n  - guide/for-mentors.md\n  - guide/for-mentees.md\n"
           "not_in_nav: |\n  /plans/*/\n")
    shutil.copytree(plugin_project / "plans", markdown_project / "plans")
    (markdown_project / "mkdocs.yml").write_text(CONFIG.format(extra=nav, plugin=""), encoding="utf-8")
    return plugin_project, markdown_project, pages


SEARCH_GOAL_KB = 5.0  # search index per plan, at most (issue 27)
MEMORY_GOAL = 1.5  # peak memory of the plugin's build against plain MkDocs', at most


@functools.lru_cache(maxsize=None)
def _figures_builds(count: int) -> dict:
    """Both builds of `count` plans, once a process for both figures (bench/all.py asks for each)."""
    plugin_project, markdown_project, pages = make_projects(ROOT / "bench" / "out" / f"figures-{count}", count)
    t_plugin, rss_plugin = measured_build(plugin_project)
    t_markdown, rss_markdown = measured_build(markdown_project)
    rss_plans = plans_peak_memory(plugin_project / "plans")
    index = plugin_project / "site" / "search" / "search_index.json"
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    by_part: dict[str, int] = {}
    for doc in docs:
        parts = doc["location"].split("/")
        part = (parts[2] or "overview") if parts[0] == "plans" and len(parts) > 2 else "other"
        by_part[part] = by_part.get(part, 0) + len(json.dumps(doc, separators=(",", ":")).encode())
    return {"count": count, "pages": pages, "index_bytes": index.stat().st_size, "entries": len(docs),
            "by_part": by_part, "t_plugin": t_plugin, "t_markdown": t_markdown,
            "rss_plugin": rss_plugin, "rss_markdown": rss_markdown, "rss_plans": rss_plans}


def figure_search_index(quick: bool) -> dict:
    """The site's search index (search/search_index.json) per plan: bytes / plans, in KB."""
    return search_index_figure(100 if quick else 1000)


def figure_peak_memory(quick: bool) -> dict:
    """Peak RSS of the whole `mkdocs build` process, with the plugin vs plain MkDocs of the same pages."""
    return peak_memory_figure(100 if quick else 1000)


def search_index_figure(count: int) -> dict:
    run = _figures_builds(count)
    per_plan = run["index_bytes"] / run["count"] / 1024
    parts = sorted(run["by_part"].items(), key=lambda item: -item[1])
    biggest = ", ".join(f"{part} {size / run['count'] / 1024:.1f}" for part, size in parts[:4])
    return {"name": f"search index per plan, {run['count']:,} plans", "goal": f"\u2264 {SEARCH_GOAL_KB:g} KB",
            "value": per_plan, "shown": f"{per_plan:.1f} KB", "met": per_plan <= SEARCH_GOAL_KB,
            "detail": f"{run['index_bytes'] / 1024:,.0f} KB, {run['entries']:,} entries; KB a plan by page: {biggest}"}


def peak_memory_figure(count: int) -> dict:
    run = _figures_builds(count)
    ratio = run["rss_plugin"] / run["rss_markdown"]
    per_plan = (run["rss_plugin"] - run["rss_markdown"]) / run["count"]
    return {"name": f"peak memory, {run['count']:,}-plan site vs plain MkDocs", "goal": f"\u2264 {MEMORY_GOAL:g}\u00d7",
            "value": ratio, "shown": f"{ratio:.2f}\u00d7", "met": ratio <= MEMORY_GOAL,
            "detail": f"{run['rss_plugin']:.0f} vs {run['rss_markdown']:.0f} MB ({per_plan:.2f} MB a plan more); "
                      f"reading and checking the plans alone peaks at {run['rss_plans']:.0f} MB; "
                      f"builds {run['t_plugin']:.1f} vs {run['t_markdown']:.1f} s"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--plans", type=int, default=1000, help="how many plans (default 1000)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out", help="work folder (replaced)")
    parser.add_argument("--full-nav", action="store_true", help="also build the Markdown pages with the full nav")
    parser.add_argument("--workbooks", type=int, metavar="N", default=None,
                        help="only the workbook cache and serve's start, with N plans (the full run uses 7)")
    parser.add_argument("--figures", action="store_true",
                        help="only the search index per plan and the peak memory (issue 27's figures)")
    args = parser.parse_args()

    if args.figures:
        from all import said  # bench/all.py: one figure's line

        for figure in (search_index_figure, peak_memory_figure):
            result = figure(args.plans)
            print(said(result))
        return
    if args.workbooks:
        bench_workbooks(args.out, args.workbooks)
        return
    plugin_project, markdown_project, pages = make_projects(args.out, args.plans)
    print(f"{args.plans} plans -> {pages} plan pages (+{len(GUIDE)} guide pages)")
    t_plugin = timed_build(plugin_project)
    print(f"mentorkit (mkdocs build + plugin):           {t_plugin:7.1f} s   "
          "{} pages, {:.0f} KB/page".format(*page_sizes(plugin_project / "site")))
    t_markdown = timed_build(markdown_project)
    print(f"mkdocs build, same pages as Markdown:        {t_markdown:7.1f} s   "
          "{} pages, {:.0f} KB/page".format(*page_sizes(markdown_project / "site")))
    print(f"ratio mentorkit / mkdocs:                    {t_plugin / t_markdown:7.2f}")
    if args.full_nav:
        config = markdown_project / "mkdocs.yml"
        config.write_text(CONFIG.format(extra="", plugin=""), encoding="utf-8")
        t_full = timed_build(markdown_project)
        print(f"mkdocs build, same pages, every page in nav: {t_full:7.1f} s   "
              "{} pages, {:.0f} KB/page".format(*page_sizes(markdown_project / "site")))
    bench_workbooks(args.out, 7)


if __name__ == "__main__":
    main()
