"""A sub-project (具体项目) of a completed project: its row, its columns read, its status checked
against its figures; shared by the workbook and the CSV of completed_projects.py."""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from hall.imports.completed_layout import DONE, EXCEEDED, NAME_MAX, NOT_DONE, STATUSES, UNIT_MAX
from hall.imports.tables import (
    CellError,
    RowCells,
    cell_date,
    cell_decimal,
    cell_integer,
    cell_text,
    shown,
)


@dataclass
class SubProjectRow:
    name: str
    target: Decimal | None
    achieved: Decimal | None
    unit: str
    status: str
    completed_on: dt.date | None
    progress: int


@dataclass
class ProjectRow:
    position: int
    name: str
    area: str
    lead_department: str
    summary: str
    subprojects: list[SubProjectRow] = field(default_factory=list)


def derive_status(target: Decimal | None, achieved: Decimal | None, progress: int | None) -> str:
    """The status a sub-project's figures imply when the file leaves 状态 empty."""
    if target is not None and achieved is not None:
        if achieved > target:
            return EXCEEDED
        return DONE if achieved >= target else NOT_DONE
    return DONE if progress == 100 else NOT_DONE


def read_subproject(cells: "SubprojectCells") -> SubProjectRow | None:
    """A sub-project from its columns, or None when any of them is bad (already reported)."""
    name = cells.text("具体项目名称", required=True, max_length=NAME_MAX)
    target = cells.number("目标")
    achieved = cells.number("完成")
    unit = cells.text("单位", max_length=UNIT_MAX)
    given = cells.status("状态")
    completed_on = cells.date("完成日期")
    progress = cells.progress("进度")
    if cells.bad & {"目标", "完成", "状态", "进度"}:
        return None
    status = given or derive_status(target, achieved, progress)
    if given and target is not None and achieved is not None:
        _check_status_against_figures(cells, given, target, achieved)
    if progress is None:
        progress = 100 if status in (DONE, EXCEEDED) else 0
    elif status in (DONE, EXCEEDED) and progress != 100:
        cells.problem("进度", f"{_why(given, status)}，进度应为 100，实际为 {progress}")
    elif status == NOT_DONE and progress == 100:
        cells.problem("进度", f"{_why(given, status)}，进度不应为 100")
    if cells.bad:
        return None
    return SubProjectRow(name, target, achieved, unit, status, completed_on, progress)


def _check_status_against_figures(
    cells: "SubprojectCells", given: str, target: Decimal, achieved: Decimal
) -> None:
    figures = f"完成数（{achieved:f}）"
    if given == EXCEEDED and achieved <= target:
        cells.problem("状态", f"状态为“{EXCEEDED}”，但{figures}没有超过目标（{target:f}）")
    elif given == DONE and achieved < target:
        cells.problem("状态", f"状态为“{DONE}”，但{figures}少于目标（{target:f}）")
    elif given == NOT_DONE and achieved >= target:
        cells.problem("状态", f"状态为“{NOT_DONE}”，但{figures}已达到目标（{target:f}）")


def _why(given: str | None, status: str) -> str:
    if given:
        return f"状态为“{status}”"
    return f"按目标和完成数，状态为“{status}”"


def add_subproject(
    cells: "SubprojectCells", project: ProjectRow, sub: SubProjectRow, sub_names: dict
) -> None:
    key = (project.position, sub.name)
    if key in sub_names:
        cells.problem(
            "具体项目名称", f"与第 {sub_names[key]} 行重复（同一项目下具体项目名称不能相同）"
        )
    else:
        sub_names[key] = cells.row.number
        project.subprojects.append(sub)


class SubprojectCells(RowCells):
    """One row's cells by column name, with the sub-project columns' kinds of value."""

    def blank(self, column: str) -> bool:
        return self.value(column) is None

    def number(self, column: str) -> Decimal | None:
        value = self.value(column)
        if value is None:
            return None
        try:
            number = cell_decimal(value)
        except CellError as error:
            self.problem(column, str(error))
            return None
        if number < 0:
            self.problem(column, f"不能为负数，实际为{shown(value)}")
            return None
        return number

    def status(self, column: str) -> str | None:
        text = re.sub(r"\s+", "", cell_text(self.value(column)))
        if not text:
            return None
        if text not in STATUSES:
            allowed = "、".join(STATUSES)
            self.problem(column, f"应为 {allowed} 之一（或留空），实际为{shown(text)}")
            return None
        return text

    def date(self, column: str) -> dt.date | None:
        value = self.value(column)
        if value is None:
            return None
        try:
            return cell_date(value)
        except CellError as error:
            self.problem(column, str(error))
            return None

    def progress(self, column: str) -> int | None:
        """An integer 0-100, written "80" or "80%"."""
        value = self.value(column)
        if value is None:
            return None
        if isinstance(value, str):
            value = value.strip().removesuffix("%").removesuffix("％").strip()
        try:
            progress = cell_integer(value)
        except CellError:
            self.problem(column, f"应为 0 到 100 的整数，实际为{shown(self.value(column))}")
            return None
        if not 0 <= progress <= 100:
            self.problem(column, f"应为 0 到 100 的整数，实际为 {progress}")
            return None
        return progress
