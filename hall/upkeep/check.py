"""`python run.py --check`: every preflight check, printed one line each, and the exit status
(0 when all is well, 1 on any problem)."""

import time

import sqlalchemy as sa

from hall.upkeep.preflight import (
    Finding,
    check_clock,
    check_database,
    check_disk,
    check_redis,
    data_paths,
)
from hall.upkeep.preflight_net import check_lan, check_port_and_url


def run_checks(app, engine: sa.Engine, host: str, port: int) -> list[Finding]:
    """Every check, in the order the IT staff reads them."""
    database, database_clock = check_database(engine)
    redis_finding, redis_clock = check_redis(app.config.get("MESSAGE_QUEUE"))
    findings = [database]
    if redis_finding is not None:
        findings.append(redis_finding)
    findings += check_port_and_url(app, host, port)
    findings.append(check_lan(app))
    references = {("数据库", "the database"): database_clock, ("Redis", "Redis"): redis_clock}
    findings.append(check_clock(time.time(), references))
    findings.append(check_disk(data_paths(app)))
    return findings


def report(findings: list[Finding]) -> tuple[str, int]:
    """The text to print and the exit status."""
    problems = sum(not finding.ok for finding in findings)
    lines = ["Hall 部署检查 / preflight", ""] + [finding.line() for finding in findings] + [""]
    if problems:
        lines.append(f"发现 {problems} 个问题 / {problems} problem(s) found")
    else:
        lines.append("全部正常 / all checks passed")
    return "\n".join(lines) + "\n", 1 if problems else 0
