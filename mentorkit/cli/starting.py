"""Starting something new: `mentorkit new` (a plan from a starter, or a pair plan that follows a
program) and `mentorkit init` (a whole program folder that builds at once)."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple, Union

import click
import yaml

from ..diagnostics import EXIT_PROBLEMS, MentorkitError, display_path
from ..output import write_text_atomic
from ..plan.loading import PLAN_SUFFIXES, Document, Library, read_document, slug_from_name
from ..plan.model import SLUG_PATTERN
from ..plan.schema import SCHEMA_FILE_NAME, plan_schema_text
from ..plan.model import CONTROL_CHARACTER
from ..project import Project
from ..settings import find_config
from ..locale import catalog_language, check_language
from ..themes import starter_templates, templates_dir
from .report import show


def write_new_or_same(path: Path, text: str, *, replace: bool = False) -> bool:
    """Write text to path atomically. Without replace, an existing file is left alone."""
    if path.exists() and not replace:
        return False
    write_text_atomic(path, text)
    return True


@click.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-t", "--template", "template", default="onboarding", show_default=True,
              help="Starter template to copy (see --list).")
@click.option("--program", "program_id", metavar="ID",
              help="Write a short pair plan that follows the program plan with this id instead of a starter.")
@click.option("--start", type=click.DateTime(formats=["%Y-%m-%d"]), help="Date of the first meeting (YYYY-MM-DD).")
@click.option("--mentor", metavar="NAME", help="The mentor's name (with --mentee: a plan for this pair).")
@click.option("--mentee", metavar="NAME", help="The mentee's name.")
@click.option("--member", "members", metavar="NAME", multiple=True,
              help="A member of a circle (repeat for each; instead of --mentor/--mentee).")
@click.option("--facilitator", metavar="NAME", help="Who convenes the circle (optional).")
@click.option("--list", "list_templates", is_flag=True, help="List the starter templates.")
def new(file: Path | None, template: str, program_id: str | None, start, mentor: str | None, mentee: str | None,
        members: tuple[str, ...], facilitator: str | None, list_templates: bool) -> None:
    """Write a new plan FILE from a starter template, or (--program) a pair plan that follows a
    program. Creates missing folders; never overwrites a file."""
    templates = starter_templates()
    if list_templates:
        for name, path in templates.items():
            title = re.search(r"(?m)^title:\s*(.+)$", path.read_text(encoding="utf-8"))
            click.echo(f"{name:<20} {title.group(1).strip() if title else ''}")
        return
    if file is None:
        raise click.UsageError("name the plan file to write, e.g. mentorkit new plans/my-plan.yaml")
    if template not in templates:
        raise click.UsageError(f"unknown template '{template}'; choose one of: {', '.join(templates)}")
    if file.suffix not in PLAN_SUFFIXES:
        raise click.UsageError(f"'{file}' should end in .yaml so mentorkit finds it")
    if program_id is not None and not re.fullmatch(SLUG_PATTERN, program_id):
        raise click.UsageError(f"--program {program_id!r} is not a plan id (lowercase letters, digits and hyphens)")
    if (mentor is None) != (mentee is None):
        raise click.UsageError("name both sides of the pair: --mentor NAME --mentee NAME")
    if (members or facilitator) and mentor is not None:
        raise click.UsageError("a plan is for a pair (--mentor, --mentee) or a circle (--member...), not both")
    if (members or facilitator is not None) and len(members) < 2:
        raise click.UsageError("a circle needs at least two members: --member NAME --member NAME")
    for label, name in (("--mentor", mentor), ("--mentee", mentee), ("--facilitator", facilitator),
                        *(("--member", m) for m in members)):
        if name is not None and (not name.strip() or any(ch in name for ch in "\r\n")):
            raise click.UsageError(f"{label} should be a name on one line")
        if name is not None and CONTROL_CHARACTER.search(name):
            raise click.UsageError(f"{label} holds a control character; write the name as it is printed")
    if file.exists():
        raise MentorkitError.at(file, "already exists; mentorkit never overwrites a file. Choose another name")
    project = Project.open()
    taken = id_in_use(slug_from_name(file.stem), [file.parent, project.plans_folder])
    if taken is not None:  # validate would refuse the pair of plans: refuse the second one now
        raise MentorkitError.at(file, f"plan id '{slug_from_name(file.stem)}' (from the file name) is already "
                                f"used by {display_path(taken)}; plan ids are unique in a program: choose "
                                "another file name; nothing written")
    schema_path = project_root(file.parent) / "schema" / SCHEMA_FILE_NAME
    schema_ref = Path(os.path.relpath(schema_path, _absolute(file.parent))).as_posix()
    people: People = None
    if mentor is not None and mentee is not None:
        people = Pair(mentor.strip(), mentee.strip())
    elif members:
        people = Circle(tuple(m.strip() for m in members), facilitator.strip() if facilitator else None)
    day = start.date() if start is not None else None
    if program_id is not None:
        text = pair_plan_text(program_id, plan_id=file.stem, schema_ref=schema_ref, pair=people, start=day)
        problems = check_text(text, file, library=project.plans_folder)
        if problems:  # an unknown program, a start its dates do not fit: say so, write nothing
            show(problems)
            sys.exit(EXIT_PROBLEMS)
    else:
        written_in = templates_dir() / catalog_language(project.settings.language) / f"{template}.yaml"
        starter = written_in if written_in.is_file() else templates[template]  # the program's language, when written
        text = starter_text(starter, plan_id=file.stem, schema_ref=schema_ref, pair=people, start=day)
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with file.open("x", encoding="utf-8") as handle:  # "x": fail rather than overwrite, even in a race
            handle.write(text)
    except FileExistsError:
        raise MentorkitError.at(file, "already exists; mentorkit never overwrites a file. Choose another name") \
            from None
    except OSError as exc:
        raise MentorkitError.at(file, f"cannot write: {exc.strerror or exc}") from None
    if not schema_path.exists():
        schema_path.parent.mkdir(parents=True, exist_ok=True)
        write_new_or_same(schema_path, plan_schema_text())
    made = f"following program '{program_id}'" if program_id else f"from template '{template}'"
    click.echo(f"wrote {file} {made}; check it with: mentorkit validate {file}", err=True)


def id_in_use(plan_id: str, folders: list) -> Path | None:
    """The plan file that already has `plan_id`, among the plans under `folders` (the new plan's
    own folder and the plans folder, which validate checks together), or None."""
    existing = [f for f in dict.fromkeys(folders) if f is not None and Path(f).is_dir()]
    document = Library(existing).documents.get(plan_id) if existing else None
    return document.path if document is not None else None


def _absolute(folder: Path) -> Path:
    """The absolute form of a folder that may not exist yet."""
    return Path(os.path.abspath(folder))


def check_text(text: str, file: Path, *, library: Path | None) -> list:
    """The errors and warnings of a plan not yet written, as if it were at `file`."""
    with tempfile.TemporaryDirectory() as scratch:
        probe = Path(scratch) / file.name
        probe.write_text(text, encoding="utf-8")
        folders = [f for f in (file.parent, library) if f is not None and f.is_dir()]  # beside it, then plans/
        read = read_document(probe, named=True)
        result = Library(dict.fromkeys(folders)).check(read) if isinstance(read, Document) else read
        probe_name, name = display_path(probe), display_path(file)
        return [replace(d, file=name) if d.file == probe_name else d for d in result.diagnostics]


def project_root(folder: Path) -> Path:
    """The nearest folder up from `folder` holding mkdocs.yml, else the working folder."""
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        if find_config(candidate):
            return candidate
    return Path.cwd().resolve()


class Pair(NamedTuple):
    mentor: str
    mentee: str


class Circle(NamedTuple):
    members: tuple[str, ...]
    facilitator: str | None = None


People = Union[tuple, Pair, Circle, None]  # a (mentor, mentee) tuple reads as a Pair


def starter_text(template: Path, *, plan_id: str, schema_ref: str, pair: People = None,
                 start: dt.date | None = None) -> str:
    """The starter's text with its id, schema modeline, pair and start filled in (its comments and
    layout kept: it is the file a person edits next)."""
    text = template.read_text(encoding="utf-8")
    slug = slug_from_name(plan_id)
    text = re.sub(r"(?m)^# yaml-language-server: \$schema=.*$", f"# yaml-language-server: $schema={schema_ref}", text)
    text = re.sub(r"(?m)^id:.*$", f"id: {slug}", text, count=1)
    if start is not None:
        text = re.sub(r"(?m)^schedule:[ \t]*\n", f"schedule:\n  start: {start.isoformat()}\n", text, count=1)
    if pair is not None:
        block = _pair_yaml(pair)
        text = re.sub(r"(?m)^schedule:", lambda _: block + "\nschedule:", text, count=1)
        text = _titled_for(text, pair)
    return text


def _titled_for(text: str, people: People) -> str:
    """A starter made a plan of named people gets their title, as a plan following a program
    does ('Onboarding mentoring: Ana Ruiz and Lee Chen'): the running header of every page of
    their workbook is theirs, not the program's."""
    from ..plan.following import title_with_people

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    if not isinstance(data, dict) or not isinstance(data.get("title"), str):
        return text
    if isinstance(people, Circle):
        own = {"circle": {"members": [{"name": name} for name in people.members]}}
    else:
        own = {"pair": {"mentor": {"name": people[0]}, "mentee": {"name": people[1]}}}
    title = title_with_people(data["title"], own, data.get("language"))
    return re.sub(r"(?m)^title:.*$", lambda _: "title: " + json.dumps(title, ensure_ascii=False), text, count=1)


def pair_plan_text(program_id: str, *, plan_id: str, schema_ref: str, pair: People,
                   start: dt.date | None, own: dict | None = None) -> str:
    """A short plan that follows a program: only what is the pair's own. `own`: more of it, as
    plan data (a roster row's people with roles and addresses, its time and place)."""
    lines = [f"# yaml-language-server: $schema={schema_ref}", "mentorkit: 1", f"id: {slug_from_name(plan_id)}",
             f"program: {program_id}  # everything this plan does not say comes from the program", ""]
    if pair is not None:
        lines.append(_pair_yaml(pair))
    if start is not None:
        lines += ["schedule:", f"  start: {start.isoformat()}", ""]
    if own:
        lines.append(yaml.safe_dump(own, sort_keys=False, allow_unicode=True, width=100))
    lines += ["# Your own goals replace the program's goal with the same id; new ids are added.",
              "# goals: []", "", "# After each meeting, log it here (see the format reference).", "log: []", ""]
    return "\n".join(lines)


def _pair_yaml(people: People) -> str:
    """The `pair:` (or `circle:`) block; names as JSON strings, which are YAML too."""
    def quoted(name: str) -> str:
        return json.dumps(name, ensure_ascii=False)

    if isinstance(people, Circle):
        lines = ["circle:"]
        if people.facilitator:
            lines.append(f"  facilitator: {{name: {quoted(people.facilitator)}}}")
        lines.append("  members:")
        lines += [f"    - {{name: {quoted(name)}}}" for name in people.members]
        return "\n".join(lines) + "\n"
    mentor, mentee = people
    return f"pair:\n  mentor: {{name: {quoted(mentor)}}}\n  mentee: {{name: {quoted(mentee)}}}\n"




PROJECT_PAGES = ("index.md", "guide/for-mentors.md", "guide/for-mentees.md", "guide/first-meeting.md", "guide/faq.md")


@click.command()
@click.argument("folder", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("-t", "--template", "template", default="onboarding", show_default=True,
              help="Starter template of the program plan (see mentorkit new --list).")
@click.option("--name", "site_name", help="The site's name (default: from the folder's name).")
@click.option("--language", default="en", show_default=True, metavar="TAG",
              help="The program's language (en, de, fr, es): its site, workbooks and calendars, and the guide "
                   "pages and onboarding starter init writes.")
def init(folder: Path, template: str, site_name: str | None, language: str) -> None:
    """Start a program in FOLDER (default: here): mkdocs.yml, a program plan, guide pages for
    mentors and mentees, and the plan schema. `mentorkit build` works in it at once. Never
    overwrites a file: files already there are kept."""
    try:
        language = check_language(language)
    except ValueError as exc:
        raise click.UsageError(f"--language: {exc}") from None
    templates = starter_templates()
    if template not in templates:
        raise click.UsageError(f"unknown template '{template}'; choose one of: {', '.join(templates)}")
    existing = find_config(folder) if folder.is_dir() else None
    if existing is not None:
        raise MentorkitError.at(existing, "a program is already set up here (mkdocs.yml exists); "
                                "add plans with: mentorkit new plans/NAME.yaml")
    name = site_name or _site_name(folder)
    if any(ch in name for ch in "\r\n") or not name.strip():
        raise click.UsageError("--name should be one line of text")
    project, starter = _in_language(language, template, templates[template])
    plan_file = Path("plans") / f"{template}.yaml"
    files = {Path("mkdocs.yml"): (project / "mkdocs.yml").read_text(encoding="utf-8")
             .replace("{site_name}", json.dumps(name, ensure_ascii=False)).replace("{language}", language),
             plan_file: starter_text(starter, plan_id=template, schema_ref=f"../schema/{SCHEMA_FILE_NAME}"),
             Path("schema") / SCHEMA_FILE_NAME: plan_schema_text(),
             Path(".gitignore"): "site/\n.cache/\n"}
    for page in PROJECT_PAGES:
        text = (project / page).read_text(encoding="utf-8")
        files[Path("plans") / page] = text.replace("{site_name}", name) if page == "index.md" else text
    for relative in files:  # before writing anything: a half-made program would only be in the way
        for parent in (folder / relative).parents:
            if parent.exists() and not parent.is_dir():
                raise MentorkitError.at(parent, "is a file where init writes a folder; move it, or init elsewhere")
    kept = []
    for relative, text in files.items():
        target = folder / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise MentorkitError.at(target.parent, f"cannot make the folder: {exc.strerror or exc}") from None
        try:
            with target.open("x", encoding="utf-8") as handle:  # never over a file the user has
                handle.write(text)
        except FileExistsError:
            kept.append(relative)
        except OSError as exc:
            raise MentorkitError.at(target, f"cannot write: {exc.strerror or exc}") from None
    for relative in kept:
        click.echo(f"kept {display_path(folder / relative)} (already there)", err=True)
    where = "" if folder.resolve() == Path.cwd().resolve() else f"cd {display_path(folder)} && "
    click.echo(f"started a program in {display_path(folder)}: mkdocs.yml, {plan_file}, guide pages in plans/guide/.\n"
               f"Next: {where}mentorkit build   (then open site/index.html), or mentorkit serve to preview.\n"
               f"Add a pair: mentorkit new plans/NAME.yaml --program {template} --start YYYY-MM-DD "
               "--mentor NAME --mentee NAME", err=True)


def _in_language(language: str, template: str, english: Path) -> tuple[Path, Path]:
    """The project pages (mkdocs.yml, home and guide pages) and the starter written in `language`:
    templates/project/<lang>/ and templates/<lang>/<template>.yaml, written for that language (not
    word for word). A starter not written in it yet is the English one (the site, workbooks and
    calendars still speak the language: mkdocs.yml sets it)."""
    code = catalog_language(language)
    if code == "en":
        return templates_dir() / "project", english
    project = templates_dir() / "project" / code
    starter = templates_dir() / code / f"{template}.yaml"
    if not starter.is_file():
        click.echo(f"the {template} starter is in English (written in {code}: "
                   f"{', '.join(sorted(p.stem for p in starter.parent.glob('*.yaml')))}); "
                   "its text is yours to translate", err=True)
        starter = english
    return project, starter


def _site_name(folder: Path) -> str:
    words = re.sub(r"[-_]+", " ", Path(os.path.abspath(folder)).name).strip()
    return f"{words[:1].upper()}{words[1:]}" if words and words.lower() != "mentoring" else "Mentoring"
