"""A meeting's data written through SQL into a database at the first revision (0001): the
kind of database a year's session leaves behind, for the upgrade and restore tests.

Rows go in through the tables as they are at that revision (reflected), never through the
models, which follow the newest revision. Fixed ids, as the old rows had.
"""

from datetime import datetime

import sqlalchemy as sa

from hall import migrations
from hall.rules import Mark, canonical_json

OPENED = datetime(2025, 1, 8, 9, 30)
SHEETS = {  # receipt hash -> the candidates it approves
    "a" * 64: [1, 2],
    "b" * 64: [1, 3],
    "c" * 64: [1, 2],
}
YES = {1: 3, 2: 2, 3: 1}  # what those sheets give each candidate


def rows() -> dict[str, list[dict]]:
    """The meeting by table, in an order that satisfies the foreign keys."""
    meeting = {
        "id": 1,
        "name": "龙港市第二届人民代表大会第三次会议",
        "year": 2025,
        "is_demo": False,
        "sign_in_open": False,
        "sign_in_required": True,
        "quorum_fraction": "1/2",
        "threshold_basis": "expected",
        "threshold_fraction": "1/2",
        "validity_fraction": "1/2",
        "screen_key": "s" * 32,
        "screen_scene": "auto",
        "default_display": "turnout",
        "one_phone_per_card": False,
        "rehearsal": False,
    }
    deputies = [
        {
            "id": number,
            "meeting_id": 1,
            "delegation_id": 1,
            "name": name,
            "seat": f"1排{number}座",
            "on_leave": False,
            "token_hash": f"{number:064x}",
            "token_revoked": False,
            "short_code_hash": None,
            "device_hash": None,
            "note": "",
            "signed_in_at": OPENED,
            "signed_in_by": "self",
        }
        for number, name in ((1, "张三"), (2, "李四"), (3, "王五"))
    ]
    candidates = [
        {
            "id": number,
            "meeting_id": 1,
            "position": number,
            "name": f"候选项目{number}",
            "lead_department": "住建局",
            "summary": "",
            "budget": 120.5,
        }
        for number in (1, 2, 3)
    ]
    ballot = {
        "id": 1,
        "meeting_id": 1,
        "kind": "project_vote",
        "title": "2025年民生实事项目票决",
        "form": "approve",
        "places": 2,
        "display": "turnout",
        "secret": True,
        "require_sign_in": True,
        "state": "published",
        "countdown_seconds": None,
        "void_reason": None,
        "parent_id": None,
        "paper_two_person": False,
        "threshold_basis": "expected",
        "threshold_fraction": "1/2",
        "validity_fraction": "1/2",
        "grade_basis": "returned",
        "grade_fraction": "1/2",
        "roll_expected": 3,
        "roll_present": 3,
        "opened_at": OPENED,
        "closes_at": None,
        "closed_at": datetime(2025, 1, 8, 9, 40),
        "published_at": datetime(2025, 1, 8, 9, 45),
    }
    sheets = [
        {
            "receipt_hash": receipt,
            "ballot_id": 1,
            "marks": canonical_json(dict.fromkeys(approved, Mark.YES)),
            "valid": True,
            "source": "phone",
        }
        for receipt, approved in SHEETS.items()
    ]
    return {
        "meetings": [meeting],
        "delegations": [{"id": 1, "meeting_id": 1, "name": "第一代表团", "position": 1}],
        "deputies": deputies,
        "candidates": candidates,
        "projects": [
            {
                "id": 1,
                "meeting_id": 1,
                "position": 1,
                "name": "农村电线改造",
                "area": "全市",
                "lead_department": "供电公司",
                "summary": "",
            }
        ],
        "subprojects": [
            {
                "id": 1,
                "project_id": 1,
                "position": 1,
                "name": "智能烟感报警器",
                "target": 5809.0,
                "achieved": 5809.0,
                "unit": "户",
                "status": "已完成",
                "completed_on": datetime(2024, 11, 30).date(),
                "progress": 100,
            }
        ],
        "ballots": [ballot],
        "ballot_items": [
            {"ballot_id": 1, "position": number, "candidate_id": number, "project_id": None}
            for number in (1, 2, 3)
        ],
        "participations": [{"ballot_id": 1, "deputy_id": d, "via": "phone"} for d in (1, 2, 3)],
        "sheets": sheets,
        "users": [{"id": 1, "username": "admin", "password_hash": "scrypt:x", "role": "admin"}],
        "audit_log": [
            {
                "id": 1,
                "at": OPENED,
                "actor": "admin",
                "action": "ballot_open",
                "detail": "{}",
                "prev_hash": "",
                "entry_hash": "e" * 64,
            }
        ],
    }


def write_baseline_meeting(engine: sa.Engine) -> None:
    """Bring an empty database to the first revision and write the meeting into it."""
    migrations.upgrade(engine, migrations.revisions()[0])
    tables = sa.MetaData()
    tables.reflect(engine)
    with engine.begin() as connection:
        for name, table_rows in rows().items():
            connection.execute(tables.tables[name].insert(), table_rows)


def stored(engine: sa.Engine) -> dict[str, list[tuple]]:
    """What the baseline rows hold now: for each of their tables, the baseline's columns of
    every row, in a stable order (columns added by later revisions are left out)."""
    tables = sa.MetaData()
    tables.reflect(engine)
    found = {}
    with engine.connect() as connection:
        for name, table_rows in rows().items():
            columns = [tables.tables[name].c[column] for column in table_rows[0]]
            found[name] = sorted(
                (tuple(row) for row in connection.execute(sa.select(*columns))), key=repr
            )
    return found


def expected() -> dict[str, list[tuple]]:
    return {
        name: sorted((tuple(row.values()) for row in table_rows), key=repr)
        for name, table_rows in rows().items()
    }
