"""The proposals' fixed words: channels, states, answers, the default areas, and the limits."""

DEFAULT_AREAS = ("教育", "医疗", "养老", "交通", "住房", "环境", "就业", "文体", "其他")

# The public page is one channel; the deputies' channels are the ways they meet constituents.
ONLINE = "online"
DEPUTY_CHANNELS = {
    "station": "联络站接待",
    "reception": "代表接待日",
    "grid": "进网格",
    "other": "其他",
}
CHANNELS = {ONLINE: "群众在线", **DEPUTY_CHANNELS}
SOURCES = {"public": "群众建议", "deputy": "代表建议"}

RECEIVED, HIDDEN, MERGED, ANSWERED = "received", "hidden", "merged", "answered"
STATES = {RECEIVED: "已收到", HIDDEN: "未公开", MERGED: "已合并", ANSWERED: "已答复"}
ANSWERS = {"adopted": "采纳", "partly": "部分采纳", "declined": "暂不采纳"}
ACCEPTED = ("adopted", "partly")  # answers a candidate can be made from

# Lengths in characters: (least, most).
LIMITS = {
    "title": (4, 40),
    "body": (10, 1000),
    "reason": (0, 1000),
    "proposer_name": (0, 20),
    "station": (0, 60),
    "hidden_reason": (2, 200),
    "answer_reason": (2, 1000),
    "department": (0, 100),
    "introduction": (0, 2000),
    "round_title": (0, 100),
}
MAX_AREAS = 20
MAX_AREA_LENGTH = 10
MAX_CONSTITUENTS = 100_000
PAGE_SIZES = (20, 50, 100)
