"""A plan cannot pull local files or network resources into its workbook.

The hostile plan points Markdown images, links, raw HTML and resources at /etc/passwd, a
secret file next to the project, a symlink out of the project and a live HTTP server. The
proof is the absence of the act, not only of the result: the server records every request
it gets, and a Python audit hook records every file opened while rendering.
"""
from __future__ import annotations

import http.server
import io
import sys
import threading
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from mentorkit.plan.loading import load_plan
from mentorkit.workbook.urlfetch import RefusedURL, SafeURLFetcher
from mentorkit.workbook.render import WorkbookRenderer, builtin_theme_dir
from running import pdf_pages_text, sections_theme

_OPENED: list[str] = []
_WATCHING = threading.Event()


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _WATCHING.is_set() and isinstance(args[0], (str, bytes, Path)):
        _OPENED.append(str(args[0]))


sys.addaudithook(_audit)  # audit hooks cannot be removed; this one only records while watching


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        type(self).requests.append(self.path)
        body = _png_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "black").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, server):
    base = tmp_path_factory.mktemp("hostile")
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("TOP-SECRET-4711", encoding="utf-8")
    (outside / "secret.png").write_bytes(_png_bytes())
    project = base / "project"
    plans = project / "plans"
    plans.mkdir(parents=True)
    (project / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (plans / "ok.png").write_bytes(_png_bytes())
    (plans / "link.png").symlink_to(outside / "secret.png")
    (plans / "passwd.png").symlink_to("/etc/passwd")
    (plans / "notes.yaml").write_text("secret: PROJECT-YAML-0815\n", encoding="utf-8")
    summary = "\n\n".join([
        "![etc](/etc/passwd) ![etc-url](file:///etc/passwd) ![secret](file://{outside}/secret.png)",
        "![up](../../outside/secret.png) ![up2](../outside/secret.txt) ![net]({server}/summary.png)",
        "![symlink](link.png) ![symlink2](passwd.png) ![yaml](notes.yaml) ![fine](ok.png)",
        "![data](data:image/png;base64,iVBORw0KGgo=) [file link](file:///etc/passwd) [net link]({server}/page)",
        "[relative link](../../outside/secret.txt) [rooted link](/etc/passwd) [plan link](notes.yaml)",
        '<img src="{server}/raw.png"> <link rel="attachment" href="file:///etc/passwd">',
        '<object data="{server}/object"></object> <style>@import url({server}/style.css);</style>',
    ]).format(server=server, outside=outside)
    text = f"""mentorkit: 1
title: A hostile plan
summary: |
{chr(10).join('  ' + line for line in summary.splitlines())}
schedule: {{start: 2027-01-04, cadence: weekly, meetings: 2}}
goals:
  - id: g
    title: "Steal ![x]({server}/goal.png) the [passwd](file:///etc/passwd)"
    framework: real
    realistic: "![r](/etc/passwd)"
    engaging: "<img src='{server}/engaging.png'>"
    actionable: "![a](../../../../etc/passwd)"
    linked: "![l](link.png)"
roadmap:
  - topic: "Topic ![t]({server}/topic.png)"
    goals: [g]
    agenda: ["![ag](file:///etc/passwd)"]
resources:
  - {{title: Passwords, url: "file:///etc/passwd"}}
  - {{title: Intranet, url: "{server}/resource"}}
  - {{title: Attachment, url: "attachment:passwd", note: "![n]({server}/note.png)"}}
"""
    path = plans / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    plan = load_plan(path)
    renderer = WorkbookRenderer()
    _Recorder.requests.clear()
    _OPENED.clear()
    _WATCHING.set()
    try:
        data = renderer.render(plan)
    finally:
        _WATCHING.clear()
    return {"data": data, "reader": PdfReader(io.BytesIO(data)), "renderer": renderer, "outside": outside,
            "project": project, "opened": list(_OPENED), "requests": list(_Recorder.requests)}


def test_the_local_server_got_no_request(hostile):
    assert hostile["requests"] == []


def test_no_file_outside_the_project_or_theme_was_opened(hostile):
    allowed = (str(hostile["project"]), str(builtin_theme_dir().resolve()))
    suspicious = [path for path in hostile["opened"]
                  if "passwd" in path or str(hostile["outside"]) in path or path.endswith(".yaml")]
    assert suspicious == []
    assert any(path.endswith("ok.png") for path in hostile["opened"])  # the hook did watch the render
    served = [str(path) for path in hostile["renderer"].last_served]
    assert served and all(path.startswith(allowed) for path in served)
    assert [Path(path).name for path in served if path.startswith(str(hostile["project"]))] == ["ok.png"]


def test_the_fetcher_refused_the_symlinks_out_of_the_project(hostile):
    refused = dict(hostile["renderer"].last_refused)
    assert any(url.endswith("/link.png") for url in refused)
    assert any(url.endswith("/passwd.png") for url in refused)
    assert any(url.endswith("/notes.yaml") for url in refused)
    assert all("outside the project" in reason or "not an image" in reason for reason in refused.values())


def test_the_pdf_holds_no_secret_no_attachment_and_only_the_legitimate_image(hostile):
    reader = hostile["reader"]
    text = "\n".join(pdf_pages_text(hostile["data"]))
    assert "TOP-SECRET" not in text and "root:x:0" not in text and "PROJECT-YAML" not in text
    root = reader.trailer["/Root"]
    assert "/EmbeddedFiles" not in root.get("/Names", {})
    assert b"TOP-SECRET" not in hostile["data"] and b"root:x:0" not in hostile["data"]
    images = {image.name for page in reader.pages for image in page.images}
    assert len(images) == 1  # ok.png
    uris = []
    for page in reader.pages:
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            assert annotation.get("/Subtype") != "/FileAttachment"
            action = annotation.get("/A")
            if action is not None:
                assert action.get("/S") == "/URI", action  # no launch or remote-file actions
                uris.append(str(action["/URI"]))
    assert uris and not [uri for uri in uris if not uri.startswith(("http://", "https://", "mailto:"))]


def test_raw_html_in_a_plan_is_printed_as_text(hostile):
    text = " ".join(pdf_pages_text(hostile["data"]))
    assert '<link rel="attachment"' in text


# --- the fetcher on its own ----------------------------------------------------------------------

@pytest.fixture
def fetcher(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "pic.png").write_bytes(_png_bytes())
    (project / "plan.yaml").write_text("mentorkit: 1\n", encoding="utf-8")
    (tmp_path / "away.png").write_bytes(_png_bytes())
    (project / "escape.png").symlink_to(tmp_path / "away.png")
    return SafeURLFetcher(theme_roots=[builtin_theme_dir()], image_roots=[project]), project, tmp_path


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/x.png", "https://example.org/x.png", "ftp://example.org/x.png",
    "data:image/png;base64,iVBORw0KGgo=", "file:///etc/passwd", "file://otherhost/share/x.png",
    "attachment:x", "relative.png",
])
def test_fetcher_refuses_anything_but_local_theme_and_project_files(fetcher, url):
    safe, _, _ = fetcher
    with pytest.raises(RefusedURL):
        safe.fetch(url)
    assert safe.refused and safe.refused[-1][0] == url


def test_fetcher_serves_project_images_and_theme_files_only(fetcher):
    safe, project, tmp_path = fetcher
    assert safe.fetch((project / "pic.png").as_uri()).read().startswith(b"\x89PNG")
    css = safe.fetch((builtin_theme_dir() / "workbook.css").resolve().as_uri())
    assert css.content_type == "text/css"
    for url in ((project / "plan.yaml").as_uri(), (project / "escape.png").as_uri(),
                (tmp_path / "away.png").as_uri(), f"file://{project}/../away.png"):
        with pytest.raises(RefusedURL):
            safe.fetch(url)


def test_fetcher_refuses_oversized_images(tmp_path):
    (tmp_path / "huge.png").write_bytes(b"\x89PNG" + b"0" * 2048)
    safe = SafeURLFetcher(image_roots=[tmp_path], max_bytes=1024)
    with pytest.raises(RefusedURL, match="larger than"):
        safe.fetch((tmp_path / "huge.png").as_uri())


def test_fetcher_refuses_small_files_that_decode_to_huge_images(tmp_path):
    Image.new("1", (6000, 6000)).save(tmp_path / "bomb.png")  # a few KB on disk, 36 million pixels
    assert (tmp_path / "bomb.png").stat().st_size < 100_000
    Image.new("RGB", (40, 30), "white").save(tmp_path / "fine.png")
    safe = SafeURLFetcher(image_roots=[tmp_path])
    with pytest.raises(RefusedURL, match="6000x6000 pixels"):
        safe.fetch((tmp_path / "bomb.png").as_uri())
    assert safe.fetch((tmp_path / "fine.png").as_uri()).read().startswith(b"\x89PNG")


def _attributes(html: str) -> list[tuple[str, str]]:
    from html.parser import HTMLParser

    found: list[tuple[str, str]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend((name, value or "") for name, value in attrs)

    Collect().feed(html)
    return found


def test_plan_text_cannot_open_an_attribute_in_fillable_fields(tmp_path):
    """A quote in plan text ends nothing: labels of form fields are plain, escaped text."""
    injected = 'x" style="background-image:url(http://127.0.0.1:9/inj.png)" data-y="'
    plan_path = tmp_path / "inject.yaml"
    plan_path.write_text("mentorkit: 1\ntitle: Inject\nschedule: {meetings: 1}\nroadmap:\n  - topic: One\n"
                         f"logistics:\n  responsibilities:\n    '{injected}': mentor\n"
                         f"metrics:\n  - {{id: m, title: '{injected}', target: 1}}\n", encoding="utf-8")
    renderer = WorkbookRenderer(project_root=tmp_path)
    html = renderer.html(load_plan(plan_path), fillable=True)
    attributes = _attributes(html)
    assert any(injected.capitalize() in value for _, value in attributes)  # the text is there...
    assert not [name for name, value in attributes if name == "data-y" or "inj.png" in value and name != "title"]
    # laid out and drawn: the real sections that print responsibilities and metrics (running.sections_theme)
    sections = sections_theme(tmp_path / "sections", "agreement", "goals", "final-review") / "print"
    laid_out = WorkbookRenderer(theme_dir=sections, project_root=tmp_path)
    assert "inj.png" in laid_out.html(load_plan(plan_path), fillable=True)  # the text is in what is laid out
    laid_out.render(load_plan(plan_path), fillable=True)
    assert not any("inj.png" in url for url, _ in laid_out.last_refused)  # the url() never reached the fetcher


def test_plan_text_is_printed_never_run_as_a_template(tmp_path):
    """The print theme gets plan text as values: Jinja syntax in it prints as written, HTML escaped."""
    plan_path = tmp_path / "jinja.yaml"
    plan_path.write_text("mentorkit: 1\ntitle: \"{{ 7 * 191 }} {% raw %}\"\nschedule: {meetings: 1}\n"
                         "roadmap:\n  - topic: \"{{ view.plan.source }} <b>bold</b>\"\n"
                         "    questions: [\"{{ range(3) | list }}\"]\n", encoding="utf-8")
    html = WorkbookRenderer(project_root=tmp_path).html(load_plan(plan_path))
    assert "1337" not in html and "{{ 7 * 191 }} {% raw %}" in html
    assert "{{ view.plan.source }} &lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html
    assert str(tmp_path) not in html
    assert "{{ range(3) | list }}" in html and "[0, 1, 2]" not in html
