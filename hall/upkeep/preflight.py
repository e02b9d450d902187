"""The preflight the IT staff runs the day before (`python run.py --check`): the database
reachable and migrated, Redis reachable when configured, the clock and the disk; each finding
in Chinese and English. The network's checks (port, public URL, LAN address) are in
hall/upkeep/preflight_net.py, and hall/upkeep/check.py runs them all.
"""

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from hall import migrations

MIN_FREE_BYTES = 1 << 30  # a day's sheets, audit and backups fit in far less: 1 GiB is ample
MAX_CLOCK_SKEW = 2.0  # seconds between this machine and the database's or Redis's clock


@dataclass(frozen=True)
class Finding:
    """One line of the preflight: ok or a problem, said in Chinese and English."""

    ok: bool
    zh: str
    en: str

    def line(self) -> str:
        mark = "[正常 OK  ]" if self.ok else "[问题 FAIL]"
        return f"{mark} {self.zh} / {self.en}"


def check_database(engine: sa.Engine) -> tuple[Finding, float | None]:
    """Reachable and at the code's revision; answers also the database's clock (epoch seconds,
    None on SQLite, whose clock is this machine's)."""
    try:
        revision = migrations.current(engine)
        clock = None
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                epoch = sa.text("SELECT extract(epoch FROM clock_timestamp())")
                clock = float(connection.execute(epoch).scalar())
    except sa.exc.SQLAlchemyError as error:
        reason = str(error.orig if getattr(error, "orig", None) else error).splitlines()[0]
        where = engine.url.render_as_string(hide_password=True)
        return Finding(False, f"数据库无法连接（{where}）", f"database unreachable: {reason}"), None
    head = migrations.head()
    if revision is None:
        return Finding(
            False,
            "数据库是空的（尚未建立数据表）：启动一次 run.py 即可建立",
            "the database is empty (no schema yet): start run.py once to create it",
        ), clock
    if revision != head:
        return Finding(
            False,
            f"数据库版本 {revision} 不是本程序的 {head}：启动一次 run.py 即可升级（会先备份）",
            f"database at revision {revision}, not {head}: run.py upgrades it at start",
        ), clock
    return Finding(True, f"数据库可连接，版本 {head}", f"database reachable, at {head}"), clock


def check_redis(url: str | None) -> tuple[Finding | None, float | None]:
    """Redis answers PING, when a message queue is configured; answers also Redis's clock."""
    if not url:
        return None, None
    import redis

    try:
        client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        client.ping()
        seconds, micros = client.time()
    except redis.RedisError as error:
        return Finding(
            False, f"Redis 无法连接（{url}）", f"Redis unreachable at {url}: {error}"
        ), None
    return Finding(True, f"Redis 可连接（{url}）", f"Redis reachable at {url}"), (
        seconds + micros / 1e6
    )


def check_clock(now: float, references: dict[tuple[str, str], float | None]) -> Finding:
    """This machine's clock is plausible and agrees with the database's and Redis's (several
    machines must agree on when a countdown ends)."""
    shown = datetime.fromtimestamp(now).astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
    year = datetime.fromtimestamp(now).year
    if not 2024 <= year <= 2100:
        return Finding(False, f"本机时钟不对：{shown}", f"this machine's clock is wrong: {shown}")
    for (zh, en), clock in references.items():
        if clock is not None and abs(clock - now) > MAX_CLOCK_SKEW:
            skew = clock - now
            return Finding(
                False,
                f"本机时钟与{zh}相差 {skew:+.1f} 秒：请校准时间（NTP）",
                f"this machine's clock is {skew:+.1f} s off {en}'s: set the time (NTP)",
            )
    return Finding(True, f"时钟：{shown}", f"clock: {shown}")


def check_disk(paths: list[Path], minimum: int = MIN_FREE_BYTES) -> Finding:
    """Free space where the database, backups and logs are written."""
    for path in paths:
        free = shutil.disk_usage(path).free
        if free < minimum:
            mib = free >> 20
            return Finding(
                False,
                f"磁盘空间不足：{path} 仅剩 {mib} MiB（至少需要 {minimum >> 20} MiB）",
                f"low disk space: {mib} MiB free at {path} (need {minimum >> 20} MiB)",
            )
    gib = min(shutil.disk_usage(path).free for path in paths) / (1 << 30)
    return Finding(True, f"磁盘剩余 {gib:.1f} GiB", f"disk: {gib:.1f} GiB free")


def data_paths(app) -> list[Path]:
    """The instance folder, and the SQLite file's folder when the database is one."""
    paths = [Path(app.instance_path)]
    url = sa.engine.make_url(app.config["DATABASE_URL"])
    if url.get_backend_name() == "sqlite" and url.database:
        paths.append(Path(url.database).resolve().parent)
    return [path for path in paths if path.exists()]
