"""Helpers for the proposal tests: an open collection round, a visitor's phone, a proposal
sent the way the page sends it, and desk answers."""

from datetime import date, timedelta

from hall.proposals import guard

TODAY = date.today()


def round_body(**fields) -> dict:
    """An open collection round: three days in, four weeks to go."""
    return {
        "title": "2027年民生实事项目征集",
        "opens_on": (TODAY - timedelta(days=3)).isoformat(),
        "closes_on": (TODAY + timedelta(days=27)).isoformat(),
        "introduction": "请提出您身边的民生实事建议。",
        "areas": ["教育", "医疗", "养老", "交通"],
        **fields,
    }


def open_round(admin_client, **fields) -> dict:
    answer = admin_client.post("/api/v1/admin/proposal-round", json=round_body(**fields))
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


class Visitor:
    """A phone on the public page: it holds the device cookie and the page's form token."""

    def __init__(self, app, address: str = "10.0.0.1"):
        self.client = app.test_client()
        self.address = address
        self.round = self.get("/api/v1/public/round").get_json()

    def get(self, path):
        return self.client.get(path, environ_base={"REMOTE_ADDR": self.address})

    def post(self, path, body):
        return self.client.post(path, json=body, environ_base={"REMOTE_ADDR": self.address})

    def propose(self, title="幸福小区加装电梯", body=None, **fields):
        sent = {
            "area": "养老",
            "title": title,
            "body": body or f"{title}：老人上下楼困难，建议在幸福小区 3 幢加装电梯。",
            "reason": "小区老人多",
            "form_token": self.round["form_token"],
            **fields,
        }
        return self.post("/api/v1/public/proposals", sent)

    def support(self, proposal_id):
        return self.post(f"/api/v1/public/proposals/{proposal_id}/support", {})


def no_fill_wait(app):
    app.config["PROPOSAL_MIN_FILL_SECONDS"] = 0
    guard.reset()


def answer(admin_client, proposal_id, verdict="adopted", reason="纳入明年候选项目"):
    reply = admin_client.post(
        f"/api/v1/admin/proposals/{proposal_id}/answer", json={"answer": verdict, "reason": reason}
    )
    assert reply.status_code == 200, reply.get_json()
    return reply.get_json()
