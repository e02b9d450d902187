"""The desk's data out: result exports (CSV and XLSX)."""

from hall.admin.auth import staff_required
from hall.admin.blueprint import bp
from hall.admin.files import CSV, XLSX, download
from hall.ballots.life import get_ballot
from hall.meeting.rehearsal import REHEARSAL_MARK
from hall.reports.exports import result_table, to_csv, to_xlsx
from hall.store.db import get_db
from hall.voting.released import visible_result


@bp.get("/api/v1/admin/ballots/<int:ballot_id>/export.<any(xlsx, csv):kind>")
@staff_required
def export_result(ballot_id, kind):
    """The ballot's result as CSV or XLSX, the same figures as the screen."""
    db = get_db()
    ballot = get_ballot(db, ballot_id)
    # A rehearsal's figures must never pass for real ones: 演练 in the name and the title row.
    mark = REHEARSAL_MARK if ballot.meeting.rehearsal else ""
    title = f"{mark}{ballot.meeting.name} · {ballot.title}"
    table = result_table(title, visible_result(db, ballot))
    if kind == "xlsx":
        return download(to_xlsx(table), XLSX, f"{mark}{ballot.title}结果.xlsx")
    return download(to_csv(table), CSV, f"{mark}{ballot.title}结果.csv")
