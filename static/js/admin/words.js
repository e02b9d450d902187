/** The desk's words (RULES.md "Words") and the small helpers every desk view draws with. */

import { WORDS, kindOf } from '../words.js';

// The one table of words (hall/rules/words.py), which the desk's templates read too.
export const STATE_NAMES = WORDS.states;
export const DISPLAY_NAMES = WORDS.displays;
export const KIND_NAMES = WORDS.kinds;
export const OUTCOME_NAMES = WORDS.outcomes;
export const BASIS_NAMES = Object.fromEntries(
  Object.entries(WORDS.bases).map(([basis, label]) => [basis, [label, WORDS.basis_units[basis]]]),
);
export const FRACTION_NAMES = WORDS.fractions;
export const GRADE_NAMES = WORDS.grades;
export const GRADE_BASIS_NAMES = WORDS.grade_bases;
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
  return kindOf(ballot).act;
}

/** 已评 for a rating, 已投 for a project vote. */
export function doneWord(ballot) {
  return kindOf(ballot).done;
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
