"""HallError: a refusal with a stable code, an HTTP status and a Chinese message."""


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


def internal() -> HallError:
    """The answer to a failure of the server itself (a bug): still a code for programs."""
    return HallError("internal", "服务器内部错误，请稍后重试", 500)
