// The proposal page's help while typing: similar proposals already in, and 附议 instead of a
// duplicate. The form itself works without this script.
const title = document.getElementById("title");
const box = document.getElementById("similar");
const list = document.getElementById("similar-list");
let timer = null;
let asked = "";

async function lookUp() {
  const text = title.value.trim();
  if (text.length < 2 || text === asked) return;
  asked = text;
  const answer = await fetch(`/api/v1/public/proposals/similar?q=${encodeURIComponent(text)}`);
  if (!answer.ok || text !== asked) return;
  show((await answer.json()).proposals);
}

function show(proposals) {
  list.replaceChildren(...proposals.map(item));
  box.hidden = proposals.length === 0;
}

function item(proposal) {
  const row = document.createElement("li");
  const words = document.createElement("span");
  words.textContent = `${proposal.title}（${proposal.area}，附议 ${proposal.supports} 人）`;
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "附议";
  button.className = "support";
  button.addEventListener("click", () => support(proposal, button, words));
  row.append(words, button);
  return row;
}

async function support(proposal, button, words) {
  button.disabled = true;
  const answer = await fetch(`/api/v1/public/proposals/${proposal.id}/support`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: "{}",
  });
  const body = await answer.json();
  if (!answer.ok) {
    button.disabled = false;
    words.textContent = body.error ? body.error.message : "附议失败，请稍后再试";
    return;
  }
  button.textContent = body.new ? "已附议" : "已附议过";
  words.textContent = `${proposal.title}（${proposal.area}，附议 ${body.supports} 人）`;
}

if (title) {
  title.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(lookUp, 300);
  });
}
