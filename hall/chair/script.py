"""The 主持词: what the chair reads at each step, filled with the figures."""

from hall.rules.kinds import RATING, kind_of
from hall.rules.words import WORDS

FRACTIONS = WORDS["fractions"]
GRADES = WORDS["grades"]


def script_lines(meeting, roll: dict, ballot: dict | None, result: dict | None) -> list[str]:
    if ballot is None:
        return roll_lines(roll)
    if ballot["state"] == "open":
        return opening_lines(ballot)
    if result is None:
        return [f"《{ballot['title']}》已作废，结果不予公布。"]
    if kind_of(ballot).report == RATING:
        return rating_lines(ballot, result)
    return vote_lines(meeting, ballot, result)


def roll_lines(roll: dict) -> list[str]:
    if not roll["sign_in_started"] and not roll["present"]:
        return ["请各位代表用手机扫描表决卡上的二维码，点击“签到”。"]
    leave = f"请假 {roll['on_leave']} 名，" if roll.get("on_leave") else ""
    counts = f"本次会议应到代表 {roll['expected']} 名，实到 {roll['present']} 名，{leave}"
    fraction = FRACTIONS.get(roll["quorum_fraction"], roll["quorum_fraction"])
    if roll["quorum_met"]:
        return [counts + f"超过应到代表的{fraction}，符合法定人数，可以开会。"]
    return [counts + f"未超过应到代表的{fraction}，不足法定人数，请等候代表签到。"]


def opening_lines(ballot: dict) -> list[str]:
    title = f"现在进行《{ballot['title']}》。"
    how = kind_of(ballot).instruction.format(places=ballot["places"])
    return [title + f"请各位代表在手机上{how}，然后提交。"]


def counted_line(result: dict, what: str) -> str:
    return (
        f"收回{what} {result['returned']} 张，其中有效 {result['valid']} 张，"
        f"无效 {result['invalid']} 张。"
    )


def vote_lines(meeting, ballot: dict, result: dict) -> list[str]:
    head = (
        f"《{ballot['title']}》投票结束。应到代表 {result['expected']} 名，实到 "
        f"{result['present']} 名，发出选票 {result['issued']} 张，" + counted_line(result, "选票")
    )
    if result["void"] or not result["vote_valid"]:
        return [head, "收回选票未超过发出选票的半数或多于发出选票，本次票决无效。"]
    names = {row["candidate_id"]: row for row in result["rows"]}
    final = result.get("final")
    if final and not final.get("pending_id") and final["rounds"][-1] == ballot["id"]:
        chosen = [entry["name"] for entry in final["chosen"]]
        lines = [head, f"经 {len(final['rounds'])} 轮票决，以下 {len(chosen)} 个项目确定为 "]
        lines[1] += f"{meeting.year} 年民生实事项目：" + "、".join(chosen) + "。"
        return lines + tie_lines([entry["name"] for entry in final["tied"]], final["places_left"])
    chosen = [names[cid] for cid in result["chosen_ids"]]
    listed = "、".join(f"{row['name']}（赞成 {row['yes']} 票）" for row in chosen) or "无"
    lines = [
        head,
        f"入选线为赞成 {result['threshold']} 票。经计票，以下 {len(chosen)} 个项目确定为 "
        f"{meeting.year} 年民生实事项目：{listed}。",
    ]
    if result["shortfall"]:
        lines.append(f"过半数的项目不足应选名额，尚缺 {result['shortfall']} 项。")
    tied = [names[cid]["name"] for cid in result["tied_ids"]]
    return lines + tie_lines(tied, result["places_left"])


def tie_lines(tied: list[str], places_left: int) -> list[str]:
    if not tied:
        return []
    return [
        f"{'、'.join(tied)}共 {len(tied)} 个项目得票相同，争夺剩余 {places_left} 个名额，"
        "须重新票决。"
    ]


def rating_lines(ballot: dict, result: dict) -> list[str]:
    lines = [f"《{ballot['title']}》测评结束。" + counted_line(result, "测评票")]
    if not result["valid"]:
        return [*lines, "没有有效测评票，各项目未测评。"]
    for row in result["rows"]:
        lines.append(
            f"{row['name']}：{GRADES.get(row['grade'], row['grade'])}"
            f"（满意率 {row['satisfied_rate']}%，综合满意率 {row['combined_rate']}%）。"
        )
    flagged = [row["name"] for row in result["rows"] if row.get("needs_rectification")]
    if flagged:
        lines.append(f"{len(flagged)} 个项目评为不满意，须整改：{'、'.join(flagged)}。")
    return lines
