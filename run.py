"""Start Hall: `python run.py [--demo] [--host 0.0.0.0] [--port 5000]`.

Creates the schema when needed, makes sure the admin account exists, optionally loads the demo
meeting into an empty database, prints where everything is, and serves on eventlet (or gevent
with --async-mode gevent) with the connection cap raised well above a hall's 3,000 phones.
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
    return parser.parse_args(argv)


def patch_for(async_mode: str) -> None:
    """Green the standard library before anything else imports it."""
    if async_mode == "eventlet":
        import warnings

        # DESIGN.md knows eventlet is in maintenance mode; the banner should not shout it.
        warnings.filterwarnings("ignore", message=".*Eventlet is deprecated.*")
        import eventlet

        eventlet.monkey_patch()
    else:
        from gevent import monkey

        monkey.patch_all()


def raise_file_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard == resource.RLIM_INFINITY else min(hard, 2 * MAX_CONNECTIONS)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def prepare(app, demo: bool, reset_password: bool) -> str | None:
    """Schema, admin account and demo data; answers a newly generated admin password."""
    from hall.admin.auth import ensure_admin
    from hall.db import create_schema, write_session
    from hall.demo import database_is_empty, load_demo

    with app.app_context():
        create_schema(app)
        password = ensure_admin(app, reset=reset_password)
        if demo:
            with write_session(app) as session:
                if database_is_empty(session):
                    load_demo(session, app.config["SECRET_KEY"])
    return password


def banner(app, password: str | None) -> str:
    from hall.db import session_factory
    from hall.public_url import public_url
    from hall.roll import current_meeting

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
            if meeting.is_demo:
                lines.append(f"  示例代表 demo cards: {public_url('/demo/cards', app)}")
        lines.append(f"  健康检查 health:     {public_url('/healthz', app)}")
        return "\n".join(lines) + "\n"


def serve(app, host: str, port: int, async_mode: str) -> None:
    from hall import start_live_pusher

    start_live_pusher(app)
    if async_mode == "gevent":
        serve_gevent(app, host, port)
        return
    import eventlet
    import eventlet.wsgi

    listener = eventlet.listen((host, port), backlog=LISTEN_BACKLOG)
    eventlet.wsgi.server(listener, app, max_size=MAX_CONNECTIONS, log_output=False)


def serve_gevent(app, host: str, port: int) -> None:
    """gevent's WSGI server with WebSockets, the same connection cap and listen backlog."""
    from gevent import pywsgi
    from gevent.pool import Pool

    try:  # gevent-websocket (requirements-dev.txt); else engine.io falls back to simple-websocket
        from geventwebsocket.handler import WebSocketHandler
    except ImportError:
        WebSocketHandler = pywsgi.WSGIHandler
    server = pywsgi.WSGIServer(
        (host, port),
        app,
        handler_class=WebSocketHandler,
        spawn=Pool(MAX_CONNECTIONS),  # gevent's default is unbounded; cap it like eventlet
        backlog=LISTEN_BACKLOG,  # gevent's default backlog is 128: a reconnect storm overflows it
        log=None,
    )
    server.serve_forever()


def main(argv=None) -> None:
    args = parse_args(argv)
    patch_for(args.async_mode)
    raise_file_limit()

    from hall import create_app

    app = create_app({"ASYNC_MODE": args.async_mode, "SERVER_PORT": args.port})
    if os.environ.get("HALL_BENCH_ECHO") == "1":  # scripts/bench.py's echo ceiling only
        from hall import bench_echo

        bench_echo.register()
    password = prepare(app, args.demo, args.reset_admin_password)
    print(banner(app, password), flush=True)
    serve(app, args.host, args.port, args.async_mode)


if __name__ == "__main__":
    main()
