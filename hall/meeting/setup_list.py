"""The dashboard's setup list (会前准备): what is done before the session, and what is next."""

import sqlalchemy as sa

from hall.store.models import Candidate, Deputy, Meeting, Project


def setup_steps(session, meeting: Meeting, scrutineers: int) -> list[dict]:
    """The steps before the session, each {"key", "label", "detail", "done"}; the first one
    not done is marked `next`."""
    deputies = _count(session, Deputy, meeting)
    with_cards = _with_cards(session, meeting)
    candidates = _count(session, Candidate, meeting)
    projects = _count(session, Project, meeting)
    bare = _bare_projects(session, meeting)
    steps = [
        _step(
            "settings", "会议设置", "名称、届次、计票规则", meeting.settings_saved_at is not None
        ),
        _step("roster", f"代表名册 {deputies} 人", "导入或沿用名册", deputies > 0),
        _step("candidates", f"候选项目 {candidates} 项", "导入本年度候选项目", candidates > 0),
        _step(
            "projects",
            f"上年度项目 {projects} 项",
            f"{bare} 项的具体项目和完成情况待导入" if bare else "测评上年度项目",
            projects > 0 and not bare,
        ),
        _step(
            "cards",
            "表决卡已打印",
            f"已制证 {with_cards} / {deputies} 人",
            deputies > 0 and with_cards == deputies,
        ),
        _step("scrutineers", "监票人", f"{scrutineers} 个监票人账号", scrutineers > 0),
        _step(
            "rehearsal",
            "演练已完成",
            "演练进行中" if meeting.rehearsal else "演练后清除演练数据",
            meeting.rehearsed_at is not None and not meeting.rehearsal,
        ),
    ]
    following = next((step for step in steps if not step["done"]), None)
    for step in steps:
        step["next"] = step is following
    return steps


def _with_cards(session, meeting: Meeting) -> int:
    """Deputies holding a card that still works."""
    return session.scalar(
        sa.select(sa.func.count()).where(
            Deputy.meeting_id == meeting.id,
            Deputy.token_hash.is_not(None),
            Deputy.token_revoked.is_(False),
        )
    )


def _bare_projects(session, meeting: Meeting) -> int:
    """Last year's projects with no subprojects imported yet."""
    return session.scalar(
        sa.select(sa.func.count())
        .select_from(Project)
        .where(Project.meeting_id == meeting.id, ~Project.subprojects.any())
    )


def _step(key: str, label: str, detail: str, done: bool) -> dict:
    return {"key": key, "label": label, "detail": detail, "done": done}


def _count(session, model, meeting: Meeting) -> int:
    return session.scalar(sa.select(sa.func.count()).where(model.meeting_id == meeting.id))
