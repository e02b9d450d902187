"""满意度测评 end to end in-process: sheets through the ballot box, counting, feed, exports,
imports and the showcase."""

import csv
import io

import pytest
from openpyxl import load_workbook

from hall.demo.load import demo_rows, load_demo
from hall.live.state import live
from hall.projects.completed import replace_completed_projects
from hall.reports.import_templates import completed_projects_template_csv
from hall.store.db import session_factory, write_session
from hall.store.models import Ballot, Meeting
from hall.voting import released
from hall.voting.receipts import new_receipt

S, F, D = "satisfied", "fairly_satisfied", "dissatisfied"


@pytest.fixture
def demo(app):
    with write_session(app) as db:
        load_demo(db, app.config["SECRET_KEY"])
    return app


@pytest.fixture
def rating(demo, factory, admin_client):
    """The demo's rating ballot, open, with ten signed-in deputies of a meeting of 230."""
    overview = admin_client.get("/api/v1/admin/overview").get_json()
    ballot = next(b for b in overview["ballots"] if b["kind"] == "rating")
    tokens = [token for _, token in factory.deputies(1, 10)]
    assert admin_client.post(f"/api/v1/admin/ballots/{ballot['id']}/open").status_code == 200
    projects = factory.item_ids(ballot["id"])
    return ballot["id"], projects, tokens


def rate(client, ballot, ratings, receipt=None):
    return client.post(
        f"/api/v1/ballots/{ballot}/sheets",
        json={"receipt": receipt or new_receipt(), "sheet": {"ratings": ratings}},
    )


def cast_pattern(deputy_client, ballot, projects, tokens):
    """Project A: 6 满意 3 基本满意 1 弃权; B: 5 满意 1 基本满意 4 不满意; C: 2/3/5."""
    a, b, c = projects[:3]
    columns = {
        a: [S] * 6 + [F] * 3 + [None],
        b: [S] * 5 + [F] + [D] * 4,
        c: [S] * 2 + [F] * 3 + [D] * 5,
    }
    for index, token in enumerate(tokens):
        ratings = {str(p): marks[index] for p, marks in columns.items() if marks[index]}
        assert rate(deputy_client(token), ballot, ratings).status_code == 201


def test_a_rating_sheet_goes_through_the_same_ballot_box(rating, deputy_client):
    ballot, projects, tokens = rating
    phone = deputy_client(tokens[0])
    receipt = new_receipt()
    first = rate(phone, ballot, {str(projects[0]): S}, receipt)
    assert first.status_code == 201 and first.get_json()["status"] == "counted"
    again = rate(phone, ballot, {str(projects[0]): S}, receipt)
    assert again.status_code == 200 and again.get_json()["status"] == "already_counted"
    other = rate(phone, ballot, {str(projects[0]): D}, new_receipt())
    assert other.get_json()["error"]["code"] == "already_voted"
    bad = rate(deputy_client(tokens[1]), ballot, {str(projects[0]): "abstain"})
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "sheet_malformed"


def test_counts_rates_and_grades_follow_the_rules(rating, deputy_client, admin_client):
    ballot, projects, tokens = rating
    cast_pattern(deputy_client, ballot, projects, tokens)
    result = admin_client.get(f"/api/v1/admin/ballots/{ballot}/result").get_json()
    rows = {row["project_id"]: row for row in result["rows"]}
    a, b, c = (rows[p] for p in projects[:3])
    assert (a["satisfied"], a["fairly_satisfied"], a["dissatisfied"], a["abstain"]) == (6, 3, 0, 1)
    assert (a["satisfied_rate"], a["combined_rate"], a["grade"]) == ("60.00", "90.00", S)
    # Exactly half (5 of 10) is not more than half: graded on 满意 + 基本满意 instead.
    assert (b["satisfied_rate"], b["combined_rate"], b["grade"]) == ("50.00", "60.00", F)
    assert (c["grade"], c["needs_rectification"]) == (D, True)
    assert result["rectification_ids"] == projects[2:], "C and the seven nobody rated"
    assert rows[projects[3]]["abstain"] == 10 and rows[projects[3]]["grade"] == D
    assert (result["returned"], result["valid"], result["invalid"]) == (10, 10, 0)
    # 总体满意率 over all ten projects' ratings together: 13 满意 of 100.
    assert result["overall_satisfied_rate"] == "13.00"
    assert result["overall_combined_rate"] == "20.00"
    assert len(result["digest"]) == 64


def test_the_feed_is_released_in_shuffled_batches_never_per_tap(
    app, rating, deputy_client, socket_client
):
    ballot, projects, tokens = rating
    screen = socket_client("/screen", auth={"key": screen_key(app)})
    screen.get_received("/screen")
    feed = []

    def tick():
        live.release_feed(app)
        feed.extend(m["args"][0] for m in screen.get_received("/screen") if m["name"] == "feed")

    submitted = []
    for number, token in enumerate(tokens[:4]):
        ratings = {str(p): S for p in projects[number * 2 : number * 2 + 2]}
        rate(deputy_client(token), ballot, ratings)
        submitted += [(int(p), S) for p in ratings]
        tick()
        assert feed == [], "up to four sheets are too few to hide among"
    ratings = {str(projects[0]): F, str(projects[1]): D}
    rate(deputy_client(tokens[4]), ballot, ratings)
    submitted.append((projects[0], F))
    tick()
    assert len(feed) == 1, "five sheets, one batch"
    shown = [(item["project_id"], item["rating"]) for item in feed[0]["items"]]
    assert sorted(shown) == sorted(submitted), "every 满意 and 基本满意, never 不满意"
    assert all(item["name"] for item in feed[0]["items"])
    assert feed[0]["totals"] == {"satisfied": 8, "fairly_satisfied": 1}

    # Many sheets: the batch holds them all, in an order unrelated to submission.
    order = []
    for token in tokens[5:]:
        for project in projects:
            order.append(project)
        rate(deputy_client(token), ballot, {str(p): S for p in projects})
    tick()
    released = [item["project_id"] for item in feed[-1]["items"]]
    assert sorted(released) == sorted(order) and released != order


def test_the_last_sheets_are_released_when_the_rating_closes(
    app, rating, deputy_client, admin_client, socket_client
):
    ballot, projects, tokens = rating
    screen = socket_client("/screen", auth={"key": screen_key(app)})
    rate(deputy_client(tokens[0]), ballot, {str(projects[0]): S})
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    screen.get_received("/screen")
    live.release_feed(app)
    feed = [m["args"][0] for m in screen.get_received("/screen") if m["name"] == "feed"]
    assert [item["project_id"] for item in feed[0]["items"]] == [projects[0]]


def test_the_screen_shows_rating_figures_only_when_allowed(
    app, rating, deputy_client, admin_client
):
    from hall.store.models import Ballot

    ballot, projects, tokens = rating
    with write_session(app) as db:
        db.get(Ballot, ballot).display = "turnout"
    cast_pattern(deputy_client, ballot, projects, tokens)
    snapshot = app.test_client().get(f"/api/v1/screen/snapshot?key={screen_key(app)}").get_json()
    assert snapshot["scene"] == "voting" and snapshot["ballot"]["kind"] == "rating"
    assert snapshot["ballot"]["turnout"]["voted"] == 10 and snapshot["result"] is None
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/publish")
    published = app.test_client().get(f"/api/v1/screen/snapshot?key={screen_key(app)}")
    result = published.get_json()["result"]
    assert result["kind"] == "rating" and result["overall_satisfied_rate"] == "13.00"


def test_exports_carry_the_same_figures_as_the_result(rating, deputy_client, admin_client):
    ballot, projects, tokens = rating
    cast_pattern(deputy_client, ballot, projects, tokens)
    result = admin_client.get(f"/api/v1/admin/ballots/{ballot}/result").get_json()
    first = result["rows"][0]
    expected_row = [
        str(first["position"]),
        first["name"],
        "6",
        "3",
        "0",
        "1",
        "60.00",
        "90.00",
        "满意",
        "",
    ]
    answer = admin_client.get(f"/api/v1/admin/ballots/{ballot}/export.csv")
    assert answer.data.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))
    assert "满意率(%)" in lines[1] and "综合满意率(%)（满意+基本满意）" in lines[1]
    assert lines[2] == expected_row
    assert ["总体满意率(%)", "13.00"] in lines
    assert ["票箱摘要 SHA-256", result["digest"]] in lines
    assert any(line[-1] == "需整改" for line in lines[2:12])

    xlsx = admin_client.get(f"/api/v1/admin/ballots/{ballot}/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    values = [
        [("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    assert values[2][: len(expected_row)] == expected_row


def test_exports_need_a_login(rating, client):
    ballot, _, _ = rating
    assert client.get(f"/api/v1/admin/ballots/{ballot}/export.csv").status_code == 401


def upload(admin_client, name: str, data: bytes):
    return admin_client.post(
        "/api/v1/admin/imports/completed-projects",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        json=None,
    )


def test_an_import_replaces_the_projects_and_the_rating_ballot_follows(demo, admin_client):
    answer = upload(admin_client, "projects.csv", completed_projects_template_csv())
    assert answer.status_code == 200, answer.get_json()
    summary = answer.get_json()
    assert summary["projects"] >= 1
    overview = admin_client.get("/api/v1/admin/overview").get_json()
    rating_ballot = next(b for b in overview["ballots"] if b["kind"] == "rating")
    assert rating_ballot["items"] == summary["projects"]
    assert rating_ballot["id"] == summary["ballot_id"]


def test_a_bad_import_reports_every_problem_and_changes_nothing(demo, admin_client):
    bad = (
        "项目序号,项目名称,领域,牵头单位,项目概要,具体项目名称,目标,完成,单位,状态,完成日期,进度\n"
        "1,甲项目,,,,甲一,十,12,户,,2025-13-01,\n"
        "x,乙项目,,,,乙一,5,5,个,,,\n"
    ).encode("gb18030")
    answer = upload(admin_client, "bad.csv", bad)
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert error["code"] == "import_failed" and len(error["problems"]) >= 3
    assert any("第 2 行" in p and "目标" in p for p in error["problems"])
    assert any("第 3 行" in p and "项目序号" in p for p in error["problems"])
    overview = admin_client.get("/api/v1/admin/overview").get_json()
    assert next(b for b in overview["ballots"] if b["kind"] == "rating")["items"] == 10


def test_an_import_is_refused_once_the_rating_has_opened(rating, admin_client):
    answer = upload(admin_client, "projects.csv", completed_projects_template_csv())
    assert answer.status_code == 409
    assert answer.get_json()["error"]["code"] == "import_locked"


def test_the_showcase_shows_ten_projects_and_forty_two_subprojects(app, demo, admin_client):
    assert admin_client.post("/api/v1/admin/screen", json={"scene": "showcase"}).status_code == 200
    snapshot = app.test_client().get(f"/api/v1/screen/snapshot?key={screen_key(app)}").get_json()
    assert snapshot["scene"] == "showcase"
    showcase = snapshot["showcase"]
    assert showcase["title"] == "2025年民生实事项目完成情况"
    assert showcase["totals"]["projects"] == 10 and showcase["totals"]["subprojects"] == 42
    assert showcase["totals"]["completed"] == 42
    exceeded = sum(
        sub["status"] == "超额完成" for p in showcase["projects"] for sub in p["subprojects"]
    )
    assert showcase["totals"]["exceeded"] == exceeded > 0
    assert admin_client.post("/api/v1/admin/screen", json={"scene": "wall"}).status_code == 400
    admin_client.post("/api/v1/admin/screen", json={"scene": "auto"})
    back = app.test_client().get(f"/api/v1/screen/snapshot?key={screen_key(app)}").get_json()
    assert back["scene"] == "sign_in" and back["showcase"] is None


def test_the_phone_gets_projects_with_their_subprojects(rating, deputy_client):
    _, _, tokens = rating
    ballot = deputy_client(tokens[0]).get("/api/v1/me").get_json()["ballot"]
    assert ballot["kind"] == "rating" and len(ballot["items"]) == 10
    assert sum(len(item["subprojects"]) for item in ballot["items"]) == 42
    first = ballot["items"][0]["subprojects"][0]
    assert set(first) == {
        "name",
        "target",
        "achieved",
        "unit",
        "status",
        "completed_on",
        "progress",
    }


def screen_key(app) -> str:
    from hall.store.models import Meeting

    with write_session(app) as db:
        return db.get(Meeting, 1).screen_key


def test_downloads_name_their_files_in_headers_a_real_server_can_send(rating, admin_client):
    ballot, _, _ = rating
    for url in (
        f"/api/v1/admin/ballots/{ballot}/export.csv",
        f"/api/v1/admin/ballots/{ballot}/export.xlsx",
        "/api/v1/admin/templates/completed-projects.xlsx",
        "/api/v1/admin/templates/completed-projects.csv",
    ):
        disposition = admin_client.get(url).headers["Content-Disposition"]
        disposition.encode("latin-1")  # HTTP/1.1 headers are Latin-1
        assert disposition.startswith("attachment") and "filename*=UTF-8''" in disposition


def test_the_projects_page_previews_then_confirms_then_redirects(demo, admin_client):
    preview = admin_client.post(
        "/admin/projects/preview",
        data={"file": (io.BytesIO(completed_projects_template_csv()), "p.csv")},
        content_type="multipart/form-data",
        json=None,
    )
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "尚未保存" in html
    token = html.split('name="token" value="')[1].split('"')[0]
    answer = admin_client.post("/admin/projects/confirm", data={"token": token}, json=None)
    assert answer.status_code == 302
    page = admin_client.get("/admin/projects").get_data(as_text=True)
    assert "已导入" in page
    assert "已导入" not in admin_client.get("/admin/projects").get_data(as_text=True)


def test_a_hidden_rating_scrolls_nothing_and_the_screen_keeps_the_feed_totals(
    app, rating, deputy_client, socket_client
):
    from hall.store.models import Ballot

    ballot, projects, tokens = rating
    screen = socket_client("/screen", auth={"key": screen_key(app)})
    for token in tokens[:5]:
        rate(deputy_client(token), ballot, {str(projects[0]): S, str(projects[1]): F})
    live.release_feed(app)
    shown = app.test_client().get(f"/api/v1/screen/snapshot?key={screen_key(app)}").get_json()
    assert shown["ballot"]["feed_totals"] == {"satisfied": 5, "fairly_satisfied": 5}

    with write_session(app) as db:
        db.get(Ballot, ballot).display = "hidden"
    for token in tokens[5:10]:
        rate(deputy_client(token), ballot, {str(projects[0]): S})
    screen.get_received("/screen")
    live.release_feed(app)
    feed = [m for m in screen.get_received("/screen") if m["name"] == "feed"]
    assert feed == [], "nothing scrolls"
    hidden = app.test_client().get(f"/api/v1/screen/snapshot?key={screen_key(app)}").get_json()
    assert "feed_totals" not in hidden["ballot"]


def test_a_wiped_rehearsal_leaves_no_feed_totals_for_the_real_rating(
    demo, factory, admin_client, deputy_client
):
    """After 演练 and its wipe the same ballot opens again: its 满意 count starts from zero."""
    app = demo
    overview = admin_client.get("/api/v1/admin/overview").get_json()
    ballot = next(b for b in overview["ballots"] if b["kind"] == "rating")["id"]
    assert admin_client.post("/api/v1/admin/rehearsal", json={"on": True}).status_code == 200
    tokens = [token for _, token in factory.deputies(1, 5)]
    assert admin_client.post(f"/api/v1/admin/ballots/{ballot}/open").status_code == 200
    projects = factory.item_ids(ballot)
    for token in tokens:
        assert rate(deputy_client(token), ballot, {str(projects[0]): S}).status_code == 201
    live.release_feed(app)

    def totals():
        url = f"/api/v1/screen/snapshot?key={screen_key(app)}"
        return app.test_client().get(url).get_json()["ballot"]["feed_totals"]

    assert totals() == {"satisfied": 5, "fairly_satisfied": 0}
    assert admin_client.post(f"/api/v1/admin/ballots/{ballot}/close").status_code == 200
    assert admin_client.post("/api/v1/admin/rehearsal/wipe").status_code == 200
    assert admin_client.post("/api/v1/admin/rehearsal", json={"on": False}).status_code == 200
    assert admin_client.post(f"/api/v1/admin/ballots/{ballot}/open").status_code == 200
    assert totals() == {"satisfied": 0, "fairly_satisfied": 0}


def test_a_rating_shown_as_turnout_scrolls_nothing_before_it_is_published(
    app, rating, deputy_client, admin_client, socket_client
):
    """Every feed item names a project and a mark: under `turnout` the feed would give the
    tallies away, so only `live` scrolls (docs/api.md "feed")."""
    from hall.store.models import Ballot

    ballot, projects, tokens = rating
    with write_session(app) as db:
        db.get(Ballot, ballot).display = "turnout"
    screen = socket_client("/screen", auth={"key": screen_key(app)})
    for token in tokens:
        rate(deputy_client(token), ballot, {str(projects[0]): S, str(projects[1]): F})
    live.mark_dirty(1)
    live.flush(app)
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    live.flush(app)
    received = screen.get_received("/screen")
    assert [m for m in received if m["name"] == "feed"] == []
    snapshots = [m["args"][0] for m in received if m["name"] == "snapshot"]
    assert snapshots and all("feed_totals" not in s["ballot"] for s in snapshots)
    assert all(s["result"] is None for s in snapshots)
    assert snapshots[-1]["ballot"]["turnout"]["voted"] == 10


def test_the_feed_and_the_live_tallies_move_together(
    app, rating, deputy_client, admin_client, socket_client
):
    """The feed is the difference between two releases: what it has scrolled always equals
    the tallies the screen and the desk show, so the two together tell nothing more."""
    ballot, projects, tokens = rating
    screen = socket_client("/screen", auth={"key": screen_key(app)})
    scrolled = {"satisfied": 0, "fairly_satisfied": 0}
    for number, token in enumerate(tokens[:7]):
        rate(deputy_client(token), ballot, {str(projects[0]): S if number % 2 else F})
        live.mark_dirty(1)
        live.flush(app)
        for message in screen.get_received("/screen"):
            if message["name"] == "feed":
                for item in message["args"][0]["items"]:
                    scrolled[item["rating"]] += 1
        tallies = admin_client.get(f"/api/v1/admin/ballots/{ballot}/result").get_json()
        row = next(r for r in tallies["rows"] if r["project_id"] == projects[0])
        assert scrolled == {
            "satisfied": row["satisfied"],
            "fairly_satisfied": row["fairly_satisfied"],
        }
    assert sum(scrolled.values()) == 5, "seven sheets: one batch of five released"


def test_a_rating_with_no_sheets_grades_nothing_and_flags_nothing(rating, admin_client):
    """Before any valid sheet, no project is 不满意 · 整改: it is 未测评."""
    ballot, _, _ = rating
    result = admin_client.get(f"/api/v1/admin/ballots/{ballot}/result").get_json()
    assert len(result["rows"]) == 10
    assert [row["grade"] for row in result["rows"]] == [None] * 10
    assert not any(row["needs_rectification"] for row in result["rows"])
    assert result["rectification_ids"] == []
    dashboard = admin_client.get("/admin/").get_data(as_text=True)
    assert 'data-rectify="true"' not in dashboard and "⚠ 需整改" not in dashboard
    assert dashboard.count(">未测评</span>") == 10

    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    lines = list(
        csv.reader(
            io.StringIO(
                admin_client.get(f"/api/v1/admin/ballots/{ballot}/export.csv").data.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    grades = [line[8] for line in lines[2:12]]
    assert grades == ["未测评"] * 10 and not any(line[9] for line in lines[2:12])
    xlsx = admin_client.get(f"/api/v1/admin/ballots/{ballot}/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert [row[8] for row in sheet.iter_rows(min_row=3, max_row=12, values_only=True)] == [
        "未测评"
    ] * 10
    page = admin_client.get(f"/admin/ballots/{ballot}/sheet").get_data(as_text=True)
    assert page.count("未测评") >= 10 and "需整改" not in page


def test_a_rating_made_after_sign_in_was_switched_off_does_not_require_it(app, factory):
    """The one ballot factory gives a rating the meeting's rules, as it gives a project vote."""
    meeting_id = factory.meeting(sign_in_required=False, threshold_basis="present")
    with write_session(app) as db:
        rating = replace_completed_projects(db, db.get(Meeting, meeting_id), demo_rows(), "test")
        assert rating.kind == "rating" and rating.require_sign_in is False
        assert rating.threshold_basis == "present"


def test_two_pushers_never_release_the_same_sheets_twice(app, rating, deputy_client, monkeypatch):
    """Two processes' pushers, each on its own snapshot: the one that releases second starts
    from the first one's release, not from what its own snapshot read (no 满意 scrolls twice)."""
    ballot_id, projects, tokens = rating
    heard = []
    monkeypatch.setattr(
        released, "listeners", [lambda _b, before, after: heard.append((before, after))]
    )

    def satisfied(result):
        return sum(row["satisfied"] for row in result["rows"])

    for token in tokens[:5]:
        rate(deputy_client(token), ballot_id, {str(projects[0]): S})
    first = session_factory(app)()
    assert first.get(Ballot, ballot_id).state == "open"  # its snapshot: 5 sheets
    for token in tokens[5:]:
        rate(deputy_client(token), ballot_id, {str(projects[0]): S})
    second = session_factory(app)()
    assert second.get(Ballot, ballot_id).state == "open"  # 10 sheets, none released yet
    with app.app_context():  # as the pusher runs
        released.visible_result(first, first.get(Ballot, ballot_id))
        released.visible_result(second, second.get(Ballot, ballot_id))
    first.close()
    second.close()
    assert [(satisfied(before), satisfied(after)) for before, after in heard] == [(0, 5), (5, 10)]
