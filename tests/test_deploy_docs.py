"""docs/deploy/ as the operator uses it: the systemd units start run.py as run.py reads its
arguments, the environment file holds only Hall's settings, the units match nginx's upstream,
and tls.md's commands make a server certificate that its CA vouches for."""

import re
import shlex
import shutil
import subprocess

import pytest

from hall.base.config import ENVIRONMENT_KEYS
from run import parse_args
from tests.live_server import ROOT

DEPLOY = ROOT / "docs" / "deploy"


def unit_setting(text: str, key: str) -> list[str]:
    return [line.split("=", 1)[1] for line in text.splitlines() if line.startswith(f"{key}=")]


def test_the_unit_starts_run_py_with_arguments_it_reads():
    unit = (DEPLOY / "systemd" / "hall@.service").read_text()
    (command,) = unit_setting(unit, "ExecStart")
    words = shlex.split(command.replace("%i", "5001"))
    assert words[1] == "run.py"
    args = parse_args(words[2:])
    assert (args.host, args.port) == ("127.0.0.1", 5001)
    assert unit_setting(unit, "EnvironmentFile") == ["/etc/hall/hall.env"]


def test_the_environment_file_holds_only_halls_settings():
    lines = (DEPLOY / "systemd" / "hall.env").read_text().splitlines()
    keys = [line.split("=", 1)[0] for line in lines if line and not line.startswith("#")]
    assert keys, "the file sets something"
    assert {key.removeprefix("HALL_") for key in keys} <= set(ENVIRONMENT_KEYS)
    for needed in ("DATABASE_URL", "MESSAGE_QUEUE", "SECRET_KEY", "PUBLIC_URL", "TRUSTED_PROXIES"):
        assert f"HALL_{needed}" in keys


def test_the_target_starts_one_process_per_upstream_server():
    target = (DEPLOY / "systemd" / "hall.target").read_text()
    (wants,) = unit_setting(target, "Wants")
    ports = sorted(int(port) for port in re.findall(r"hall@(\d+)\.service", wants))
    site = (DEPLOY / "nginx" / "hall.conf").read_text()
    upstream = sorted(int(port) for port in re.findall(r"server 127\.0\.0\.1:(\d+) ", site))
    assert ports == upstream == [5001, 5002]


def test_the_tls_procedure_makes_a_certificate_the_ca_vouches_for(tmp_path):
    if shutil.which("openssl") is None:
        pytest.fail("openssl not found")
    text = (DEPLOY / "tls.md").read_text()
    (block,) = re.findall(r"```sh\n(.*?)```", text, re.DOTALL)
    subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=tmp_path, check=True)
    verified = subprocess.run(
        ["openssl", "verify", "-CAfile", "hall-ca.crt", "hall.crt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert verified.stdout.strip() == "hall.crt: OK", verified.stderr
    shown = subprocess.run(
        ["openssl", "x509", "-in", "hall.crt", "-noout", "-text"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "DNS:hall.lan" in shown and "IP Address:192.168.10.5" in shown
    assert "TLS Web Server Authentication" in shown
