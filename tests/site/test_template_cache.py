"""The site theme's templates, compiled once and kept under the project's cache folder: the next
process loads them instead of compiling them again, an edited template is compiled again, and a
cache folder that cannot be written only makes a build slower."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from mentorkit import themes
from mentorkit.site.pages import SiteRenderer
from mentorkit.themes import themes_dir

CHECK = """
import sys, jinja2
from pathlib import Path
compiled = []
original = jinja2.Environment.compile
def counting(self, source, name=None, filename=None, *args, **kwargs):
    compiled.append(name)
    return original(self, source, name, filename, *args, **kwargs)
jinja2.Environment.compile = counting
from mentorkit.site.pages import SiteRenderer
theme = Path(sys.argv[2]) if len(sys.argv) > 2 else None
renderer = SiteRenderer(theme, Path(sys.argv[1]))
renderer.check_templates()
print(renderer.env.get_template("catalog.html").filename)
print(" ".join(sorted(set(compiled))))
"""


def compiled_in_new_process(folder: Path, theme: Path | None = None) -> tuple[str, set[str]]:
    """(catalog's file, the templates compiled) of a fresh process checking the site templates."""
    args = [sys.executable, "-c", CHECK, str(folder)] + ([str(theme)] if theme else [])
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    catalog, names = (done.stdout.splitlines() + ["", ""])[:2]
    return catalog, set(names.split())


def test_a_second_process_loads_the_compiled_templates_instead_of_compiling_them(tmp_path):
    folder = tmp_path / ".cache" / "templates"
    _, first = compiled_in_new_process(folder)
    assert "catalog.html" in first and len(first) > 10
    kept = sorted(p.name for p in folder.iterdir())
    assert kept and all(name.endswith(".jinja") for name in kept)  # no temporary file left behind
    _, second = compiled_in_new_process(folder)
    assert second == set()


def test_an_edited_template_is_compiled_again_and_the_edit_shows(tmp_path):
    folder, theme = tmp_path / "cache", tmp_path / "theme"
    theme.mkdir()
    shutil.copy(themes_dir() / "site" / "catalog.html", theme / "catalog.html")
    catalog, _ = compiled_in_new_process(folder, theme)
    assert Path(catalog) == theme / "catalog.html"
    assert compiled_in_new_process(folder, theme)[1] == set()
    (theme / "catalog.html").write_text("<p>edited {{ site_name }}</p>\n{% if false %}{{ catalog }}{% endif %}")
    assert compiled_in_new_process(folder, theme)[1] == {"catalog.html"}
    themes._COMPILED.clear()  # this process too reads the edited template from the folder
    renderer = SiteRenderer(theme, folder)
    assert renderer.env.get_template("catalog.html").render(site_name="Ours", catalog=None) == "<p>edited Ours</p>\n"


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    themes._COMPILED.clear()
    renderer = SiteRenderer(None, blocked / "templates")
    renderer.check_templates()  # compiles every template, keeps none on disk
    assert blocked.read_text() == "not a folder"


def test_compiled_code_of_one_environment_is_not_used_by_another(tmp_path):
    """Jinja's checksum covers the source alone: the options a template was compiled with are in
    the key (here, trim_blocks changes what the same source renders)."""
    (tmp_path / "t.html").write_text("{% if true %}\nyes\n{% endif %}\n")
    for trim, expected in ((True, "yes\n"), (False, "\nyes\n")):
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), trim_blocks=trim,
                                 bytecode_cache=themes.compiled_templates("test", tmp_path / "cache"))
        assert env.get_template("t.html").render() == expected
    assert len(list((tmp_path / "cache").iterdir())) == 2


@pytest.fixture(autouse=True)
def fresh_memory():
    yield
    themes._COMPILED.clear()
