"""Site benchmark: how much longer mentorkit takes than MkDocs alone for the same pages.

    python bench/site_bench.py            # 1,000 plans
    python bench/site_bench.py -n 100     # a quicker run
    python bench/site_bench.py --full-nav # also time MkDocs with every page in the navigation

It generates N plans (variations of the starter templates), builds them with the mentorkit
plugin (`mkdocs build`, no workbooks), then writes the very same pages as Markdown files and
builds those with plain MkDocs, with the same short navigation (plan pages `not_in_nav`).
It prints both times and their ratio. Output goes to bench/out/ (git-ignored).
"""
from __future__ import annotations

import argparse
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
    example = ROOT / "plans" / "dana-and-sam.yaml"  # a plan with a log, so progress pages are measured too
    sources = [p.read_text(encoding="utf-8") for p in templates + ([example] if example.exists() else [])]
    folder.mkdir(parents=True)
    for i in range(count):
        text = sources[i % len(sources)]
        text = re.sub(r"(?m)^id:.*$", f"id: plan-{i:05d}", text, count=1)
        text = re.sub(r"(?m)^title:\s*(.+)$", lambda m: f"title: {m.group(1).strip()} #{i}", text, count=1)
        text = re.sub(r"(?m)^tags:.*$", f"tags: [{TAGS[i % len(TAGS)]}, {TAGS[(i * 7 + 3) % len(TAGS)]}]", text, count=1)
        (folder / f"plan-{i:05d}.yaml").write_text(text, encoding="utf-8")


def write_guide(docs: Path) -> None:
    for name, text in GUIDE.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")


def timed_build(project: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build of {project} failed:\n{result.stderr[-3000:]}")
    return elapsed


def page_sizes(site: Path) -> tuple[int, float]:
    pages = list(site.rglob("*.html"))
    return len(pages), sum(p.stat().st_size for p in pages) / max(len(pages), 1) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--plans", type=int, default=1000, help="how many plans (default 1000)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out", help="work folder (replaced)")
    parser.add_argument("--full-nav", action="store_true", help="also build the Markdown pages with the full nav")
    args = parser.parse_args()

    shutil.rmtree(args.out, ignore_errors=True)
    plugin_project, markdown_project = args.out / "mentorkit", args.out / "markdown"
    make_plans(plugin_project / "plans", args.plans)
    write_guide(plugin_project / "docs")
    (plugin_project / "mkdocs.yml").write_text(CONFIG.format(
        extra="", plugin="  - mentorkit:\n      plans: plans\n      workbooks: false"), encoding="utf-8")

    # The same pages, pre-written as Markdown (raw HTML blocks), for plain MkDocs.
    program = load_program(plugin_project / "plans")
    assert program.ok, "\n".join(d.format() for d in program.diagnostics[:5])
    model = gather_site(program.plans, url_for=mkdocs_url, site_name="Bench program")
    SiteRenderer().render_all(model)
    docs = markdown_project / "docs"
    write_guide(docs)
    for page in model.pages():
        path = docs / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        title = page.title.replace('"', "'")
        path.write_text(f'---\ntitle: "{title}"\n---\n\n{page.html}\n', encoding="utf-8")
    nav = ("nav:\n  - index.md\n  - Plans: plans/index.md\n  - guide/for-mentors.md\n  - guide/for-mentees.md\n"
           "not_in_nav: |\n  /plans/*/\n")
    shutil.copytree(plugin_project / "plans", markdown_project / "plans")
    (markdown_project / "mkdocs.yml").write_text(CONFIG.format(extra=nav, plugin=""), encoding="utf-8")

    pages = sum(1 for _ in model.pages())
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


if __name__ == "__main__":
    main()
