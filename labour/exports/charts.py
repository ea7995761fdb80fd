"""Charts for the dashboard as plain SVG text (no plotting library): progress against target by division,
and the monthly trend of the year to date. Text is escaped; sizes are fixed so the PWA can inline them."""
from xml.sax.saxutils import escape

FONT = 'font-family="Noto Sans Tibetan, Noto Sans CJK SC, sans-serif"'
BAR = "#2f6f9f"
DONE = "#2e8b57"
TARGET = "#c0392b"
MUTED = "#666"


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title, {chr(34): "&quot;"})}">'
            f'<title>{escape(title)}</title>'
            f'<text x="10" y="22" {FONT} font-size="16" font-weight="bold">{escape(title)}</text>'
            + "".join(body) + "</svg>")


def _number(value: int | float) -> str:
    return f"{value:,}"


def progress_chart(*, title: str, rows: list[tuple[str, int, int | None]], target_label: str) -> str:
    """Horizontal bars: one per (label, value, target); the bar is the value, a red tick the target, and the
    percentage of the target is written at the end."""
    width, left, right, row_h = 760, 170, 120, 28
    height = 50 + row_h * max(len(rows), 1) + 30
    scale_max = max([max(v, t or 0) for _, v, t in rows] + [1])
    span = width - left - right
    body = []
    for i, (label, value, target) in enumerate(rows):
        y = 40 + i * row_h
        w = span * value / scale_max
        reached = target is not None and value >= target
        body.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" {FONT} font-size="13">{escape(label)}</text>')
        body.append(f'<rect x="{left}" y="{y + 4}" width="{w:.1f}" height="{row_h - 10}" '
                    f'fill="{DONE if reached else BAR}"/>')
        text = _number(value)
        if target:
            tx = left + span * target / scale_max
            body.append(f'<line x1="{tx:.1f}" y1="{y}" x2="{tx:.1f}" y2="{y + row_h - 2}" stroke="{TARGET}" '
                        f'stroke-width="2"/>')
            text += f" / {_number(target)} ({100 * value / target:.1f}%)"
        body.append(f'<text x="{left + w + 6:.1f}" y="{y + 17}" {FONT} font-size="12" fill="{MUTED}">'
                    f'{escape(text)}</text>')
    y = height - 14
    body.append(f'<line x1="{left}" y1="{y - 4}" x2="{left + 14}" y2="{y - 4}" stroke="{TARGET}" stroke-width="2"/>')
    body.append(f'<text x="{left + 20}" y="{y}" {FONT} font-size="12">{escape(target_label)}</text>')
    return _svg(width, height, title, body)


def trend_chart(*, title: str, months: list[tuple[str, int, int]], target: int | None, monthly_label: str,
                cumulative_label: str, target_label: str) -> str:
    """Bars for each month's figure and a line for the year to date, with the year's target as a dashed line."""
    width, height, left, bottom, top = 760, 360, 70, 60, 50
    plot_w, plot_h = width - left - 20, height - top - bottom
    scale_max = max([c for _, _, c in months] + [m for _, m, _ in months] + [target or 0, 1])
    step = plot_w / max(len(months), 1)
    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{MUTED}"/>']
    for fraction in (0.25, 0.5, 0.75, 1.0):
        y = top + plot_h * (1 - fraction)
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" {FONT} font-size="11" fill="{MUTED}">'
                    f'{escape(_number(round(scale_max * fraction)))}</text>')
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#ddd"/>')
    points = []
    for i, (label, monthly, cumulative) in enumerate(months):
        x = left + step * i
        h = plot_h * monthly / scale_max
        body.append(f'<rect x="{x + step * 0.2:.1f}" y="{top + plot_h - h:.1f}" width="{step * 0.6:.1f}" '
                    f'height="{h:.1f}" fill="{BAR}" opacity="0.6"/>')
        body.append(f'<text x="{x + step / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle" {FONT} '
                    f'font-size="11">{escape(label)}</text>')
        points.append(f"{x + step / 2:.1f},{top + plot_h * (1 - cumulative / scale_max):.1f}")
    if points:
        body.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{DONE}" stroke-width="2.5"/>')
    if target:
        y = top + plot_h * (1 - target / scale_max)
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{TARGET}" '
                    f'stroke-dasharray="6 4" stroke-width="2"/>')
    legend_y = height - 16
    body.append(f'<rect x="{left}" y="{legend_y - 10}" width="12" height="12" fill="{BAR}" opacity="0.6"/>')
    body.append(f'<text x="{left + 18}" y="{legend_y}" {FONT} font-size="12">{escape(monthly_label)}</text>')
    body.append(f'<line x1="{left + 220}" y1="{legend_y - 4}" x2="{left + 240}" y2="{legend_y - 4}" '
                f'stroke="{DONE}" stroke-width="2.5"/>')
    body.append(f'<text x="{left + 246}" y="{legend_y}" {FONT} font-size="12">{escape(cumulative_label)}</text>')
    body.append(f'<line x1="{left + 460}" y1="{legend_y - 4}" x2="{left + 480}" y2="{legend_y - 4}" '
                f'stroke="{TARGET}" stroke-dasharray="6 4" stroke-width="2"/>')
    body.append(f'<text x="{left + 486}" y="{legend_y}" {FONT} font-size="12">{escape(target_label)}</text>')
    return _svg(width, height, title, body)
