/** Fetch wrappers for the deputy API: every call answers {ok, status, data} or a plain error. */

const TIMEOUT_MS = 8000;

// The deputy this page shows, once /api/v1/me has said: sent with every call, so that a card
// opened meanwhile in another tab of this browser (the cookie then holds another deputy) is
// refused with `deputy_changed` instead of acting as that other deputy.
let pageDeputy = null;

export function setPageDeputy(id) {
  if (pageDeputy === null) pageDeputy = String(id);
}

export function getPageDeputy() {
  return pageDeputy;
}

// A network failure, a timeout, a 5xx or a page that is not our JSON (a captive portal,
// a proxy) is worth retrying; a 4xx with our error body is an answer.
function transientError(status) {
  return { ok: false, status, code: 'network', message: '网络不稳定', transient: true };
}

async function exchange(method, path, body, signal) {
  const headers = { Accept: 'application/json' };
  if (pageDeputy !== null) headers['X-Hall-Deputy'] = pageDeputy;
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (signal) init.signal = signal;
  const response = await fetch(path, init);
  let data = null;
  try {
    data = await response.json();
  } catch (error) {
    data = null;
  }
  if (response.ok && data && typeof data === 'object') {
    return { ok: true, status: response.status, data };
  }
  const error = data && data.error;
  const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
  if (retryable || !error || typeof error.code !== 'string') return transientError(response.status);
  return {
    ok: false,
    status: response.status,
    code: error.code,
    message: error.message || '请求未成功',
    transient: false,
  };
}

/** One request with an overall time limit that covers the body too. */
export function request(method, path, body) {
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      if (controller) controller.abort();
      resolve(transientError(0));
    }, TIMEOUT_MS);
    exchange(method, path, body, controller && controller.signal)
      .catch(() => transientError(0))
      .then((result) => {
        clearTimeout(timer);
        resolve(result);
      });
  });
}

export function getMe() {
  return request('GET', '/api/v1/me');
}

export function signIn() {
  return request('POST', '/api/v1/me/sign-in', {});
}

export function submitSheet(ballotId, receipt, sheet) {
  return request('POST', '/api/v1/ballots/' + encodeURIComponent(ballotId) + '/sheets', {
    receipt,
    sheet,
  });
}

/** Whether an error means this card can no longer be used on this phone. */
export function isCardError(result) {
  const codes = [
    'unauthenticated',
    'credential_revoked',
    'card_held_elsewhere',
    'deputy_changed',
    'meeting_archived',
  ];
  return !result.ok && codes.indexOf(result.code) !== -1;
}
