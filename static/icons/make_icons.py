"""Draw the app icons once (no image library needed): python static/icons/make_icons.py.

A white briefcase on the brand red; ``maskable`` fills the whole square and keeps the picture inside the
central safe circle (40% radius), ``any`` has rounded corners and a transparent outside.
"""
import struct
import zlib
from pathlib import Path

RED, WHITE, CLEAR = (138, 28, 28, 255), (255, 255, 255, 255), (0, 0, 0, 0)


def inside_rounded(x, y, x0, y0, x1, y1, r):
    if not (x0 <= x <= x1 and y0 <= y <= y1):
        return False
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def briefcase(u, v, scale):
    """True where the briefcase is white; u, v in 0..1 of the picture box, centred, scaled."""
    u, v = (u - 0.5) / scale + 0.5, (v - 0.5) / scale + 0.5
    body = inside_rounded(u, v, 0.18, 0.34, 0.82, 0.78, 0.06)
    band = 0.52 <= v <= 0.56 and 0.18 <= u <= 0.82
    lock = inside_rounded(u, v, 0.45, 0.49, 0.55, 0.59, 0.02)
    handle = inside_rounded(u, v, 0.38, 0.22, 0.62, 0.36, 0.05) and not inside_rounded(u, v, 0.43, 0.27, 0.57, 0.36, 0.02)
    return (body and not band) or handle or lock


def draw(size, maskable):
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            u, v = (x + 0.5) / size, (y + 0.5) / size
            if not maskable and not inside_rounded(u, v, 0.0, 0.0, 1.0, 1.0, 0.18):
                pixel = CLEAR
            elif briefcase(u, v, 0.62 if maskable else 0.8):
                pixel = WHITE
            else:
                pixel = RED
            row.extend(pixel)
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def png(size, raw):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    here = Path(__file__).parent
    (here / "icon-192.png").write_bytes(draw(192, False))
    (here / "icon-512.png").write_bytes(draw(512, False))
    (here / "maskable-512.png").write_bytes(draw(512, True))
