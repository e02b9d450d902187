"""Files the desk downloads: import templates, result exports, the audit log, the result sheet."""

import io

from flask import Response, send_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Werkzeug adds "; charset=utf-8" to text types itself.
CSV = "text/csv"
PDF = "application/pdf"


def download(data: bytes, mimetype: str, filename: str, *, inline: bool = False) -> Response:
    """A file named in Chinese; send_file writes the name as RFC 5987 `filename*`, since HTTP
    headers themselves must stay Latin-1 (eventlet drops the connection otherwise)."""
    return send_file(
        io.BytesIO(data), mimetype=mimetype, as_attachment=not inline, download_name=filename
    )


def template_download(kind: str, title: str, make_xlsx, make_csv) -> Response:
    """An import template to fill in, as .xlsx or .csv (`kind`), named 「title」导入模板."""
    if kind == "xlsx":
        return download(make_xlsx(), XLSX, f"{title}导入模板.xlsx")
    return download(make_csv(), CSV, f"{title}导入模板.csv")
