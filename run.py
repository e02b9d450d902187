"""Start Hall: `python run.py [--demo] [--host 0.0.0.0] [--port 5000]`; or copy the database
with `--backup FILE`, or put a copy back with `--restore FILE`, and exit; or check that
everything is ready with `--check` (hall/upkeep/check.py) and exit, non-zero on a problem.

Creates or upgrades the schema (keeping a copy of an older database first), makes sure the
admin account exists, optionally loads the demo meeting into an empty database, prints where
everything is, and serves on eventlet (or gevent with --async-mode gevent) with the connection
cap raised well above a hall's 3,000 phones, and a timeout (SOCKET_TIMEOUT) on idle
connections and on requests that stop coming.
"""

import argparse
import os
import resource

MAX_CONNECTIONS = 10_000
LISTEN_BACKLOG = 4096


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Hall 会场票决与满意度测评系统")
    parser.add_argument("--host", default="0.0.0.0", help="listen address (default 0.0.0.0)")
    parser.add_argument("--port", type=int, default=5000, help="listen port (default 5000)")
    parser.add_argument("--demo", action="store_true", help="load the demo meeting if empty")
    parser.add_argument("--async-mode", choices=("eventlet", "gevent"), default="eventlet")
    parser.add_argument(
        "--reset-admin-password", action="store_true", help="generate a new admin password"
    )
    copies = parser.add_mutually_exclusive_group()
    copies.add_argument("--backup", metavar="FILE", help="备份: copy the database to FILE, exit")
    copies.add_argument("--restore", metavar="FILE", help="恢复: replace the database, exit")
    copies.add_argument("--check", action="store_true", help="部署检查: preflight, then exit")
    return parser.parse_args(argv)


def patch_for(async_mode: str) -> None:
    """Green the standard library before anything else imports it."""
    if async_mode == "eventlet":
        import warnings

        # DESIGN.md knows eventlet is in maintenance mode; the banner should not shout it.
        # The message starts with a newline, which ".*" does not cross.
        warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
        import eventlet

        eventlet.monkey_patch()
    else:
        from gevent import monkey

        monkey.patch_all()


def log_to_terminal() -> None:
    """Hall's own lines (desk actions, refusals, errors), one line each, on stderr: JSON with
    HALL_LOG_JSON=1 (instance/config.py's LOG_JSON is read once the app exists)."""
    from hall.base.logs import flag
    from hall.base.logs import log_to_terminal as configure

    configure(as_json=flag(os.environ.get("HALL_LOG_JSON")))


def raise_file_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard == resource.RLIM_INFINITY else min(hard, 2 * MAX_CONNECTIONS)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def prepare(app, demo: bool, reset_password: bool) -> str | None:
    """Admin account and demo data; answers a newly generated admin password."""
    from hall.admin.auth import ensure_admin
    from hall.demo.load import database_is_empty, load_demo
    from hall.store.db import write_session

    with app.app_context():
        password = ensure_admin(app, reset=reset_password)
        if demo:
            with write_session(app) as session:
                if database_is_empty(session):
                    load_demo(session, app.config["SECRET_KEY"])
    return password


def banner(app, password: str | None, notes: list[str] = ()) -> str:
    from hall.base.public_url import public_url
    from hall.chair.access import chair_key
    from hall.meeting.roll import current_meeting
    from hall.store.db import session_factory

    with app.app_context(), session_factory(app)() as session:
        meeting = current_meeting(session)
        lines = ["", "Hall 已启动 / Hall is running", ""]
        lines.append(f"  秘书处 secretariat: {public_url('/admin/', app)}")
        if password:
            lines.append(f"  管理员密码 admin password: {password}   (只显示这一次 / shown once)")
        elif not app.config.get("ADMIN_PASSWORD"):
            lines.append("  管理员密码 admin password: 见首次启动输出，或 --reset-admin-password")
        if meeting is None:
            lines.append("  尚未建立会议：登录秘书处后台，先「新建会议」/ first: create a meeting")
        else:
            lines.append(
                f"  大屏 screen:        {public_url('/screen?key=' + meeting.screen_key, app)}"
            )
            chair = public_url("/chair?key=" + chair_key(meeting), app)
            lines.append(f"  主持人屏 chair:     {chair}")
            if meeting.is_demo:
                lines.append(f"  示例代表 demo cards: {public_url('/demo/cards', app)}")
        lines.append(f"  健康检查 health:     {public_url('/healthz', app)}")
        lines += [f"  {note}" for note in notes]
        return "\n".join(lines) + "\n"


def open_database(app) -> list[str]:
    """The schema brought to the code's (an older database copied first) and the database held
    for this server, so that a restore refuses meanwhile: lines for the banner. A refusal ends
    the start with its reason."""
    from hall.store.db import session_factory
    from hall.upkeep.backup import Refused
    from hall.upkeep.schema_upgrade import open_for_server

    try:
        note = open_for_server(session_factory(app).kw["bind"], app.instance_path)
    except Refused as refusal:
        raise SystemExit(f"\n{refusal}\n") from None
    return [note] if note else []


def copy_database(args) -> str:
    """--backup FILE or --restore FILE, without starting the server; a refusal exits with its
    reason."""
    from pathlib import Path

    from hall import create_app
    from hall.store.db import session_factory
    from hall.upkeep.backup import Refused, backup
    from hall.upkeep.restore import restore

    app = create_app({"ASYNC_MODE": "threading"})
    engine = session_factory(app).kw["bind"]
    try:
        if args.backup:
            return backup(engine, Path(args.backup))
        return restore(engine, Path(args.restore), app.instance_path)
    except Refused as refusal:
        raise SystemExit(f"\n{refusal}\n") from None


def preflight(args) -> int:
    """--check: print every finding; answers the exit status."""
    from hall import create_app
    from hall.store.db import session_factory
    from hall.upkeep.check import report, run_checks

    app = create_app({"ASYNC_MODE": "threading", "SERVER_PORT": args.port})
    findings = run_checks(app, session_factory(app).kw["bind"], args.host, args.port)
    text, status = report(findings)
    print(text, end="")
    return status


def serve(app, host: str, port: int, async_mode: str) -> None:
    from hall import start_live_pusher

    start_live_pusher(app)
    if async_mode == "gevent":
        serve_gevent(app, host, port)
        return
    import eventlet
    import eventlet.wsgi

    timeout = float(app.config["SOCKET_TIMEOUT"])
    listener = eventlet.listen((host, port), backlog=LISTEN_BACKLOG)
    eventlet.wsgi.server(
        listener,
        untimed_websockets(app),
        max_size=MAX_CONNECTIONS,
        log_output=False,
        keepalive=timeout,  # an idle connection, between requests or before the first
        socket_timeout=timeout,  # a request whose headers or body stop coming
    )


def opens_socketio_websocket(environ) -> bool:
    """Whether the request opens a Socket.IO WebSocket (exempt from the socket timeout)."""
    upgrade = environ.get("HTTP_UPGRADE", "").lower()
    return upgrade == "websocket" and environ.get("PATH_INFO", "").startswith("/socket.io")


def untimed_websockets(app):
    """Lift eventlet's socket timeout from a Socket.IO WebSocket once its request has arrived:
    an idle phone sends nothing between pings (every 25 s), and Engine.IO's own ping timeout
    closes a phone that stops answering."""

    def serve_request(environ, start_response):
        if opens_socketio_websocket(environ):
            environ["eventlet.input"].get_socket().settimeout(None)
        return app(environ, start_response)

    return serve_request


def serve_gevent(app, host: str, port: int) -> None:
    """gevent's WSGI server with WebSockets, the same connection cap, listen backlog and
    timeouts."""
    from gevent import pywsgi
    from gevent.pool import Pool

    try:  # gevent-websocket (requirements-dev.txt); else engine.io falls back to simple-websocket
        from geventwebsocket.handler import WebSocketHandler
    except ImportError:
        WebSocketHandler = pywsgi.WSGIHandler

    timeout = float(app.config["SOCKET_TIMEOUT"])

    class TimedHandler(WebSocketHandler):
        """gevent's server has no timeouts of its own: the connection's socket gets one, lifted
        for a Socket.IO WebSocket as on eventlet."""

        def handle(self):
            self.socket.settimeout(timeout)
            super().handle()

        def run_application(self):
            if opens_socketio_websocket(self.environ):
                self.socket.settimeout(None)
            super().run_application()

        def _handle_client_error(self, error):
            if isinstance(error, TimeoutError):  # headers that stopped coming: just close
                return None
            return super()._handle_client_error(error)

    server = pywsgi.WSGIServer(
        (host, port),
        app,
        handler_class=TimedHandler,
        spawn=Pool(MAX_CONNECTIONS),  # gevent's default is unbounded; cap it like eventlet
        backlog=LISTEN_BACKLOG,  # gevent's default backlog is 128: a reconnect storm overflows it
        log=None,
    )
    server.serve_forever()


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.check:
        raise SystemExit(preflight(args))
    if args.backup or args.restore:
        print(copy_database(args))
        return
    patch_for(args.async_mode)
    raise_file_limit()
    log_to_terminal()

    from hall import create_app
    from hall.base.logs import flag
    from hall.base.logs import log_to_terminal as configure_logs

    app = create_app({"ASYNC_MODE": args.async_mode, "SERVER_PORT": args.port})
    if flag(app.config["LOG_JSON"]):
        configure_logs(as_json=True)
    if os.environ.get("HALL_BENCH_ECHO") == "1":  # scripts/bench.py's echo ceiling only
        from hall.web import bench_echo

        bench_echo.register()
    notes = open_database(app)
    password = prepare(app, args.demo, args.reset_admin_password)
    print(banner(app, password, notes), flush=True)
    serve(app, args.host, args.port, args.async_mode)


if __name__ == "__main__":
    main()
