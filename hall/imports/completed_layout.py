"""The completed-projects file's layout: its sheets and columns, the other header names
accepted, the statuses and the longest texts."""

PROJECT_SHEET = "项目"
SUBPROJECT_SHEET = "具体项目"
PROJECT_COLUMNS = ("序号", "项目名称", "领域", "牵头单位", "项目概要")
SUBPROJECT_COLUMNS = (
    "项目序号",
    "具体项目名称",
    "目标",
    "完成",
    "单位",
    "状态",
    "完成日期",
    "进度",
)
# The CSV is one table: each row a sub-project carrying its project's columns.
CSV_COLUMNS = ("项目序号", *PROJECT_COLUMNS[1:], *SUBPROJECT_COLUMNS[1:])
# Only these must be there; every other column is 选填 and may be left out of the file.
PROJECT_REQUIRED = ("序号", "项目名称")
SUBPROJECT_REQUIRED = ("项目序号", "具体项目名称")
CSV_REQUIRED = ("项目序号", "项目名称", "具体项目名称")

# Other header names people give these columns (compared without spaces, half- and full-width
# alike); the template's instructions list them. A name is read only in the table that has
# its column, so 项目编号 is 序号 on the sheet 项目 and 项目序号 elsewhere.
ACCEPTED_HEADERS = {
    "序号": ("编号", "项目编号"),
    "项目名称": ("项目", "实事项目", "实事项目名称"),
    "领域": ("类别", "项目类别", "所属领域"),
    "牵头单位": ("责任单位", "牵头部门", "责任部门", "实施单位"),
    "项目概要": ("概要", "项目简介", "简介", "项目内容", "主要内容"),
    "项目序号": ("所属项目序号", "项目编号"),
    "具体项目名称": ("具体项目", "子项目", "子项目名称"),
    "目标": ("目标值", "目标数", "目标任务", "计划数"),
    "完成": ("完成值", "完成数", "实际完成", "完成量"),
    "单位": ("计量单位",),
    "状态": ("完成状态", "完成情况"),
    "完成日期": ("完成时间",),
    "进度": ("完成进度", "进度(%)", "进度%"),
}
ACCEPTED_SHEETS = {
    PROJECT_SHEET: ("实事项目", "民生实事项目", "项目清单"),
    SUBPROJECT_SHEET: ("具体项目清单", "子项目"),
}

NOT_DONE = "未完成"
DONE = "已完成"
EXCEEDED = "超额完成"
STATUSES = (NOT_DONE, DONE, EXCEEDED)

NAME_MAX = 200
UNIT_MAX = 10
