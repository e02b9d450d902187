"""The proposals as an Excel workbook for the government's 征集函 process: one row a proposal,
every text cell inert (hall.reports.inert_cells). Phone numbers stay masked."""

import io

import sqlalchemy as sa
from openpyxl import Workbook

from hall.proposals.texts import masked_phone
from hall.proposals.words import ANSWERS, CHANNELS, SOURCES, STATES
from hall.reports.inert_cells import append_row
from hall.store.models import Meeting, Proposal

HEADER = (
    "编号", "查询码", "来源", "渠道", "联络站", "反映人数", "代表", "领域", "标题", "建议内容",
    "理由", "姓名", "电话", "附议人数", "状态", "合并到", "承办部门", "答复", "答复理由",
    "提交时间",
)  # fmt: skip


def proposals_workbook(session, meeting: Meeting) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "群众建议"
    append_row(sheet, HEADER)
    rows = session.scalars(
        sa.select(Proposal).where(Proposal.meeting_id == meeting.id).order_by(Proposal.id)
    )
    for row in rows:
        append_row(sheet, _cells(row))
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _cells(row: Proposal) -> list:
    return [
        row.id,
        row.code,
        SOURCES[row.source],
        CHANNELS.get(row.channel, row.channel),
        row.station,
        row.constituents or None,
        row.deputy_name,
        row.area,
        row.title,
        row.body,
        row.reason,
        row.proposer_name,
        masked_phone(row.proposer_phone),
        row.support_total,
        STATES[row.state],
        row.merged_into_id,
        row.department,
        ANSWERS.get(row.answer, ""),
        row.answer_reason,
        row.created_at.strftime("%Y-%m-%d %H:%M"),
    ]
