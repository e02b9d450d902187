"""The register fills itself when a project vote is published: a re-vote's publication adds the
places it settled; a rehearsal's publication adds nothing."""

from hall.voting.receipts import new_receipt


def cast(app, voters, ballot, sheets) -> None:
    for (_, token), approve in zip(voters, sheets, strict=True):
        client = app.test_client()
        client.get(f"/d/{token}")
        sheet = {"receipt": new_receipt(), "sheet": {"approve": approve}}
        assert client.post(f"/api/v1/ballots/{ballot}/sheets", json=sheet).status_code == 201


def registered(admin_client) -> list[str]:
    return [p["name"] for p in admin_client.get("/api/v1/admin/register").get_json()["projects"]]


def test_a_published_revote_adds_the_place_it_settled(app, factory, admin_client):
    meeting = factory.meeting()
    voters = factory.deputies(meeting, 5)
    ballot = factory.ballot(meeting, candidates=4, places=2)
    a, b, c, _ = factory.item_ids(ballot)
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    # a is chosen (4 of 5); b and c (3 each) tie for the place left.
    cast(app, voters, ballot, ([a, b], [a, b], [a, c], [a, c], [b, c]))
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/publish")
    assert registered(admin_client) == ["候选项目1"]
    revote = admin_client.post(f"/api/v1/admin/ballots/{ballot}/revote").get_json()["id"]
    admin_client.post(f"/api/v1/admin/ballots/{revote}/open")
    cast(app, voters, revote, ([c], [c], [c], [b], [b]))
    admin_client.post(f"/api/v1/admin/ballots/{revote}/close")
    assert registered(admin_client) == ["候选项目1"]  # closed, not yet published
    admin_client.post(f"/api/v1/admin/ballots/{revote}/publish")
    assert registered(admin_client) == ["候选项目1", "候选项目3"]


def test_a_rehearsal_publication_leaves_the_register_empty(app, factory, admin_client):
    meeting = factory.meeting()
    voters = factory.deputies(meeting, 3)
    assert admin_client.post("/api/v1/admin/rehearsal", json={"on": True}).status_code == 200
    ballot = factory.ballot(meeting, candidates=3, places=1)
    first, *_ = factory.item_ids(ballot)
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    cast(app, voters, ballot, ([first], [first], [first]))
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    published = admin_client.post(f"/api/v1/admin/ballots/{ballot}/publish")
    assert published.status_code == 200 and published.get_json()["state"] == "published"
    assert registered(admin_client) == []
