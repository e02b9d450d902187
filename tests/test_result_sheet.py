"""The result sheet (计票结果报告单): every field RULES.md asks for, on the page and in the PDF."""

import io
import re

import pytest
from pypdf import PdfReader

from hall.accounts.users import add_scrutineer
from hall.demo.load import load_demo
from hall.store.db import write_session
from hall.voting.receipts import new_receipt

S, F, D = "satisfied", "fairly_satisfied", "dissatisfied"


def cast(deputy_client, token, ballot, sheet):
    answer = deputy_client(token).post(
        f"/api/v1/ballots/{ballot}/sheets", json={"receipt": new_receipt(), "sheet": sheet}
    )
    assert answer.status_code == 201, answer.get_json()


@pytest.fixture
def counted(factory, admin_client, deputy_client):
    """A closed vote (K = 2 of 4) with a tie for the last place and one paper sheet.

    7 deputies, more than a quarter passes (2 votes): A 6, B 3, C 3 (tied), D 0; the paper
    sheet approves three (废票).
    """
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=4, places=2, threshold_fraction="1/4")
    a, b, c, _ = factory.item_ids(ballot)
    deputies = factory.deputies(meeting, 7)
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    paper_id, _ = deputies[6]
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/paper/voters", json={"deputy_id": paper_id})
    marks = [[a, b]] * 3 + [[a, c]] * 3
    for (_, token), approve in zip(deputies[:6], marks, strict=True):
        cast(deputy_client, token, ballot, {"approve": approve})
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    paper = admin_client.post(
        f"/api/v1/admin/ballots/{ballot}/paper/sheets", json={"sheet": {"approve": [a, b, c]}}
    )
    assert paper.get_json()["valid"] is False
    return ballot, [token for _, token in deputies[:6]]


def test_the_sheet_states_everything_rules_md_asks_for(counted, admin_client):
    ballot, _ = counted
    result = admin_client.get(f"/api/v1/admin/ballots/{ballot}/result").get_json()
    assert result["tied_ids"] and result["places_left"] == 1
    page = admin_client.get(f"/admin/ballots/{ballot}/sheet")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    text = re.sub(r"<[^>]+>", " ", html)
    for needed in (
        "计票结果报告单",
        "测试市人民代表大会",
        "2026年民生实事项目票决",
        "开始时间",
        "结束时间",
        "应到",
        "实到",
        "发出选票",
        "收回选票",
        "有效票",
        "无效票",
        "入选线及基数",
        "全体代表",
        "至少 2 票",
        "并列",
        "须重新票决",
        "总监票人（签名）",
        "监票人（签名）",
        "计票人（签名）",
        "纸质 1",
        result["digest"],
    ):
        assert needed in text, needed
    for row in result["rows"]:
        assert row["name"] in text
    assert "入选" in text and "并列" in text and "未过半数" in text
    assert "7 人" in text and "7 张（手机 6，纸质 1）" in text
    assert "@page" in admin_client.get("/static/css/result_sheet.css").get_data(as_text=True)


def test_the_pdf_is_a_real_pdf_with_the_digest(counted, admin_client):
    ballot, _ = counted
    digest = admin_client.get(f"/api/v1/admin/ballots/{ballot}/result").get_json()["digest"]
    answer = admin_client.get(f"/admin/ballots/{ballot}/sheet.pdf")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert answer.data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(answer.data))
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = "".join(page.extract_text() for page in reader.pages)
    assert digest in text.replace("\n", "")


def test_the_combined_result_of_a_revote_is_on_the_sheet(counted, admin_client, deputy_client):
    ballot, tokens = counted
    revote = admin_client.post(f"/api/v1/admin/ballots/{ballot}/revote").get_json()
    tied = [item["id"] for item in revote["items"]]
    admin_client.post(f"/api/v1/admin/ballots/{revote['id']}/open")
    for token in tokens:
        cast(deputy_client, token, revote["id"], {"approve": tied[:1]})
    admin_client.post(f"/api/v1/admin/ballots/{revote['id']}/close")
    html = admin_client.get(f"/admin/ballots/{ballot}/sheet").get_data(as_text=True)
    assert "最终结果（含重新票决）" in html and "入选 2 项：候选项目1、候选项目2" in html
    pdf = admin_client.get(f"/admin/ballots/{revote['id']}/sheet.pdf").data
    assert pdf.startswith(b"%PDF")


def test_a_voided_ballot_says_so_with_its_reason(counted, admin_client):
    ballot, _ = counted
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/void", json={"reason": "计票程序有误"})
    html = admin_client.get(f"/admin/ballots/{ballot}/sheet").get_data(as_text=True)
    assert "本次投票已作废：计票程序有误" in html and "作废" in html
    csv_text = admin_client.get(f"/api/v1/admin/ballots/{ballot}/export.csv").data
    assert "本次投票已作废,计票程序有误" in csv_text.decode("utf-8-sig")


def test_a_rating_sheet_has_the_counts_both_rates_grades_and_rectification(
    app, factory, admin_client, deputy_client
):
    with write_session(app) as db:
        load_demo(db, app.config["SECRET_KEY"])
    overview = admin_client.get("/api/v1/admin/overview").get_json()
    ballot = next(b["id"] for b in overview["ballots"] if b["kind"] == "rating")
    projects = factory.item_ids(ballot)
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    for _, token in factory.deputies(1, 4):
        cast(deputy_client, token, ballot, {"ratings": {str(projects[0]): S, str(projects[1]): D}})
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    html = admin_client.get(f"/admin/ballots/{ballot}/sheet").get_data(as_text=True)
    for needed in (
        "满意率(%)",
        "综合满意率(%)（满意+基本满意）",
        "总体满意率",
        "总体综合满意率（满意+基本满意）",
        "等次评定",
        "需整改",
        "100.00",
        "应到",
        "实到",
        "总监票人（签名）",
    ):
        assert needed in html, needed
    pdf = admin_client.get(f"/admin/ballots/{ballot}/sheet.pdf").data
    assert pdf.startswith(b"%PDF")


def test_a_scrutineer_views_the_sheet_and_exports_but_changes_nothing(app, counted):
    ballot, _ = counted
    with write_session(app) as db:
        add_scrutineer(db, "jianpiao", "scrutineer-pass-2026", "admin")
    client = app.test_client()
    login = client.post(
        "/api/v1/admin/login", json={"username": "jianpiao", "password": "scrutineer-pass-2026"}
    )
    token = login.get_json()["csrf_token"]
    assert client.get(f"/admin/ballots/{ballot}/sheet").status_code == 200
    assert client.get(f"/admin/ballots/{ballot}/sheet.pdf").status_code == 200
    assert client.get(f"/api/v1/admin/ballots/{ballot}/export.xlsx").status_code == 200
    assert client.get(f"/api/v1/admin/ballots/{ballot}/result").status_code == 200
    voided = client.post(
        f"/api/v1/admin/ballots/{ballot}/void",
        json={"reason": "监票人不能作废"},
        headers={"X-CSRFToken": token},
    )
    assert voided.status_code == 403


def test_the_sheet_needs_a_desk_login(client, counted):
    ballot, _ = counted
    answer = client.get(f"/admin/ballots/{ballot}/sheet")
    assert answer.status_code == 302 and "/admin/login" in answer.headers["Location"]
