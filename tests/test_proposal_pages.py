"""The proposal pages without scripts: the public form posts and lands on the status page,
refusals come back on the form in Chinese with what was typed, the poster carries the QR code,
the desk page is there for the admin and the scrutineer."""

import re

import pytest

from hall.proposals import guard
from tests.proposals_helpers import no_fill_wait, open_round


@pytest.fixture
def desk(app, factory, admin_client):
    factory.meeting()
    no_fill_wait(app)
    open_round(admin_client)
    yield admin_client
    guard.reset()


def _form(client) -> dict:
    page = client.get("/propose").get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    return {
        "form_token": token,
        "area": "交通",
        "title": "学校门口增设红绿灯",
        "body": "上下学时段车多，学生过马路危险。",
    }


def test_the_form_works_without_scripts_and_lands_on_the_status_page(app, desk):
    phone = app.test_client()
    sent = phone.post("/propose", data=_form(phone))
    assert sent.status_code == 303 and "/propose/s/JY-" in sent.location
    page = phone.get(sent.location).get_data(as_text=True)
    assert "建议已提交" in page and "学校门口增设红绿灯" in page and "已收到" in page
    code = sent.location.split("/propose/s/")[1].split("?")[0]
    found = phone.get(f"/propose/s?code={code.lower()}")
    assert found.status_code == 303 and phone.get(found.location).status_code == 200


def test_a_refusal_comes_back_on_the_form_with_what_was_typed(app, desk):
    phone = app.test_client()
    form = _form(phone) | {"title": "灯", "proposer_phone": "13812345678"}
    answer = phone.post("/propose", data=form)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "标题至少 4 个字" in page
    assert "上下学时段车多" in page


def test_text_is_escaped_on_every_page(app, desk):
    phone = app.test_client()
    form = _form(phone) | {"title": "<script>alert(1)</script>"}
    sent = phone.post("/propose", data=form)
    page = phone.get(sent.location).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_the_poster_carries_the_qr_code_and_the_dates(app, desk):
    page = app.test_client().get("/propose/poster").get_data(as_text=True)
    assert '<svg class="qr"' in page and "/propose" in page and "征集时间" in page


def test_the_first_load_is_small(app, desk):
    phone = app.test_client()
    page = phone.get("/propose")
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.get_data(as_text=True))
    total = len(page.data) + sum(len(phone.get(path).data) for path in assets)
    assert assets and total < 100 * 1024


def test_the_desk_page_is_there_for_the_desk_only(app, desk):
    page = desk.get("/admin/proposals").get_data(as_text=True)
    assert "群众建议" in page and "proposals.js" in page
    assert app.test_client().get("/admin/proposals").status_code == 302
