"""The static files as hall.static_files serves them: compressed once, revalidated, contained."""

import gzip
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"


def test_a_static_file_goes_gzipped_to_who_accepts_it_and_plain_to_the_rest(app):
    client = app.test_client()
    on_disk = (STATIC / "js/deputy/api.js").read_bytes()
    zipped = client.get("/static/js/deputy/api.js", headers={"Accept-Encoding": "gzip, br"})
    assert zipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped.vary
    assert gzip.decompress(zipped.get_data()) == on_disk
    assert zipped.mimetype in ("text/javascript", "application/javascript")
    plain = client.get("/static/js/deputy/api.js", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers and plain.get_data() == on_disk
    assert plain.headers["ETag"] != zipped.headers["ETag"]
    again = client.get(
        "/static/js/deputy/api.js",
        headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["ETag"]},
    )
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["Cache-Control"] == "no-cache"


def test_only_files_inside_static_are_served(app):
    client = app.test_client()
    for path in ("/static/../hall/__init__.py", "/static/js", "/static/no-such.js"):
        assert client.get(path).status_code == 404, path
