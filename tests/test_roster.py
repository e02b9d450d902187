"""Importing the roster (代表名册) and the candidate projects (候选项目) at the desk:
upload, preview (nothing written), confirm (exactly the preview), replace, lock."""

import csv
import io
import json

import openpyxl
import sqlalchemy as sa

from hall.reports.import_templates import candidates_template_csv, roster_template_xlsx
from hall.store.db import session_factory
from hall.store.models import AuditEntry, Ballot, Candidate, Delegation, Deputy, PendingImport

ROSTER_HEADER = ["姓名", "代表团", "座位号", "备注", "请假"]
ROSTER = [
    ["陈建国", "城东街道代表团", "1排1座", "", ""],
    ["王芳", "城东街道代表团", "1排2座", "", "否"],
    ["林海燕", "海城镇代表团", "3排5座", "因病", "是"],
    ["张伟", "城西街道代表团", "", "", ""],
    ["吴晓东", "海城镇代表团", "3排6座", "", "√"],
]
CANDIDATE_HEADER = ["序号", "项目名称", "牵头单位", "项目概要", "预算（万元）"]
CANDIDATES = [
    [1, "老旧小区加装电梯", "市住建局", "为 30 个老旧小区加装电梯。", 1200],
    [2, "城乡公交一体化", "市交通局", "新开 5 条城乡公交线路。", "800万元"],
    [3, "社区嵌入式托育", "市卫健委", "", None],
]


def csv_file(header, rows, encoding="utf-8-sig") -> bytes:
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if value is None else value for value in row] for row in rows)
    return output.getvalue().encode(encoding)


def xlsx_file(header, rows, title) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def upload(client, path, data: bytes, filename: str):
    files = {"file": (io.BytesIO(data), filename)}
    return client.post(path, data=files, content_type="multipart/form-data", json=None)


def roster_preview(client, data=None, filename="名册.csv"):
    data = csv_file(ROSTER_HEADER, ROSTER) if data is None else data
    return upload(client, "/api/v1/admin/imports/roster/preview", data, filename)


def candidates_preview(client, data=None, filename="候选项目.xlsx"):
    data = xlsx_file(CANDIDATE_HEADER, CANDIDATES, "候选项目") if data is None else data
    return upload(client, "/api/v1/admin/imports/candidates/preview", data, filename)


def stored(app) -> dict:
    """Everything an import could change, to compare before and after."""
    with session_factory(app)() as db:
        return {
            "deputies": db.execute(
                sa.select(Deputy.id, Deputy.name, Deputy.seat, Deputy.on_leave).order_by(Deputy.id)
            ).all(),
            "delegations": db.execute(sa.select(Delegation.id, Delegation.name)).all(),
            "candidates": db.execute(sa.select(Candidate.id, Candidate.name)).all(),
            "ballots": db.execute(sa.select(Ballot.id, Ballot.title)).all(),
            "audit": db.scalar(sa.select(sa.func.count()).select_from(AuditEntry)),
        }


def roster_in_db(app) -> list[tuple]:
    with session_factory(app)() as db:
        rows = db.execute(
            sa.select(Deputy.name, Delegation.name, Deputy.seat, Deputy.note, Deputy.on_leave)
            .join(Delegation, Delegation.id == Deputy.delegation_id)
            .order_by(Deputy.id)
        )
        return [tuple(row) for row in rows]


def audit_actions(app) -> list[tuple[str, str, dict]]:
    with session_factory(app)() as db:
        entries = db.scalars(sa.select(AuditEntry).order_by(AuditEntry.id))
        return [(e.actor, e.action, json.loads(e.detail)) for e in entries]


# The roster


def test_a_roster_preview_shows_what_would_be_saved_and_writes_nothing(app, factory, admin_client):
    meeting = factory.meeting()
    factory.deputies(meeting, 3)
    before = stored(app)
    answer = roster_preview(admin_client)
    assert answer.status_code == 200
    preview = answer.get_json()
    # 应到 is the whole roster: leave lowers it not.
    assert preview["deputies"] == 5 and preview["on_leave"] == 2 and preview["expected"] == 5
    assert preview["delegations"] == [
        {"name": "城东街道代表团", "deputies": 2, "on_leave": 0},
        {"name": "海城镇代表团", "deputies": 2, "on_leave": 2},
        {"name": "城西街道代表团", "deputies": 1, "on_leave": 0},
    ]
    assert [(row["name"], row["on_leave"], row["row"]) for row in preview["rows"]] == [
        ("陈建国", False, 2),
        ("王芳", False, 3),
        ("林海燕", True, 4),
        ("张伟", False, 5),
        ("吴晓东", True, 6),
    ]
    assert preview["replaces"]["deputies"] == 3 and preview["replaces"]["signed_in"] == 3
    assert stored(app) == before


def test_confirming_saves_exactly_the_previewed_roster(app, factory, admin_client):
    meeting = factory.meeting()
    factory.deputies(meeting, 2)
    token = roster_preview(admin_client).get_json()["token"]
    # Another preview in between (another file) does not change what this token saves.
    roster_preview(admin_client, csv_file(ROSTER_HEADER, ROSTER[:1]))
    saved = admin_client.post("/api/v1/admin/imports/roster/confirm", json={"token": token})
    assert saved.status_code == 200
    assert saved.get_json() == {"deputies": 5, "delegations": 3, "on_leave": 2}
    assert roster_in_db(app) == [
        ("陈建国", "城东街道代表团", "1排1座", "", False),
        ("王芳", "城东街道代表团", "1排2座", "", False),
        ("林海燕", "海城镇代表团", "3排5座", "因病", True),
        ("张伟", "城西街道代表团", "", "", False),
        ("吴晓东", "海城镇代表团", "3排6座", "", True),
    ]
    with session_factory(app)() as db:
        names = db.scalars(sa.select(Delegation.name).order_by(Delegation.position)).all()
        assert names == ["城东街道代表团", "海城镇代表团", "城西街道代表团"]
        deputies = db.scalars(sa.select(Deputy)).all()
        assert all(d.token_hash is None and d.short_code_hash is None for d in deputies)
        assert all(d.signed_in_at is None for d in deputies)
    roll = admin_client.get("/api/v1/admin/overview").get_json()["roll"]
    assert roll["expected"] == 5 and roll["present"] == 0 and roll["on_leave"] == 2
    actor, action, detail = audit_actions(app)[-1]
    assert (actor, action) == ("admin", "roster_replace")
    assert detail["before"]["deputies"] == 2 and detail["after"]["deputies"] == 5


def test_a_preview_is_saved_once_only(factory, admin_client):
    factory.meeting()
    token = roster_preview(admin_client).get_json()["token"]
    assert admin_client.post("/api/v1/admin/imports/roster/confirm", json={"token": token})
    again = admin_client.post("/api/v1/admin/imports/roster/confirm", json={"token": token})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "import_expired"
    made_up = admin_client.post("/api/v1/admin/imports/roster/confirm", json={"token": "x"})
    assert made_up.get_json()["error"]["code"] == "import_expired"


def test_a_roster_token_does_not_confirm_candidates(app, factory, admin_client):
    factory.meeting()
    token = roster_preview(admin_client).get_json()["token"]
    wrong = admin_client.post("/api/v1/admin/imports/candidates/confirm", json={"token": token})
    assert wrong.get_json()["error"]["code"] == "import_expired"
    assert admin_client.post("/api/v1/admin/imports/roster/confirm", json={"token": token})


def test_a_bad_roster_lists_every_problem_by_row_and_column_and_saves_nothing(
    app, factory, admin_client
):
    meeting = factory.meeting()
    factory.deputies(meeting, 2)
    before = stored(app)
    bad = [
        ["陈建国", "城东街道代表团", "1排1座", "", ""],
        ["", "城东街道代表团", "1排2座", "", ""],
        ["林海燕", "海城镇代表团", "1排1座", "", "也许"],
        ["陈建国", "城东街道代表团", "", "", ""],
    ]
    answer = roster_preview(admin_client, csv_file(ROSTER_HEADER, bad))
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert error["code"] == "import_failed" and "未保存任何数据" in error["message"]
    problems = error["problems"]
    assert any("第 3 行「姓名」列" in p and "不能为空" in p for p in problems)
    assert any("第 4 行「座位号」列" in p and "与第 2 行重复" in p for p in problems)
    assert any("第 4 行「请假」列" in p and "也许" in p for p in problems)
    assert any("第 5 行「姓名」列" in p and "与第 2 行重复" in p for p in problems)
    assert len(problems) == 4
    assert stored(app) == before
    with session_factory(app)() as db:
        assert db.scalar(sa.select(sa.func.count()).select_from(PendingImport)) == 0


def test_a_bad_roster_on_the_page_lists_every_problem(app, factory, admin_client):
    factory.meeting()
    bad = [["", "城东街道代表团", "", "", ""], ["王芳", "", "", "", "也许"]]
    page = upload(admin_client, "/admin/roster/preview", csv_file(ROSTER_HEADER, bad), "a.csv")
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert 'id="import-problems"' in html and "导入失败，共 3 处问题" in html
    assert "第 2 行「姓名」列" in html and "第 3 行「代表团」列" in html
    assert "第 3 行「请假」列" in html


def test_gbk_csv_and_workbooks_are_read(factory, admin_client):
    factory.meeting()
    gbk = roster_preview(admin_client, csv_file(ROSTER_HEADER, ROSTER, "gbk"))
    assert gbk.status_code == 200 and gbk.get_json()["rows"][0]["name"] == "陈建国"
    template = roster_preview(admin_client, roster_template_xlsx(), "模板.xlsx")
    assert template.status_code == 200 and template.get_json()["deputies"] == 3


def test_a_second_roster_replaces_the_first(app, factory, admin_client):
    factory.meeting()
    for rows in (ROSTER, ROSTER[3:]):
        token = roster_preview(admin_client, csv_file(ROSTER_HEADER, rows)).get_json()["token"]
        assert (
            admin_client.post(
                "/api/v1/admin/imports/roster/confirm", json={"token": token}
            ).status_code
            == 200
        )
    assert [row[0] for row in roster_in_db(app)] == ["张伟", "吴晓东"]
    roll = admin_client.get("/api/v1/admin/roll").get_json()
    assert [group["name"] for group in roll["delegations"]] == ["城西街道代表团", "海城镇代表团"]


def test_the_roster_is_refused_once_any_ballot_has_left_draft(app, factory, admin_client):
    meeting = factory.meeting()
    factory.ballot(meeting)
    rating = factory.ballot(meeting, candidates=2, kind="rating")
    early = roster_preview(admin_client).get_json()["token"]
    factory.set_state(rating, "open")
    before = stored(app)
    refused = roster_preview(admin_client)
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["code"] == "import_locked" and "已锁定" in error["message"]
    late = admin_client.post("/api/v1/admin/imports/roster/confirm", json={"token": early})
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "import_locked"
    assert stored(app) == before
    page = admin_client.get("/admin/roster").get_data(as_text=True)
    assert 'id="import-locked"' in page and "<fieldset disabled>" in page


def test_the_roster_page_previews_then_confirms(app, factory, admin_client):
    factory.meeting()
    page = upload(
        admin_client, "/admin/roster/preview", csv_file(ROSTER_HEADER, ROSTER), "名册.csv"
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="roster-preview"' in html and "尚未保存" in html
    assert "林海燕" in html and 'data-on-leave="true"' in html
    assert 'id="preview-deputies">5<' in html and 'id="preview-on-leave">2<' in html
    assert roster_in_db(app) == []
    token = html.split('name="token" value="')[1].split('"')[0]
    done = admin_client.post("/admin/roster/confirm", data={"token": token}, json=None)
    assert done.status_code == 302
    after = admin_client.get("/admin/roster").get_data(as_text=True)
    assert "已导入代表名册：3 个代表团、5 位代表" in after
    assert 'id="roll-expected">5<' in after and "吴晓东" in after
    assert "应到 5 人，实到 0 人，请假 2 人，缺席 5 人" in after
    assert len(roster_in_db(app)) == 5


def test_a_cancelled_preview_cannot_be_confirmed(app, factory, admin_client):
    factory.meeting()
    token = roster_preview(admin_client).get_json()["token"]
    admin_client.post("/admin/roster/cancel", data={"token": token}, json=None)
    late = admin_client.post("/api/v1/admin/imports/roster/confirm", json={"token": token})
    assert late.get_json()["error"]["code"] == "import_expired"
    assert roster_in_db(app) == []


def test_the_templates_download(factory, admin_client):
    for name in ("roster", "candidates"):
        for kind in ("xlsx", "csv"):
            answer = admin_client.get(f"/api/v1/admin/templates/{name}.{kind}")
            assert (
                answer.status_code == 200 and "attachment" in answer.headers["Content-Disposition"]
            )


def test_imports_need_the_admin(app, factory, admin_client):
    factory.meeting()
    admin_client.post(
        "/api/v1/admin/accounts", json={"username": "jianpiao", "password": "scrutinize"}
    )
    client = app.test_client()
    token = client.post(
        "/api/v1/admin/login", json={"username": "jianpiao", "password": "scrutinize"}
    ).get_json()["csrf_token"]
    assert client.get("/admin/roster").status_code == 200
    assert client.get("/admin/candidates").status_code == 200
    files = {"file": (io.BytesIO(csv_file(ROSTER_HEADER, ROSTER)), "a.csv")}
    refused = client.post(
        "/api/v1/admin/imports/roster/preview",
        data=files,
        content_type="multipart/form-data",
        headers={"X-CSRFToken": token},
    )
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    assert app.test_client().get("/api/v1/admin/roll").status_code == 401


# Candidate projects


def test_candidates_create_the_project_vote_when_missing(app, factory, admin_client):
    factory.meeting()
    before = stored(app)
    preview = candidates_preview(admin_client).get_json()
    assert preview["candidates"] == 3 and preview["budget_total"] == "2000"
    assert preview["ballot"] is None and preview["places"] == 10
    assert [row["budget"] for row in preview["rows"]] == ["1200", "800", None]
    assert stored(app) == before
    saved = admin_client.post(
        "/api/v1/admin/imports/candidates/confirm", json={"token": preview["token"]}
    ).get_json()
    assert saved["candidates"] == 3 and saved["places"] == 10
    assert saved["ballot_title"] == "2026年民生实事项目票决"
    ballots = admin_client.get("/api/v1/admin/overview").get_json()["ballots"]
    assert [(b["title"], b["state"], b["items"], b["places"]) for b in ballots] == [
        ("2026年民生实事项目票决", "draft", 3, 10)
    ]
    with session_factory(app)() as db:
        ballot = db.get(Ballot, saved["ballot_id"])
        assert [(item.position, item.name) for item in ballot.items] == [
            (1, "老旧小区加装电梯"),
            (2, "城乡公交一体化"),
            (3, "社区嵌入式托育"),
        ]
        assert [item.candidate.budget for item in ballot.items] == [1200, 800, None]
    assert audit_actions(app)[-1][1] == "candidates_replace"


def test_candidates_replace_the_draft_vote_items_and_keep_its_places(app, factory, admin_client):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=15, places=8)
    token = candidates_preview(admin_client, candidates_template_csv(), "c.csv").get_json()["token"]
    saved = admin_client.post("/api/v1/admin/imports/candidates/confirm", json={"token": token})
    assert saved.get_json()["ballot_id"] == ballot and saved.get_json()["places"] == 8
    with session_factory(app)() as db:
        assert db.scalar(sa.select(sa.func.count()).select_from(Candidate)) == 3
        assert len(db.get(Ballot, ballot).items) == 3
        assert db.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 1


def test_candidates_are_refused_once_the_project_vote_has_opened(app, factory, admin_client):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    factory.set_state(ballot, "closed")
    before = stored(app)
    refused = candidates_preview(admin_client)
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "import_locked"
    assert "候选项目已锁定" in refused.get_json()["error"]["message"]
    assert stored(app) == before
    page = admin_client.get("/admin/candidates").get_data(as_text=True)
    assert 'id="import-locked"' in page


def test_a_bad_candidate_file_lists_every_problem(app, factory, admin_client):
    factory.meeting()
    before = stored(app)
    bad = [[1, "甲", "", "", "1200元"], [1, "", "", "", -5], ["x", "甲", "", "", None]]
    answer = candidates_preview(admin_client, xlsx_file(CANDIDATE_HEADER, bad, "候选项目"))
    problems = answer.get_json()["error"]["problems"]
    assert answer.status_code == 400
    assert any("第 2 行「预算」列" in p and "万元" in p for p in problems)
    assert any("第 3 行「序号」列" in p and "重复" in p for p in problems)
    assert any("第 3 行「项目名称」列" in p and "不能为空" in p for p in problems)
    assert any("第 3 行「预算」列" in p and "负数" in p for p in problems)
    assert any("第 4 行「序号」列" in p for p in problems)
    assert any("第 4 行「项目名称」列" in p and "重复" in p for p in problems)
    assert stored(app) == before


def test_the_candidates_page_previews_then_confirms(app, factory, admin_client):
    factory.meeting()
    page = upload(admin_client, "/admin/candidates/preview", candidates_template_csv(), "c.csv")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="candidates-preview"' in html
    token = html.split('name="token" value="')[1].split('"')[0]
    done = admin_client.post("/admin/candidates/confirm", data={"token": token}, json=None)
    assert done.status_code == 302
    after = admin_client.get("/admin/candidates").get_data(as_text=True)
    assert "已导入 3 个候选项目" in after and 'id="candidate-1"' in after
