"""Templates are compiled once a process (themes.compiled_templates, Jinja's bytecode cache in
memory): a build, each rebuild of a preview and every renderer after the first reuse them, and a
theme edited in between is compiled again."""
from __future__ import annotations

import jinja2
import pytest

from mentorkit.plan.loading import load_plan
from running import PLANS, quick_theme


@pytest.fixture
def compiles(monkeypatch):
    counted = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        counted.append(name)
        return original(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return counted


def test_a_second_workbook_renderer_and_site_renderer_compile_no_template(compiles):
    from mentorkit.site.pages import SiteRenderer
    from mentorkit.workbook.render import WorkbookRenderer

    plan = load_plan(PLANS / "dana-and-sam.yaml")
    WorkbookRenderer(paper="a4").html(plan)
    SiteRenderer().check_templates()
    compiles.clear()
    html = WorkbookRenderer(paper="a4").html(plan)
    SiteRenderer().check_templates()
    assert compiles == [] and "Dana Li" in html


def test_a_theme_edited_between_two_renderers_is_compiled_again(tmp_path, compiles):
    from mentorkit.workbook.render import WorkbookRenderer

    theme = quick_theme(tmp_path / "theme") / "print"
    plan = load_plan(PLANS / "dana-and-sam.yaml")
    (theme / "workbook.html").write_text((theme / "workbook.html").read_text(encoding="utf-8")
                                         .replace("<body>", "<body><p>VERSION-A</p>"), encoding="utf-8")
    assert "VERSION-A" in WorkbookRenderer(paper="a4", theme_dir=theme).html(plan)
    text = (theme / "workbook.html").read_text(encoding="utf-8")
    (theme / "workbook.html").write_text(text.replace("VERSION-A", "VERSION-B"), encoding="utf-8")
    compiles.clear()
    html = WorkbookRenderer(paper="a4", theme_dir=theme).html(plan)
    assert "VERSION-B" in html and "VERSION-A" not in html
    assert "workbook.html" in compiles
