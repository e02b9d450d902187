"""Who the phone belongs to: the deputy behind the card cookie, or a refusal."""

from hall.deputy.card_access import (
    card_of_archived_meeting,
    claim_device_for_api,
    deputy_from_cookie,
)
from hall.errors import HallError
from hall.models import Deputy


def current_deputy() -> Deputy:
    deputy = deputy_from_cookie()  # the QR token, or the note of a short code typed on /c
    if deputy is None:
        raise HallError("unauthenticated", "请扫描代表证上的二维码进入", 401)
    if deputy.token_revoked:
        raise HallError("credential_revoked", "您的代表证已作废，请到秘书处领取新证", 403)
    if not deputy.meeting.is_current:
        raise card_of_archived_meeting()
    claim_device_for_api(deputy)  # one phone per card, when the meeting says so
    return deputy
