"""The public receipt check: `/receipt` (page) and `/api/v1/receipts/<code>` (JSON)."""

from flask import jsonify, render_template, request

from hall.base.errors import HallError
from hall.deputy.blueprint import bp
from hall.store.db import get_db
from hall.voting import receipt_check

TOO_MANY = "查询过于频繁，请一分钟后再试"
NOT_A_CODE = "回执码格式不正确：应为 26 位字母和数字（可含短横线）"


def _allowed() -> bool:
    return receipt_check.limit.allow(request.remote_addr or "?")


@bp.get("/api/v1/receipts/<code>")
def receipt_json(code):
    """Whether the sheet under this receipt is in the count; never what it says."""
    if not _allowed():
        raise HallError("too_many_attempts", TOO_MANY, 429)
    try:
        return jsonify(receipt_check.check(get_db(), code))
    except ValueError:
        raise HallError("receipt_invalid", NOT_A_CODE, 400) from None


@bp.route("/receipt", methods=["GET", "POST"])
def receipt_page():
    """A form for the receipt code, and the answer: counted or not found."""
    code = request.form.get("code", "").strip() if request.method == "POST" else ""
    answer, error, status = None, None, 200
    if code:
        if not _allowed():
            error, status = TOO_MANY, 429
        else:
            try:
                answer = receipt_check.check(get_db(), code)
            except ValueError:
                error, status = NOT_A_CODE, 400
    page = render_template("deputy/receipt.html", code=code, answer=answer, error=error)
    return page, status
