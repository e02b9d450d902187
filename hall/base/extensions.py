"""Extension objects, created once here and bound to the app in the factory."""

from flask_compress import Compress
from flask_socketio import SocketIO
from flask_wtf.csrf import CSRFProtect

socketio = SocketIO()
csrf = CSRFProtect()
compress = Compress()  # phones on weak Wi-Fi: text goes out gzip/brotli-compressed
