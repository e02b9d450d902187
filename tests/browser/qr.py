"""Read a printed card's QR code (the inline SVG of /admin/cards' print page), as a phone's camera
does: modules from the SVG path, format and mask found against the qrcode package's own function
patterns, data read in the standard zigzag, blocks de-interleaved, segments decoded. No error
correction is needed: a drawn code has no damaged modules."""

import re

from qrcode import base, constants, util
from qrcode.main import QRCode

_RECT = re.compile(r"M([\d.]+),([\d.]+)H([\d.]+)V([\d.]+)H[\d.]+z")
_ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_LEVELS = (
    constants.ERROR_CORRECT_M,
    constants.ERROR_CORRECT_L,
    constants.ERROR_CORRECT_Q,
    constants.ERROR_CORRECT_H,
)


def _modules(svg: str) -> list[list[bool]]:
    """The dark modules of the path's 1×1 squares (or runs), without the quiet zone."""
    rects = [tuple(round(float(v)) for v in m) for m in _RECT.findall(svg)]
    assert rects, "no modules in the QR code's SVG"
    left = min(r[0] for r in rects)
    top = min(r[1] for r in rects)
    size = max(r[2] for r in rects) - left
    grid = [[False] * size for _ in range(size)]
    for x1, y1, x2, y2 in rects:
        for y in range(y1, y2):
            for x in range(x1, x2):
                grid[y - top][x - left] = True
    return grid


def _function_patterns(version: int, level: int, mask: int) -> list[list[bool | None]]:
    """Finder, timing, alignment, format (and version) modules; None where data goes."""
    code = QRCode(version=version, error_correction=level, border=0)
    code.modules_count = count = version * 4 + 17
    code.modules = [[None] * count for _ in range(count)]
    code.setup_position_probe_pattern(0, 0)
    code.setup_position_probe_pattern(count - 7, 0)
    code.setup_position_probe_pattern(0, count - 7)
    code.setup_position_adjust_pattern()
    code.setup_timing_pattern()
    code.setup_type_info(False, mask)
    if version >= 7:
        code.setup_type_number(False)
    return code.modules


def _layout(grid):
    """(version, level, mask, function patterns) whose fixed modules match the drawn ones."""
    version = (len(grid) - 17) // 4
    for level in _LEVELS:
        for mask in range(8):
            fixed = _function_patterns(version, level, mask)
            if all(
                cell is None or cell == grid[row][col]
                for row, cells in enumerate(fixed)
                for col, cell in enumerate(cells)
            ):
                return version, level, mask, fixed
    raise AssertionError("not a QR code: no format information matches")


def _data_bits(grid, fixed, mask: int) -> list[int]:
    """The data modules in placement order (QRCode.map_data's walk), unmasked."""
    count, bits = len(grid), []
    masked = util.mask_func(mask)
    row, step = count - 1, -1
    for col in range(count - 1, 0, -2):
        if col <= 6:
            col -= 1
        while 0 <= row < count:
            for c in (col, col - 1):
                if fixed[row][c] is None:
                    bits.append(int(grid[row][c] != bool(masked(row, c))))
            row += step
        row -= step
        step = -step
    return bits


def decode(svg: str) -> str:
    """The text a QR code drawn as SVG carries."""
    grid = _modules(svg)
    version, level, mask, fixed = _layout(grid)
    bits = _data_bits(grid, fixed, mask)
    codewords = [int("".join(map(str, bits[i : i + 8])), 2) for i in range(0, len(bits) - 7, 8)]
    blocks = base.rs_blocks(version, level)
    data: list[list[int]] = [[] for _ in blocks]
    at = 0
    for index in range(max(block.data_count for block in blocks)):
        for number, block in enumerate(blocks):
            if index < block.data_count:
                data[number].append(codewords[at])
                at += 1
    stream = "".join(f"{byte:08b}" for block in data for byte in block)

    def take(width: int) -> int:
        nonlocal stream
        value, stream = int(stream[:width], 2), stream[width:]
        return value

    text = ""
    while len(stream) >= 4:
        mode = take(4)
        if mode == 0:
            break
        length = take(util.length_in_bits(mode, version))
        if mode == util.MODE_8BIT_BYTE:
            text += bytes(take(8) for _ in range(length)).decode("utf-8")
        elif mode == util.MODE_ALPHA_NUM:
            for _ in range(length // 2):
                pair = take(11)
                text += _ALPHANUMERIC[pair // 45] + _ALPHANUMERIC[pair % 45]
            if length % 2:
                text += _ALPHANUMERIC[take(6)]
        elif mode == util.MODE_NUMBER:
            for _ in range(length // 3):
                text += f"{take(10):03d}"
            if length % 3:
                width = 4 if length % 3 == 1 else 7
                text += f"{take(width):0{length % 3}d}"
        else:
            raise AssertionError(f"QR mode {mode} not supported here")
    return text
