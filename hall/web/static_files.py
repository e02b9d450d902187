"""The static files, read and gzip-compressed once: a hall's 3,000 arriving phones fetch about
15 each within a minute, and flask-compress compressed every one of them anew, as a chunked
stream (about a third of the server's time in the arrive benchmark, BENCHMARKS.md)."""

import gzip
import hashlib
import mimetypes
import os
import stat

from flask import Response, current_app, request
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

MIN_COMPRESSED_SIZE = 500  # as flask-compress: smaller files go as they are
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")

# path → (mtime and size it was read at, raw bytes, gzip bytes or None, etag, mimetype)
_files: dict[str, tuple] = {}


def init_app(app) -> None:
    app.view_functions["static"] = serve


def _read(path: str, key: tuple) -> tuple:
    with open(path, "rb") as file:
        raw = file.read()
    mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
    compressible = len(raw) >= MIN_COMPRESSED_SIZE and mimetype.startswith(COMPRESSIBLE)
    gzipped = gzip.compress(raw, compresslevel=6, mtime=0) if compressible else None
    etag = hashlib.sha256(raw).hexdigest()[:32]
    return key, raw, gzipped, etag, mimetype


def serve(filename: str):
    path = safe_join(current_app.static_folder, filename)
    try:
        info = os.stat(path) if path else None
    except OSError:
        info = None
    if info is None or not stat.S_ISREG(info.st_mode):
        raise NotFound()
    key = (info.st_mtime_ns, info.st_size)
    entry = _files.get(path)
    if entry is None or entry[0] != key:  # a file changed on disk is read again
        entry = _files[path] = _read(path, key)
    _, raw, gzipped, etag, mimetype = entry
    zipped = gzipped is not None and request.accept_encodings["gzip"] > 0
    response = Response(gzipped if zipped else raw, mimetype=mimetype)
    if zipped:
        response.headers["Content-Encoding"] = "gzip"  # flask-compress leaves it alone
    response.headers["Vary"] = "Accept-Encoding"
    response.set_etag(f"{etag}:gzip" if zipped else etag)
    response.last_modified = info.st_mtime
    response.cache_control.no_cache = True  # as Flask's own: revalidated, answered 304
    return response.make_conditional(request)
