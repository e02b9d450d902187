"""Refusals on the web: the JSON body of a request, read within bounds, and HallError (and
Flask's own 404, 405, 500, CSRF) answered as JSON on the API and as a page elsewhere."""

import json
import logging

from flask import jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from hall.base.errors import HallError, internal, not_found

log = logging.getLogger(__name__)

# What json_body reads: the API's largest body is a draft ballot listing its items, a few KB;
# a sheet is three levels deep. More is no request of Hall's, and parsing it only costs.
JSON_BODY_LIMIT = 64 * 1024  # bytes
JSON_DEPTH_LIMIT = 16  # levels of arrays and objects


def json_body() -> dict:
    """The request's JSON object, or a refusal (every JSON POST of the API):
    `payload_too_large` over JSON_BODY_LIMIT bytes, `bad_request` for anything but a JSON
    object nested at most JSON_DEPTH_LIMIT levels of text (NaN, Infinity and lone surrogates
    are not JSON text either)."""
    too_large = HallError("payload_too_large", "请求内容过大", 413)
    if (request.content_length or 0) > JSON_BODY_LIMIT:
        raise too_large
    malformed = HallError("bad_request", "请求格式不正确", 400)
    if not request.is_json:
        raise malformed
    data = request.get_data(cache=True)
    if len(data) > JSON_BODY_LIMIT:
        raise too_large
    try:
        body = json.loads(data, parse_constant=_not_json)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser goes
        raise malformed from None
    if not isinstance(body, dict) or not within_depth(body):
        raise malformed
    try:  # a lone surrogate ("\ud800") parses, but is no text: nothing can hash or store it
        json.dumps(body, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        raise malformed from None
    return body


def _not_json(constant: str):
    raise ValueError(f"{constant} is not JSON")


def within_depth(value: object, limit: int = JSON_DEPTH_LIMIT) -> bool:
    """Whether arrays and objects in `value` nest at most `limit` levels (without recursion)."""
    pending = [(value, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list | tuple):
            continue
        if depth > limit:
            return False
        pending.extend((child, depth + 1) for child in value)
    return True


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(error: HallError):
    # One line per refusal: where and which code, never the request's body.
    fields = {
        "kind": "refusal",
        "method": request.method,
        "path": request.path,
        "status": error.status,
        "code": error.code,
    }
    log.warning(
        "拒绝 %s %s → %s %s",
        request.method,
        request.path,
        error.status,
        error.code,
        extra={"fields": fields},
    )
    if wants_json():
        return jsonify(error.to_dict()), error.status
    page = render_template("deputy/message.html", heading="无法完成", message=error.message)
    return page, error.status


def register_error_handlers(app):
    app.register_error_handler(HallError, error_response)

    @app.errorhandler(CSRFError)
    def _csrf_failed(_error):
        return error_response(HallError("csrf_failed", "页面已过期，请刷新后重试", 400))

    @app.errorhandler(404)
    def _not_found(_error):
        return error_response(not_found("页面"))

    @app.errorhandler(405)
    def _bad_method(_error):
        return error_response(HallError("bad_request", "请求方式不正确", 405))

    @app.errorhandler(HTTPException)
    def _refused_by_werkzeug(error):
        # Any other refusal raised below Hall (413 has its own: hall.web.request_limits): on the
        # API JSON with a code too, never werkzeug's HTML page.
        if error.code and error.code < 500:
            return error_response(HallError("bad_request", "请求格式不正确", error.code))
        return error_response(internal())

    @app.errorhandler(500)
    def _internal(_error):
        # An exception nothing else handled (Flask has logged it): on the API still JSON with
        # a code, so that a program reading the answer is never handed an HTML page.
        return error_response(internal())
