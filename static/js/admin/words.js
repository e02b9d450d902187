/** The desk's words (RULES.md "Words") and the small helpers every desk view draws with. */

// Labels shared with templates/admin/dashboard.html: keep the two in step.
export const STATE_NAMES = { draft: '草稿', open: '投票中', closed: '已结束', published: '已公布', void: '作废' };
export const DISPLAY_NAMES = {
  turnout: '大屏显示投票进度',
  live: '大屏实时显示票数',
  hidden: '大屏不显示进度',
};
export const KIND_NAMES = { project_vote: '票决', rating: '满意度测评', satisfaction: '满意度测评' };
export const OUTCOME_NAMES = {
  chosen: '入选',
  tied: '并列待重新票决',
  not_chosen: '未入选',
  not_passed: '未过半数',
  undecided: '无效',
};
export const BASIS_NAMES = {
  expected: ['全体代表', '人'],
  present: ['出席代表', '人'],
  returned: ['收回选票', '张'],
};
export const FRACTION_NAMES = { '1/2': '半数', '2/3': '三分之二' };
export const GRADE_NAMES = { satisfied: '满意', fairly_satisfied: '基本满意', dissatisfied: '不满意' };
export const GRADE_BASIS_NAMES = { returned: '收回测评票', valid: '有效测评票' };
export const SCENE_NOTES = {
  auto: '大屏随投票进程自动切换：签到、投票进度、结果。',
  showcase: '大屏正在展示上年度民生实事项目完成情况。',
  title: '大屏正在显示会标（会议名称和年度）。',
  sign_in: '大屏固定显示签到情况：应到、实到、法定人数。',
  ballot: '大屏固定显示「{}」，不随投票进程切换。',
};
export const SCENE_NAMES = { title: '会标', sign_in: '签到情况', showcase: '完成情况', ballot: '另一项投票' };
export const SCENE_BUTTON_NAMES = { auto: '自动跟随', title: '会标', sign_in: '签到', showcase: '完成情况展示' };

/** 测评 for a rating, 投票 for a project vote. */
export function actWord(ballot) {
  return ballot && ballot.kind === 'rating' ? '测评' : '投票';
}

export function setText(element, text) {
  if (element && element.textContent !== text) element.textContent = text;
}

export function setData(element, name, value) {
  if (element && element.dataset[name] !== value) element.dataset[name] = value;
}

/** "04:59", or "1:04:59" from an hour up. */
export function formatSeconds(total) {
  const seconds = Math.max(0, Math.ceil(total));
  const two = (n) => String(n).padStart(2, '0');
  const mm = two(Math.floor(seconds / 60) % 60);
  const ss = two(seconds % 60);
  return seconds >= 3600 ? `${Math.floor(seconds / 3600)}:${mm}:${ss}` : `${two(Math.floor(seconds / 60))}:${ss}`;
}
