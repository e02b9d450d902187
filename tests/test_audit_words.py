"""The audit page reads as a person says it: 倒计时 15 分钟, 标记请假 (not 900 秒, 变更 …)."""


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
