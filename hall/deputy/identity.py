"""Who the phone belongs to: the deputy behind the card cookie, or a refusal.

One browser can open two cards: deputy A's page in one tab, then B's link in another, and the
card cookie now says B. So the phone page says which deputy it shows (the `X-Hall-Deputy`
header, and `deputy` in the socket's auth): an action from A's page is refused, never done
as B.
"""

from flask import request

from hall.base.errors import HallError
from hall.deputy.card_access import (
    card_of_archived_meeting,
    claim_device_for_api,
    deputy_from_cookie,
    no_card,
)
from hall.roster.card_holder import CardHolder, holders
from hall.roster.credentials import COOKIE_NAME
from hall.store.db import get_db
from hall.store.models import Deputy

PAGE_DEPUTY_HEADER = "X-Hall-Deputy"


def current_deputy() -> Deputy:
    deputy = deputy_from_cookie()  # the QR token, or the note of a short code typed on /c
    if deputy is None:
        raise no_card()  # credential_revoked for a replaced card, else unauthenticated
    return _checked(deputy)


def current_card_holder(fresh: bool = False) -> Deputy | CardHolder:
    """As current_deputy, for the sheet's POST: the card holder's few facts, from this process's
    cache unless `fresh` (hall/roster/card_holder.py). Whatever may have changed since, the
    ballot box checks again on the deputy's row; a refusal may ask again with `fresh`."""
    value = request.cookies.get(COOKIE_NAME)
    if not isinstance(value, str) or not value or "." in value:  # a typed code (rare)
        return current_deputy()
    holder = holders.fresh(get_db(), value) if fresh else holders.holder(get_db, value)
    if holder is None:
        raise no_card()
    if holder.device_hash is None and holder.meeting.one_phone_per_card:
        holders.forget(value)  # this request binds the card to its phone: not as remembered
    return _checked(holder)


def _checked(deputy):
    if deputy.token_revoked:
        raise HallError("credential_revoked", "您的表决卡已作废，请到秘书处领取新证", 403)
    if not deputy.meeting.is_current:
        raise card_of_archived_meeting()
    refusal = page_refusal(request.headers.get(PAGE_DEPUTY_HEADER), deputy)
    if refusal is not None:
        raise refusal
    claim_device_for_api(deputy)  # one phone per card, when the meeting says so
    return deputy


def page_refusal(page_deputy: object, deputy: Deputy) -> HallError | None:
    """The refusal when the page shows another deputy than the card cookie now holds."""
    if page_deputy is None or page_deputy == "" or str(page_deputy) == str(deputy.id):
        return None
    return HallError(
        "deputy_changed",
        f"这个浏览器刚刚打开了{deputy.name}代表的表决卡，本页面现在是{deputy.name}代表的页面。"
        "请刷新页面后再操作；如果您不是该代表，请重新扫描您本人表决卡上的二维码。",
        409,
    )
