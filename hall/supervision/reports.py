"""一季一报告: a department files the achieved figure and a short account for its 具体项目 (on
the form or from a spreadsheet); the secretariat accepts it (the figures become the register's)
or returns it with a note."""

import sqlalchemy as sa

from hall.base.clock import utcnow
from hall.base.errors import HallError, not_found
from hall.store import audit
from hall.store.models import Meeting, ProgressReport, RegisterItem, ReportLine
from hall.supervision import fields
from hall.supervision.items import department_items, get_item

SUBMITTED, ACCEPTED, RETURNED = "submitted", "accepted", "returned"
STATE_WORDS = {SUBMITTED: "待审核", ACCEPTED: "已采纳", RETURNED: "已退回"}


def submit_report(session, meeting: Meeting, department: str, body: dict, actor: str):
    """`{"period", "as_of", "lines": [{"item_id", "achieved", "account"}]}`, all checked
    before anything is written; a department may report only its own 具体项目."""
    fields.only(body, ("period", "as_of", "lines"))
    period = fields.text(body, "period", "报告期", 20)
    as_of = fields.day(body, "as_of", "截至日期")
    lines = body.get("lines")
    if not isinstance(lines, list) or not lines or len(lines) > 1000:
        raise fields.bad("请至少填写一个具体项目的完成情况")
    read = []
    for line in lines:
        if not isinstance(line, dict):
            raise fields.bad("每一行应为对象")
        fields.only(line, ("item_id", "achieved", "account"))
        item = get_item(
            session, meeting, fields.identifier(line, "item_id", "具体项目"), department
        )
        if any(item.id == seen.item_id for seen in read):
            raise fields.bad(f"「{item.name}」填写了不止一次")
        achieved = fields.number(line, "achieved", "完成数")
        account = fields.text(line, "account", "情况说明", 2000, required=False)
        read.append(ReportLine(item_id=item.id, achieved=achieved, account=account))
    report = ProgressReport(
        meeting_id=meeting.id,
        department=department,
        period=period,
        as_of=as_of,
        submitted_by=actor,
        submitted_at=utcnow(),
        lines=read,
    )
    session.add(report)
    session.flush()
    audit.record(session, actor, "report_submit", report=report.id, lines=len(read))
    return report


def report_lines_from_rows(session, meeting: Meeting, department: str, rows: list[dict]):
    """A spreadsheet's rows matched to the department's 具体项目 by project and item name."""
    own = {
        (item.project.name, item.name): item
        for item in department_items(session, meeting, department)
    }
    problems = [
        f"「{row['project']}」的「{row['name']}」不是本单位牵头的具体项目"
        for row in rows
        if (row["project"], row["name"]) not in own
    ]
    if problems:
        raise HallError("import_failed", "导入失败：有具体项目不属于本单位", 400, problems)
    return [
        {
            "item_id": own[(row["project"], row["name"])].id,
            "achieved": row["achieved"],
            "account": row["account"],
        }
        for row in rows
    ]


def report_rows(rows) -> list[dict]:
    """Parsed ReportRow objects as kept for the confirm step (JSON-ready)."""
    return [
        {
            "project": row.project,
            "name": row.name,
            "achieved": float(row.achieved),
            "account": row.account,
        }
        for row in rows
    ]


def get_report(session, meeting: Meeting, report_id, department: str | None = None):
    report = session.get(ProgressReport, report_id) if isinstance(report_id, int) else None
    if report is None or report.meeting_id != meeting.id:
        raise not_found("进度报告")
    if department is not None and report.department != department:
        raise not_found("进度报告")
    return report


def review_report(session, meeting: Meeting, report_id, body: dict, actor: str):
    """`{"decision": "accept" | "return", "note"}`: accepted figures become the register's."""
    fields.only(body, ("decision", "note"))
    report = get_report(session, meeting, report_id)
    decision = body.get("decision")
    if decision not in ("accept", "return"):
        raise fields.bad("审核结果应为 accept（采纳）或 return（退回）")
    if report.state != SUBMITTED:
        raise HallError("invalid_state", f"该报告{STATE_WORDS[report.state]}，不能再审核", 409)
    report.review_note = fields.text(body, "note", "审核意见", 2000, required=decision == "return")
    report.state = ACCEPTED if decision == "accept" else RETURNED
    report.reviewed_by, report.reviewed_at = actor, utcnow()
    if report.state == ACCEPTED:
        for line in report.lines:
            _take_figure(session.get(RegisterItem, line.item_id), line.achieved, report.as_of)
    audit.record(session, actor, f"report_{decision}", report=report.id)
    return report


def _take_figure(item: RegisterItem, achieved: float, as_of) -> None:
    if item.achieved_on is not None and item.achieved_on > as_of:
        return  # a later accepted report already stands
    item.achieved, item.achieved_on = achieved, as_of
    if item.completed_on is None and achieved >= item.target:
        item.completed_on = as_of


def list_reports(session, meeting: Meeting, department: str | None = None) -> list:
    query = sa.select(ProgressReport).where(ProgressReport.meeting_id == meeting.id)
    if department is not None:
        query = query.where(ProgressReport.department == department)
    return list(session.scalars(query.order_by(ProgressReport.id.desc())))


def report_view(session, report: ProgressReport) -> dict:
    items = {line.item_id: session.get(RegisterItem, line.item_id) for line in report.lines}
    return {
        "id": report.id,
        "department": report.department,
        "period": report.period,
        "as_of": report.as_of.isoformat(),
        "state": report.state,
        "state_text": STATE_WORDS[report.state],
        "submitted_by": report.submitted_by,
        "reviewed_by": report.reviewed_by,
        "review_note": report.review_note,
        "lines": [
            {
                "item_id": line.item_id,
                "project": items[line.item_id].project.name,
                "name": items[line.item_id].name,
                "target": items[line.item_id].target,
                "unit": items[line.item_id].unit,
                "achieved": line.achieved,
                "account": line.account,
            }
            for line in report.lines
        ],
    }
