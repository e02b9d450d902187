"""A rating is 测评 on the desk, never 投票 (RULES.md "Words", issue 16): its state, its
monitor, the projects page and the meetings list say 测评中 / 已评 / 尚未测评."""

import re

import pytest

from hall.demo.load import load_demo
from hall.store.db import write_session


@pytest.fixture
def open_rating(app, admin_client):
    with write_session(app) as db:
        load_demo(db, app.config["SECRET_KEY"])
    ballots = admin_client.get("/api/v1/admin/overview").get_json()["ballots"]
    rating = next(b["id"] for b in ballots if b["kind"] == "rating")
    assert admin_client.post(f"/api/v1/admin/ballots/{rating}/open").status_code == 200
    return rating


def pills(page: str) -> list[str]:
    return re.findall(r'class="state-pill"[^>]*>([^<]+)<', page)


def test_an_open_rating_is_测评中_on_every_desk_page(admin_client, open_rating):
    dashboard = admin_client.get("/admin/").get_data(as_text=True)
    assert pills(dashboard) == ["草稿", "测评中"]  # the project vote, then the rating
    projects = admin_client.get("/admin/projects").get_data(as_text=True)
    assert "测评中" in pills(projects)
    meetings = admin_client.get("/admin/meetings").get_data(as_text=True)
    assert "测评中" in pills(meetings) and "投票中" not in meetings


def test_the_monitor_of_a_rating_says_已评_and_尚未测评(admin_client, open_rating):
    page = admin_client.get(f"/admin/ballots/{open_rating}/monitor").get_data(as_text=True)
    assert pills(page) == ["测评中"]
    assert "<dt>已评</dt>" in page and "<dt>未评</dt>" in page
    assert "尚未测评" in page and "各代表团测评进度" in page
    for word in ("已投", "未投", "投票中", "尚未投票"):
        assert word not in page, word
