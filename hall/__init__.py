"""Hall: live voting and satisfaction rating for a people's congress session hall."""

from flask import Flask, jsonify, render_template

from hall.base.config import load_config
from hall.base.extensions import compress, csrf, socketio
from hall.base.ids import IdConverter
from hall.live.queue import QueueManager
from hall.live.socket_rooms import RoomIndexManager
from hall.projects.ballot_provenance import provenance_lines
from hall.roster.card_holder import holders
from hall.store import db
from hall.upkeep import schema_upgrade
from hall.voting.result_cache import results
from hall.web import headers as web_headers
from hall.web import request_limits, static_files, words
from hall.web.errors import register_error_handlers
from hall.web.proxies import TrustedProxyFix

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config, database, extensions, surfaces, and the live-state pusher."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=str(ROOT / "instance"),
        static_folder=str(ROOT / "static"),
        template_folder=str(ROOT / "templates"),
    )
    # Every `<int:…>` id in a route is 1..2^31-1: an id out of range is a 404, not a query.
    app.url_map.converters["int"] = IdConverter
    if test_config and test_config.get("INSTANCE_PATH"):
        app.instance_path = test_config["INSTANCE_PATH"]
    load_config(app, test_config)
    _trust_proxies(app)
    db.init_app(app)
    holders.clear()  # remembered cards, results and lines are the previous app's database's
    results.clear()
    provenance_lines.clear()
    app.cli.add_command(schema_upgrade.init_db_command)
    web_headers.init_app(app)
    csrf.init_app(app)
    compress.init_app(app)
    static_files.init_app(app)
    words.init_app(app)
    # The surfaces' Socket.IO handlers must be declared before init_app binds them.
    _register_surfaces(app)
    _bind_socketio(app)
    _share_limits(app)
    from hall.deputy.events import register_submit

    register_submit(app)
    from hall.supervision.register import listen_for_publication

    listen_for_publication()  # a published project vote fills the year's register
    register_error_handlers(app)
    request_limits.init_app(app)
    _add_small_routes(app)
    return app


def _share_limits(app: Flask) -> None:
    """The login throttle and the proposal limits count across processes through Redis."""
    from hall.admin.auth import throttle
    from hall.proposals import guard as proposal_guard

    for limits in (throttle, proposal_guard):
        limits.share(app.config["MESSAGE_QUEUE"], app.config["MESSAGE_QUEUE_CHANNEL"])


def _trust_proxies(app: Flask) -> None:
    proxies = int(app.config["TRUSTED_PROXIES"] or 0)
    if proxies:
        # Per-address limits (login, card codes) must see the phone, not the proxy; the
        # forwarded headers are believed only from the proxies' own addresses.
        addresses = app.config["TRUSTED_PROXY_ADDRESSES"]
        app.wsgi_app = TrustedProxyFix(app.wsgi_app, proxies, addresses)


def _bind_socketio(app: Flask) -> None:
    queue = app.config["MESSAGE_QUEUE"]
    socketio.server_options.pop("client_manager", None)  # not the previous app's (tests)
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=queue,
        cors_allowed_origins=None,
        # One process: rooms indexed per client (hall.live.socket_rooms); a queue brings its own.
        **_client_manager(queue, app.config["MESSAGE_QUEUE_CHANNEL"]),
    )


def _client_manager(queue: str | None, channel: str) -> dict:
    """Socket.IO's client manager: Redis through hall.live.queue (which knows when Redis is
    down), another queue as Flask-SocketIO makes it, or none: one process."""
    if not queue:
        return {"client_manager": RoomIndexManager()}
    if queue.startswith(("redis://", "rediss://")):
        return {"client_manager": QueueManager(queue, channel)}
    return {"channel": channel}


def _add_small_routes(app: Flask) -> None:
    @app.get("/")
    def landing():
        """Sends each person on: a deputy to the card, the desk to /admin/, screens to theirs."""
        return render_template("landing.html")

    @app.get("/favicon.ico")
    def favicon():
        return "", 204

    @app.get("/healthz")
    def healthz():
        return jsonify({"status": "ok"})


def _register_surfaces(app: Flask) -> None:
    from hall.admin import bp as admin_bp
    from hall.chair import bp as chair_bp
    from hall.deputy import bp as deputy_bp
    from hall.office import bp as office_bp
    from hall.public.progress import bp as public_progress_bp
    from hall.public.proposals import bp as public_proposals_bp
    from hall.screen import bp as screen_bp

    csrf.exempt(deputy_bp)
    app.register_blueprint(deputy_bp)
    app.register_blueprint(screen_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(chair_bp)
    csrf.exempt(public_proposals_bp)  # no login, no session: the form token stands in
    app.register_blueprint(public_proposals_bp)
    app.register_blueprint(office_bp)
    app.register_blueprint(public_progress_bp)


def start_live_pusher(app: Flask) -> None:
    """Start the background tasks (run.py does this once): the snapshot pusher, the ballot
    box's group-commit writer (hall.voting.writer), the watch on the ballots that paces
    the garbage collector and seals the box (hall.tasks.ballot_watch), and the one that ends /desk
    sockets whose desk session ended (hall.admin.desk_sockets)."""
    from hall.admin import desk_sockets
    from hall.live.state import live
    from hall.proposals.writer import writer as proposal_writer
    from hall.tasks import ballot_watch
    from hall.voting.writer import writer

    socketio.start_background_task(live.run, app)
    writer.start(app)
    proposal_writer.start(app)  # the public's proposals, committed together (问需于民)
    socketio.start_background_task(ballot_watch.run, app)
    socketio.start_background_task(desk_sockets.watch, app)
