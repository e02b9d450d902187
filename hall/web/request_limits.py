"""How large a request may be: MAX_CONTENT_LENGTH for every request, MAX_UPLOAD_LENGTH for the
desk's file uploads (views marked `@takes_upload`), and the 413 answer past either; and the
answer to a body that stopped coming (the server's SOCKET_TIMEOUT, see run.py).

A body over the limit is refused before any of it is parsed; the server then reads past the
rest (cheap: no parsing), so that the client, still sending, gets the answer.
"""

from flask import Request, current_app, request
from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge

from hall.base.errors import HallError
from hall.web.errors import error_response


def takes_upload(view):
    """Mark a view that receives a spreadsheet: its requests may be MAX_UPLOAD_LENGTH long."""
    view.takes_upload = True
    return view


class LimitedRequest(Request):
    """Flask's request, whose size limit depends on the view it is routed to."""

    @property
    def max_content_length(self) -> int | None:
        if self._max_content_length is None and current_app and self.for_upload:
            return current_app.config["MAX_UPLOAD_LENGTH"]
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    @property
    def for_upload(self) -> bool:
        """Whether the view this request is routed to takes a file."""
        view = current_app.view_functions.get(self.endpoint or "")
        return getattr(view, "takes_upload", False)


def init_app(app) -> None:
    app.request_class = LimitedRequest
    app.before_request(_refuse_declared_oversize)
    app.register_error_handler(RequestEntityTooLarge, _too_large)
    # eventlet ends a stalled body early, gevent raises the socket's timeout.
    app.register_error_handler(ClientDisconnected, _incomplete)
    app.register_error_handler(TimeoutError, _incomplete)


def _refuse_declared_oversize() -> None:
    """A Content-Length over the limit is refused even where the view never reads the body."""
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()


def _too_large(_error):
    limit = _megabytes(request.max_content_length or 0)
    if getattr(request, "for_upload", False):
        message = (
            f"文件过大：导入的文件不能超过 {limit}。"
            "请删去多余的工作表、图片和空行，另存后重新上传。"
        )
    else:
        message = f"请求内容过大，不能超过 {limit}。"
    return error_response(HallError("payload_too_large", message, 413))


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):g} MB"


def _incomplete(_error):
    message = "请求内容没有传完（连接中断或超时），请重试。"
    return error_response(HallError("request_incomplete", message, 400))
