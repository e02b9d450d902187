"""The desk's deputy cards (表决卡): print new cards (all or one delegation), reissue a lost
card, revoke one, release the phone holding one.

Tokens are kept only as hashes, so a printed sheet can only come from issuing new cards: the
sheet is the answer of the confirmed POST, never a GET that a reload could repeat.
"""

import secrets

import sqlalchemy as sa
from flask import (
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from hall.admin.auth import ADMIN, admin_required, current_role, current_user_name, staff_required
from hall.admin.blueprint import bp
from hall.base.errors import HallError, not_found
from hall.base.ids import body_id, parse_id
from hall.base.public_url import public_url
from hall.meeting.roll import meeting_or_404
from hall.roster import cards
from hall.roster.deputies import deputy_dict, meeting_deputy, roll_by_delegation
from hall.store.changes import meeting_changed
from hall.store.db import get_db, write_session
from hall.store.models import Delegation, Deputy, Meeting
from hall.web.errors import json_body

NONCES = "card_print_nonces"  # in the desk's session: each confirmation page prints once
KEPT_NONCES = 10
CONFIRM_NEEDED = "制作新表决卡会使这些代表原有的表决卡立即失效；确认后请在请求中加上 confirm: true"


# Which deputies a print covers: "all", "delegation:<id>" or "deputy:<id>"


def _scope_deputies(db, meeting: Meeting, scope: str) -> tuple[str, list[Deputy]]:
    """The scope's description and its deputies in roster order; not_found when unknown."""
    kind, _, ident = (scope or "").partition(":")
    number = parse_id(ident)
    query = (
        sa.select(Deputy)
        .outerjoin(Delegation, Delegation.id == Deputy.delegation_id)
        .where(Deputy.meeting_id == meeting.id)
        .order_by(Delegation.position, Deputy.id)
    )
    if kind == "all":
        return "全体代表", list(db.scalars(query))
    if kind == "delegation" and number is not None:
        delegation = db.get(Delegation, number)
        if delegation is None or delegation.meeting_id != meeting.id:
            raise not_found("代表团")
        deputies = list(db.scalars(query.where(Deputy.delegation_id == delegation.id)))
        return delegation.name, deputies
    if kind == "deputy" and number is not None:
        deputy = meeting_deputy(db, meeting, number)
        return deputy.name, [deputy]
    raise HallError("bad_request", "制证范围只能是全体代表、一个代表团或一位代表", 400)


def _issue(scope: str) -> tuple[str, list[dict]]:
    """Issue new cards for the scope; answers the printable cards (the only copy of the secrets)."""
    secret_key = current_app.config["SECRET_KEY"]
    with write_session() as db:
        meeting = meeting_or_404(db)
        label, deputies = _scope_deputies(db, meeting, scope)
        if not deputies:
            raise HallError("bad_request", "这个范围内没有代表", 400)
        audit_scope = "deputy" if scope.startswith("deputy:") else f"{scope}（{label}）"
        issued = cards.issue(db, secret_key, deputies, current_user_name(), audit_scope)
        printed = [_printed(card) for card in issued]
        meeting_changed(db, meeting.id)
    return label, printed


def _printed(card: cards.IssuedCard) -> dict:
    deputy = card.deputy
    url = public_url(f"/d/{card.token}")
    return {
        "deputy_id": deputy.id,
        "name": deputy.name,
        "delegation": deputy.delegation.name if deputy.delegation else "",
        "seat": deputy.seat,
        "url": url,
        "token": card.token,
        "short_code": card.short_code_shown,
        "qr_svg": cards.qr_svg(url, f"{deputy.name}的表决卡二维码"),
    }


# API


@bp.post("/api/v1/admin/cards/issue")
@admin_required
def api_issue_cards():
    """New cards for all deputies, or `delegation_id`'s; needs `"confirm": true`."""
    body = json_body()
    if body.get("confirm") is not True:
        raise HallError("confirm_required", CONFIRM_NEEDED, 400)
    delegation_id = body.get("delegation_id")
    if delegation_id is not None:
        delegation_id = body_id(delegation_id, "delegation_id", "代表团")
    scope = "all" if delegation_id is None else f"delegation:{delegation_id}"
    label, printed = _issue(scope)
    return jsonify(
        {"scope": label, "issued": len(printed), "code_url": public_url("/c"), "cards": printed}
    )


@bp.post("/api/v1/admin/deputies/<int:deputy_id>/card/reissue")
@admin_required
def api_reissue_card(deputy_id):
    """A lost card: a new card at once; sign-in and votes stand. Needs `"confirm": true`."""
    if json_body().get("confirm") is not True:
        raise HallError("confirm_required", CONFIRM_NEEDED, 400)
    _, printed = _issue(f"deputy:{deputy_id}")
    return jsonify({"code_url": public_url("/c"), "card": printed[0]})


@bp.post("/api/v1/admin/deputies/<int:deputy_id>/card/<any(revoke, release):action>")
@admin_required
def api_card_action(deputy_id, action):
    """Revoke the card (no new one), or release the phone holding it."""
    json_body()
    return jsonify(_card_action(deputy_id, action))


def _card_action(deputy_id: int, action: str) -> dict:
    with write_session() as db:
        meeting = meeting_or_404(db)
        deputy = meeting_deputy(db, meeting, deputy_id)
        change = cards.revoke if action == "revoke" else cards.release
        changed = change(db, deputy, current_user_name())
        answer = {"changed": changed, "deputy": deputy_dict(deputy)}
        meeting_changed(db, meeting.id)
    return answer


# Pages


@bp.get("/admin/cards")
@staff_required
def cards_page():
    """Cards by delegation: print new ones, reissue, revoke, release a phone."""
    db = get_db()
    meeting = meeting_or_404(db)
    return render_template(
        "admin/cards.html",
        meeting=meeting,
        roll=roll_by_delegation(db, meeting),
        code_url=public_url("/c"),
        can_act=current_role() == ADMIN,
        user=current_user_name(),
        role=current_role(),
    )


@bp.get("/admin/cards/issue")
@admin_required
def cards_confirm_page():
    """The confirmation before printing: says plainly that the old cards stop working."""
    db = get_db()
    meeting = meeting_or_404(db)
    scope = _scope_from_args()
    label, deputies = _scope_deputies(db, meeting, scope)
    nonce = secrets.token_urlsafe(16)
    session[NONCES] = [*session.get(NONCES, [])[-(KEPT_NONCES - 1) :], [nonce, scope]]
    return render_template(
        "admin/cards_confirm.html",
        meeting=meeting,
        scope=scope,
        label=label,
        deputies=deputies,
        with_cards=sum(deputy.token_hash is not None for deputy in deputies),
        signed_in=sum(deputy.signed_in_at is not None for deputy in deputies),
        nonce=nonce,
        user=current_user_name(),
        role=current_role(),
    )


@bp.post("/admin/cards/issue")
@admin_required
def cards_print_page():
    """Issue the confirmed cards and answer the printable A4 sheet (shown this once)."""
    scope = request.form.get("scope", "")
    kept = session.get(NONCES, [])
    entry = [request.form.get("nonce", ""), scope]
    if entry not in kept:
        page = render_template(
            "admin/cards_used.html", user=current_user_name(), role=current_role()
        )
        return page, 409
    session[NONCES] = [item for item in kept if item != entry]
    label, printed = _issue(scope)
    page = render_template(
        "admin/cards_print.html",
        meeting=meeting_or_404(get_db()),
        label=label,
        cards=printed,
        code_url=public_url("/c"),
        user=current_user_name(),
        role=current_role(),
    )
    # The sheet holds live credentials: never keep it in a cache.
    return page, 200, {"Cache-Control": "no-store", "Pragma": "no-cache"}


@bp.post("/admin/cards/action")
@admin_required
def cards_action_form():
    """The card list's buttons without JavaScript: revoke / release = deputy id."""
    for action in ("revoke", "release"):
        value = parse_id(request.form.get(action))
        if value is not None:
            answer = _card_action(value, action)
            name = answer["deputy"]["name"]
            if not answer["changed"]:
                flash(f"{name}的表决卡没有需要改动的地方。", "ok")
            elif action == "revoke":
                flash(f"已作废{name}的表决卡：二维码和代码都已停止使用。", "ok")
            else:
                flash(f"已解除{name}的表决卡与手机的绑定：下一部打开它的手机将持有它。", "ok")
            return redirect(url_for("admin.cards_page", _anchor=f"deputy-{value}"))
    raise HallError("bad_request", "请求格式不正确", 400)


def _scope_from_args() -> str:
    if request.args.get("deputy", "").isdigit():
        return f"deputy:{request.args['deputy']}"
    if request.args.get("delegation", "").isdigit():
        return f"delegation:{request.args['delegation']}"
    return "all"
