// Written by `python scripts/words_js.py` from hall/rules/words.py and hall/rules/kinds.py:
// change the words and the kinds there. The one table of words (RULES.md "Words") and the
// ballot kinds, as the pages and every script use them.

export const WORDS = Object.freeze({
  "states": {
    "draft": "草稿",
    "open": "投票中",
    "closed": "已结束",
    "published": "已公布",
    "void": "已作废"
  },
  "outcomes": {
    "chosen": "入选",
    "tied": "并列",
    "not_chosen": "未入选",
    "not_passed": "未过半数",
    "undecided": "票决无效"
  },
  "marks": {
    "yes": "赞成",
    "no": "反对",
    "abstain": "弃权"
  },
  "grades": {
    "satisfied": "满意",
    "fairly_satisfied": "基本满意",
    "dissatisfied": "不满意"
  },
  "ungraded": "未测评",
  "bases": {
    "expected": "全体代表",
    "present": "实到代表",
    "returned": "收回选票"
  },
  "basis_units": {
    "expected": "人",
    "present": "人",
    "returned": "张"
  },
  "grade_bases": {
    "returned": "收回测评票",
    "valid": "有效测评票"
  },
  "fractions": {
    "1/2": "半数",
    "2/3": "三分之二",
    "3/4": "四分之三"
  },
  "roll": {
    "expected": "应到",
    "present": "实到",
    "on_leave": "请假",
    "absent": "缺席"
  },
  "sheets": {
    "issued": "发出",
    "returned": "收回",
    "valid": "有效",
    "invalid": "无效"
  },
  "sources": {
    "phone": "手机",
    "paper": "纸质"
  },
  "kinds": {
    "project_vote": "票决",
    "rating": "满意度测评"
  },
  "displays": {
    "turnout": "大屏显示投票进度",
    "live": "大屏实时显示票数",
    "hidden": "大屏不显示进度"
  },
  "forms": {
    "approve": "差额票决",
    "yes_no_abstain": "逐项表决",
    "rating": "满意度测评"
  },
  "acts": {
    "project_vote": "投票",
    "rating": "测评"
  },
  "done": {
    "project_vote": "已投",
    "rating": "已评"
  }
});

export const KINDS = Object.freeze({
  "approve": {
    "ballot_kind": "project_vote",
    "name": "差额票决",
    "act": "投票",
    "done": "已投",
    "instruction": "在候选项目中赞成不超过 {places} 个",
    "phone_marks": [
      "yes"
    ],
    "phone_layout": "list",
    "paper_marks": [
      "yes"
    ],
    "sheet_key": "approve",
    "has_places": true,
    "revotes": true,
    "live_feed": false,
    "items_from": "candidates",
    "report": "project_vote"
  },
  "yes_no_abstain": {
    "ballot_kind": "project_vote",
    "name": "逐项表决",
    "act": "投票",
    "done": "已投",
    "instruction": "对每个候选项目选择赞成、反对或弃权，赞成不超过 {places} 个",
    "phone_marks": [
      "yes",
      "no",
      "abstain"
    ],
    "phone_layout": "rows",
    "paper_marks": [
      "yes",
      "no",
      "abstain"
    ],
    "sheet_key": "marks",
    "has_places": true,
    "revotes": true,
    "live_feed": false,
    "items_from": "candidates",
    "report": "project_vote"
  },
  "rating": {
    "ballot_kind": "rating",
    "name": "满意度测评",
    "act": "测评",
    "done": "已评",
    "instruction": "对每个项目选择满意、基本满意或不满意",
    "phone_marks": [
      "satisfied",
      "fairly_satisfied",
      "dissatisfied"
    ],
    "phone_layout": "cards",
    "paper_marks": [
      "satisfied",
      "fairly_satisfied",
      "dissatisfied"
    ],
    "sheet_key": "ratings",
    "has_places": false,
    "revotes": false,
    "live_feed": true,
    "items_from": "projects",
    "report": "rating"
  }
});

/** The kind of a ballot, a snapshot or a result (anything with `kind` and `form`). */
export function kindOf(ballot) {
  const kind = (ballot && ballot.kind) || 'project_vote';
  const own = Object.values(KINDS).filter((entry) => entry.ballot_kind === kind);
  const named = ballot && KINDS[ballot.form];
  return named && named.ballot_kind === kind ? named : own[0] || KINDS.approve;
}
