"""`python run.py --demo` on a fresh database: the banner says where everything is, and it works."""

import re

import requests

from tests.live_server import live_server


def test_the_demo_starts_with_a_printed_password_screen_and_cards(tmp_path, monkeypatch):
    monkeypatch.delenv("HALL_ADMIN_PASSWORD", raising=False)
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    with live_server(url, tmp_path, "--demo", env={"HALL_SECRET_KEY": "demo-key"}) as server:
        banner = server.output()
        password = re.search(r"admin password: (\S+)", banner).group(1)
        screen_url = re.search(r"screen:\s+(\S+)", banner).group(1)
        cards_url = re.search(r"demo cards: (\S+)", banner).group(1)
        chair_url = re.search(r"chair:\s+(\S+)", banner).group(1)
        assert "/chair?key=" in chair_url and requests.get(chair_url).status_code == 200

        desk = requests.Session()
        assert desk.post(f"{server.url}/api/v1/admin/login", json={"password": password}).ok
        overview = desk.get(f"{server.url}/api/v1/admin/overview").json()
        assert overview["meeting"]["demo"] is True
        assert overview["roll"]["expected"] == 230
        assert [(b["kind"], b["items"], b["state"]) for b in overview["ballots"]] == [
            ("project_vote", 15, "draft"),
            ("rating", 10, "draft"),
        ]

        screen_page = requests.get(screen_url)
        key = screen_url.split("key=")[1]
        assert screen_page.status_code == 200 and f'data-screen-key="{key}"' in screen_page.text
        links = re.findall(r'href="(http[^"]+/d/[^"]+)"', requests.get(cards_url).text)
        assert len(links) == 230
        phone = requests.Session()
        assert phone.get(links[0]).url.endswith("/phone")
        me = phone.get(f"{server.url}/api/v1/me").json()
        assert me["meeting"]["demo"] and me["deputy"]["name"]

    # A second start on the same database keeps the data and does not print a new password.
    with live_server(url, tmp_path, "--demo", env={"HALL_SECRET_KEY": "demo-key"}) as again:
        assert "admin password: 见首次启动输出" in again.output()
        relogin = requests.post(f"{again.url}/api/v1/admin/login", json={"password": password})
        assert relogin.ok
