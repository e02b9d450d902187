"""The audit page reads as a person says it: 倒计时 15 分钟, 标记请假 (not 900 秒, 变更 …)."""

import re

from hall.demo.load import load_demo
from hall.store.db import write_session


def test_a_countdown_reads_in_minutes_and_leave_as_marked(factory, admin_client):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    deputy, _ = factory.deputy(meeting, signed_in=False)
    opened = admin_client.post(
        f"/api/v1/admin/ballots/{ballot}/open", json={"countdown_seconds": 900}
    )
    assert opened.status_code == 200
    leave = admin_client.post(f"/api/v1/admin/deputies/{deputy}/leave", json={"on_leave": True})
    assert leave.status_code == 200, leave.get_json()
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "15 分钟" in page and "900 秒" not in page
    assert "标记请假" in page and "（原为未签到）" in page
    assert "变更" not in page


def test_a_rating_reads_as_a_rating_in_the_audit_log(app, admin_client):
    """RULES.md "Words": a rating is 测评 on the desk, never 投票 — its audit lines too."""
    with write_session(app) as db:
        load_demo(db, app.config["SECRET_KEY"])
    ballots = admin_client.get("/api/v1/admin/overview").get_json()["ballots"]
    rating = next(b["id"] for b in ballots if b["kind"] == "rating")
    vote = next(b["id"] for b in ballots if b["kind"] == "project_vote")
    for ballot in (rating, vote):
        assert admin_client.post(f"/api/v1/admin/ballots/{ballot}/open").status_code == 200
        assert admin_client.post(f"/api/v1/admin/ballots/{ballot}/close").status_code == 200
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    names = re.findall(r'class="action-name"[^>]*>([^<]+)<', page)
    assert names[-4:] == ["开始测评", "结束测评", "开始投票", "结束投票"]
    assert f"测评编号：</span>#{rating}" in page
    assert f"投票编号：</span>#{vote}" in page
