"""HallError: a refusal with a stable code, an HTTP status and a Chinese message."""

import logging

from flask import jsonify, render_template, request
from flask_wtf.csrf import CSRFError

log = logging.getLogger(__name__)


class HallError(Exception):
    """A refusal the caller should see: `code` for programs, `message` (Chinese) for people."""

    def __init__(self, code: str, message: str, status: int = 400, problems=None):
        super().__init__(code)
        self.code = code
        self.message = message
        self.status = status
        self.problems = list(problems or [])  # e.g. every bad row of an import

    def to_dict(self) -> dict:
        error = {"code": self.code, "message": self.message}
        if self.problems:
            error["problems"] = self.problems
        return {"error": error}


def not_found(what: str = "内容") -> HallError:
    return HallError("not_found", f"找不到该{what}", 404)


def json_body() -> dict:
    """The request's JSON object, or a `bad_request` refusal (every JSON POST of the API)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise HallError("bad_request", "请求格式不正确", 400)
    return body


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(error: HallError):
    # One line per refusal: where and which code, never the request's body.
    log.warning("拒绝 %s %s → %s %s", request.method, request.path, error.status, error.code)
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
