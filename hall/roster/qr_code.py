"""The card's QR code as inline SVG (no image files, nothing from outside)."""

import re

import zxingcpp

QR_BORDER = 2  # modules of quiet zone inside the drawing; the card leaves white around it
_DARK_RUN = re.compile(rb"\x00+")  # zxing-cpp's image: 0 for a dark module, 255 for a light one


def qr_svg(url: str, label: str = "") -> str:
    """The card's QR code as inline SVG: one path of horizontal runs, sized by the page's CSS.

    zxing-cpp (C++) encodes it: about 1 ms a card, where the pure-Python qrcode package took
    25-30 ms, most of it trying the eight masks — 75 s for a hall's 3,000 cards.
    """
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, options="ecLevel=M")
    image = memoryview(code.to_image(scale=1, add_quiet_zones=False))
    size = image.shape[0]
    rows = image.tobytes()
    runs = []
    for y in range(size):
        top = y + QR_BORDER
        for run in _DARK_RUN.finditer(rows, y * size, (y + 1) * size):
            left, right = run.start() - y * size + QR_BORDER, run.end() - y * size + QR_BORDER
            runs.append(f"M{left},{top}H{right}V{top + 1}H{left}z")
    side = size + 2 * QR_BORDER
    aria = f' role="img" aria-label="{_attr(label)}"' if label else ' aria-hidden="true"'
    # No id, since a sheet holds many of them.
    return (
        f'<svg class="qr"{aria} xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}">'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    )


def _attr(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )
