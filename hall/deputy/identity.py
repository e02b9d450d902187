"""Who the phone belongs to: the deputy behind the card cookie, or a refusal."""

from flask import request

from hall.credentials import COOKIE_NAME, deputy_for_token
from hall.db import get_db
from hall.errors import HallError
from hall.models import Deputy


def current_deputy() -> Deputy:
    deputy = deputy_for_token(get_db(), request.cookies.get(COOKIE_NAME))
    if deputy is None:
        raise HallError("unauthenticated", "请扫描代表证上的二维码进入", 401)
    if deputy.token_revoked:
        raise HallError("credential_revoked", "您的代表证已作废，请到秘书处领取新证", 403)
    return deputy


def json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise HallError("bad_request", "请求格式不正确", 400)
    return body
