"""The phone loads one bundle of its scripts, and the bundle is what static/js/deputy says.

static/js/dist/phone.js is built by `npm run build` (esbuild, pinned in package.json). A phone
walking into the hall then fetches three scripts and styles instead of fifteen (BENCHMARKS.md,
arrive). This test builds the bundle again from the sources and fails when the committed one
differs: after editing a phone script, run `npm run build`.
"""

import json
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "static/js/dist/phone.js"


def build_command(outfile: Path) -> list[str]:
    script = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["scripts"]["build"]
    words = shlex.split(script)
    assert words[0] == "esbuild"
    words = [w for w in words if not w.startswith("--outfile=")]
    return [str(ROOT / "node_modules/.bin/esbuild"), *words[1:], f"--outfile={outfile}"]


def test_the_committed_bundle_is_built_from_the_phone_scripts(tmp_path):
    if not (ROOT / "node_modules/.bin/esbuild").exists():
        reason = "esbuild not installed: run `npm ci`"
        if os.environ.get("CI"):
            pytest.fail(reason)  # in CI (.ci/run runs npm ci) a skip would hide a stale bundle
        pytest.skip(reason)
    fresh = tmp_path / "phone.js"
    done = subprocess.run(
        build_command(fresh), cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert fresh.read_bytes() == BUNDLE.read_bytes(), "run `npm run build` and commit the bundle"


def test_the_bundle_imports_nothing_more(tmp_path):
    source = BUNDLE.read_text(encoding="utf-8")
    assert not re.search(r"\bimport\s*[{*\"'(]|\bfrom\s*[\"']\./", source)


def test_the_phone_page_asks_for_the_bundle_and_two_more_files(app):
    client = app.test_client()
    page = client.get("/phone").get_data(as_text=True)
    fetched = re.findall(
        r"<(?:script|link)\b(?![^>]*nomodule)[^>]*(?:src|href)=\"(/static/[^\"]+)\"", page
    )
    assert fetched == [
        "/static/css/phone.css",
        "/static/vendor/socket.io/socket.io.min.js",
        "/static/js/dist/phone.js",
    ]
    served = client.get("/static/js/dist/phone.js")
    assert served.status_code == 200 and served.mimetype in (
        "text/javascript",
        "application/javascript",
    )
    assert "modulepreload" not in page
