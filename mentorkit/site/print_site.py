"""Plan pages in the one print page of mkdocs-print-site-plugin.

print-site prints the pages of the navigation, in its order; mentorkit keeps its plan pages out
of the navigation (one "Plans" entry, the catalog). So that the print page holds what the site
shows, each published plan follows the catalog there as a section of its pages, in the catalog's
order. Hidden pair plans have no pages, so they have no place there either.

print-site has no public way to add pages: this module owns the one private use, the list of
items its renderer prints (`renderer.items`, which it takes from the navigation in its
`on_nav`). tests/site/test_site_plugins.py fails loudly when an upgrade changes it.
"""
from __future__ import annotations

import logging
from typing import Any, Optional

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.mentorkit")
PLUGIN = "print-site"


def add_plan_pages(config: MkDocsConfig, nav: Navigation, files: Files, catalog_src: str,
                   plans: list[list[str]], titles: list[str]) -> None:
    """Put every plan's pages (`plans`: each plan's src_uris, titled `titles`) after the catalog
    in print-site's print page; the site's navigation stays as it is. Runs after print-site's
    `on_nav`, which takes the items to print."""
    plugin = config.plugins.get(PLUGIN)
    if plugin is None or not plugin.config.get("enabled", True):
        return
    renderer = getattr(plugin, "renderer", None)
    if renderer is None or not isinstance(getattr(renderer, "items", None), list):
        log.warning("mentorkit: this version of mkdocs-print-site-plugin keeps its pages where mentorkit does "
                    "not know them: the print page leaves out the plan pages")
        return
    sections = []
    for sources, title in zip(plans, titles):
        pages = [page for page in (_page(files, src) for src in sources) if page is not None]
        if pages:
            sections.append(Section(title, pages))
    catalog = _page(files, catalog_src)
    renderer.items = _after(list(renderer.items), catalog, sections)  # a copy: the site's nav is untouched


def _page(files: Files, src_uri: str) -> Optional[Page]:
    file = files.get_file_from_path(src_uri)
    return file.page if file is not None else None


def _after(items: list[Any], catalog: Optional[Page], sections: list[Section]) -> list[Any]:
    """`items` with `sections` right after the catalog (in whatever section holds it), or at the end."""
    def place(level: list[Any]) -> Optional[list[Any]]:
        for i, item in enumerate(level):
            if item is catalog:
                return [*level[:i + 1], *sections, *level[i + 1:]]
            if isinstance(item, Section):
                children = place(item.children)
                if children is not None:
                    copy = Section(item.title, children)
                    return [*level[:i], copy, *level[i + 1:]]
        return None

    placed = place(items) if catalog is not None else None
    return placed if placed is not None else [*items, *sections]
