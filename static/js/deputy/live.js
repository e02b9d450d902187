/** The /deputy Socket.IO connection, with a slow polling fallback if the socket script is missing. */

const POLL_MS = 15000;
const REFUSED_RETRY_MS = 5000;
// What hall/deputy/casting.py names SUBMIT_EVENT and SHEET_FIELDS (tests/test_bench.py checks).
export const SUBMIT_EVENT = 'submit';
const ACK_TIMEOUT_MS = 8000; // as api.js's TIMEOUT_MS: then the sheet goes over HTTP

function transient(status) {
  return { ok: false, status, code: 'network', message: '网络不稳定', transient: true };
}

/** The acknowledgement of `submit`, in api.js's answer shape ({ok, status, data} or an error). */
function fromAck(ack) {
  if (ack && ack.ok === true) {
    const data = Object.assign({}, ack);
    delete data.ok;
    return { ok: true, status: data.status === 'counted' ? 201 : 200, data };
  }
  const error = ack && ack.error;
  if (!error || typeof error.code !== 'string') return transient(0);
  return { ok: false, status: 0, code: error.code, message: error.message || '请求未成功', transient: false };
}

/**
 * Calls onConnect() after every (re)connect, onDisconnect() when the link drops and
 * onState(message) for every `state` event. shouldStop() ends retries (card revoked).
 * Answers {disconnect(), sendSheet(ballotId, receipt, sheet)}: sendSheet casts over the socket
 * and answers a promise of api.js's answer shape, or null when the socket cannot carry it now
 * (not connected, or long-polling because WebSockets are blocked: then the HTTP POST is as
 * cheap for the phone and cheaper for the server).
 */
export function connectLive({ onConnect, onDisconnect, onState, onPoll, shouldStop, pageDeputy }) {
  if (typeof window.io !== 'function') {
    const timer = setInterval(() => {
      if (shouldStop()) clearInterval(timer);
      else onPoll();
    }, POLL_MS);
    return { disconnect: () => clearInterval(timer), sendSheet: () => null };
  }
  // Default transports: long-polling first, then an upgrade, so blocked WebSockets still work.
  // The deputy this page shows, asked at every (re)connect: the server refuses the socket if
  // the card cookie now holds another deputy (see api.js).
  const socket = window.io('/deputy', { auth: (send) => send({ deputy: pageDeputy() }) });
  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', () => {
    onDisconnect();
    // When the server refuses the namespace, socket.io stops retrying by itself: ask /me why
    // (a revoked card shows its page), then try again.
    if (!socket.active) {
      setTimeout(() => {
        if (shouldStop()) return;
        onPoll();
        socket.connect();
      }, REFUSED_RETRY_MS);
    }
  });
  socket.on('state', onState);

  function sendSheet(ballotId, receipt, sheet) {
    const engine = socket.io && socket.io.engine;
    if (!socket.connected || !engine || !engine.transport || engine.transport.name !== 'websocket') {
      return null;
    }
    return new Promise((resolve) => {
      // A timeout or a dropped link while waiting: transient, and the caller resends the SAME
      // receipt and sheet (over HTTP), so the sheet is counted once whichever answer is lost.
      socket.timeout(ACK_TIMEOUT_MS).emit(SUBMIT_EVENT, { ballot_id: ballotId, receipt, sheet }, (error, ack) =>
        resolve(error ? transient(0) : fromAck(ack)),
      );
    });
  }

  return { disconnect: () => socket.disconnect(), sendSheet };
}
