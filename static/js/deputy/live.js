/** The /deputy Socket.IO connection, with a slow polling fallback if the socket script is missing. */

const POLL_MS = 15000;
const REFUSED_RETRY_MS = 5000;

/**
 * Calls onConnect() after every (re)connect, onDisconnect() when the link drops and
 * onState(message) for every `state` event. shouldStop() ends retries (card revoked).
 * Answers {disconnect()}.
 */
export function connectLive({ onConnect, onDisconnect, onState, onPoll, shouldStop, pageDeputy }) {
  if (typeof window.io !== 'function') {
    const timer = setInterval(() => {
      if (shouldStop()) clearInterval(timer);
      else onPoll();
    }, POLL_MS);
    return { disconnect: () => clearInterval(timer) };
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
  return { disconnect: () => socket.disconnect() };
}
