"""Links from plan text to other plans, checked and resolved when the site is built (what MkDocs
does for links between Markdown pages).

A plan links to another plan by its file, relative to its own, as a Markdown page links to
another `.md`: `[the onboarding program](engineering-onboarding.yaml)`. On the site that link
points at the other plan's overview page, wherever the site is served from. A link to a file
that is no plan of the program, and a web link into the site itself (under `site_url`) that no
page answers, are located warnings (errors under `--strict`): the example pair plan once linked
to `.../mentoring/engineering-onboarding`, a page that never existed.
"""
from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Optional
from urllib.parse import unquote, urlsplit

from ..diagnostics import Diagnostic, display_path
from ..plan.model import Plan

_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")  # [text](url "title")
_PLAN_FILE = re.compile(r"\.ya?ml$", re.IGNORECASE)
_HREF = re.compile(r'href="([^"]*)"')


@dataclass
class PlanLinks:
    """Where plan text links to other plans: by linking plan id, each href as written -> the
    id of the plan it names; and what is wrong with the links that lead nowhere."""
    targets: dict[str, dict[str, str]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def for_catalog(self) -> dict[str, str]:
        """The hrefs that mean the same plan whichever plan wrote them (the catalog shows many)."""
        merged: dict[str, str] = {}
        clash: set[str] = set()
        for hrefs in self.targets.values():
            for href, target in hrefs.items():
                if merged.setdefault(href, target) != target:
                    clash.add(href)
        return {href: target for href, target in merged.items() if href not in clash}


def check_plan_links(plans: list[Plan], *, site_url: Optional[str], site_paths: set[str]) -> PlanLinks:
    """Every link of every plan's text: to another plan's file (resolved), or into this site
    (`site_paths`: the paths under the site's root that exist, like 'plans/x/' or 'guide/faq/')."""
    by_source = {os.path.normcase(os.path.abspath(p.source)): p for p in plans if p.source}
    found = PlanLinks()
    for plan in plans:
        if plan.source is None:
            continue
        folder = Path(plan.source).resolve().parent
        for path, text in _texts(plan.model_dump(mode="json")):
            for match in _LINK.finditer(text):
                href = match.group(1)
                problem = None
                if _PLAN_FILE.search(urlsplit(href).path) and not urlsplit(href).scheme:
                    target = by_source.get(os.path.normcase(os.path.abspath(folder / unquote(urlsplit(href).path))))
                    if target is None:
                        problem = f"link to '{href}': no plan of this program is that file"
                    else:
                        found.targets.setdefault(str(plan.id), {})[href] = str(target.id)
                elif site_url and href.startswith(("http://", "https://")):
                    problem = _missing_site_page(href, site_url, site_paths, plans, folder)
                if problem:
                    found.diagnostics.append(_located(plan, path, href, problem))
    return found


def _missing_site_page(href: str, site_url: str, site_paths: set[str], plans: list[Plan],
                       folder: Path) -> Optional[str]:
    site, link = urlsplit(site_url), urlsplit(href)
    root = site.path if site.path.endswith("/") else site.path + "/"
    if (link.scheme, link.netloc.lower()) != (site.scheme, site.netloc.lower()) or \
            not (link.path + "/").startswith(root):
        return None  # another site
    inside = unquote(link.path[len(root):]) if len(link.path) >= len(root) else ""
    if inside in ("", "index.html") or {inside, inside.rstrip("/") + "/", inside + "/"} & site_paths:
        return None
    message = f"link to '{href}': this site has no page there"
    name = inside.rstrip("/").rsplit("/", 1)[-1]
    plan = next((p for p in plans if p.id == name and p.source), None)
    if plan is not None:
        relative = Path(os.path.relpath(Path(plan.source).resolve(), folder)).as_posix()
        message += f"; to link to the plan '{plan.id}', link to its file: [...]({relative})"
    return message


def _texts(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        if "](" in value:
            yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))


def _located(plan: Plan, path: tuple, href: str, message: str) -> Diagnostic:
    """At the link itself when the file shows it (a block of text spans lines), else at the value."""
    line, column = plan.positions.of(path)
    try:
        lines = Path(plan.source).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    for number in range(line - 1, len(lines)):
        at = lines[number].find(f"]({href}")
        if at != -1:
            line, column = number + 1, at + 3
            break
    return Diagnostic(display_path(plan.source), line, column, "warning", message, path)


def resolve_links(page_html: str, hrefs: dict[str, str], url_of: Callable[[str], Optional[str]]) -> str:
    """The page with each link to a plan's file pointing at that plan's page (`url_of` its id:
    a URL relative to the page, or None when the site does not show it: the link is dropped)."""
    if not hrefs:
        return page_html

    def replace(match: re.Match) -> str:
        href = html.unescape(match.group(1))
        target = hrefs.get(href)
        if target is None:
            return match.group(0)
        url = url_of(target)
        if url is None:
            return 'data-unpublished-plan=""'
        fragment = urlsplit(href).fragment
        return f'href="{html.escape(url + ("#" + fragment if fragment else ""))}"'

    return _HREF.sub(replace, page_html)
