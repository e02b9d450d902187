"""The problems found in an uploaded table, each pointing at a cell, told in Chinese."""

from collections.abc import Sequence
from dataclasses import dataclass

MAX_PROBLEMS = 200


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with an uploaded file, located as precisely as possible."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = ""
        if self.sheet:
            where += f"「{self.sheet}」"
        if self.row is not None:
            where += f"第 {self.row} 行"
        if self.column:
            where += f"「{self.column}」列"
        return f"{where}：{self.message}" if where else self.message


class ImportFailed(Exception):
    """The file was refused; ``problems`` lists everything found wrong with it."""

    def __init__(self, problems: Sequence[ImportProblem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def failed(message: str, sheet: str = "") -> ImportFailed:
    """An ImportFailed for a problem with the file as a whole."""
    return ImportFailed([ImportProblem(sheet, None, None, message)])


class Problems:
    """Collects problems, keeping the first MAX_PROBLEMS and counting the rest."""

    def __init__(self, limit: int = MAX_PROBLEMS):
        self.limit = limit
        self.kept: list[ImportProblem] = []
        self.omitted = 0

    def add(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        if len(self.kept) < self.limit:
            self.kept.append(ImportProblem(sheet, row, column, message))
        else:
            self.omitted += 1

    def __bool__(self) -> bool:
        return bool(self.kept)

    def raise_if_any(self) -> None:
        if not self.kept:
            return
        problems = list(self.kept)
        if self.omitted:
            problems.append(
                ImportProblem(
                    "",
                    None,
                    None,
                    f"另有 {self.omitted} 个问题未列出，请先改正以上问题后重新导入。",
                )
            )
        raise ImportFailed(problems)
