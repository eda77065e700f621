"""Charts drawn on the server as SVG: no script, nothing from another origin (the CSP allows
neither). Presentation attributes only (fill, stroke): inline style= would be refused."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe

PALETTE = ["#0b57d0", "#1a7f37", "#c4231c", "#8a5a00", "#8250df", "#0a7d8c", "#bf3989", "#57606a", "#e16f24", "#4d7c0f"]
GREEN, RED = "#1a7f37", "#c4231c"
W, H, LEFT, BOTTOM, TOP = 720, 220, 40, 34, 10


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 50_000, 100_000):
        if value <= step * 4:
            return step * 4 if value > step * 2 else step * 2 if value > step else step
    return value


def stacked_bars(days: list[str], series: dict[str, dict[str, float]], title: str, colors: list[str] | None = None) -> str:
    """One bar per day, stacked by series (name -> {day: value}); a legend below."""
    names = list(series)
    palette = colors or PALETTE
    totals = [sum(series[n].get(d, 0) for n in names) for d in days]
    top = _nice_max(max(totals or [0]))
    plot_w, plot_h = W - LEFT - 8, H - BOTTOM - TOP
    bar = plot_w / max(len(days), 1)
    out = [f'<svg class="chart" viewBox="0 0 {W} {H + 18 * ((len(names) + 3) // 4)}" width="100%" role="img" aria-label="{escape(title)}">']
    for i in range(5):
        y = TOP + plot_h - plot_h * i / 4
        out.append(f'<line x1="{LEFT}" x2="{W - 8}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e9ee"/>')
        out.append(f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="10" fill="#656d76">{top * i / 4:g}</text>')
    for i, day in enumerate(days):
        base = 0.0
        for k, name in enumerate(names):
            v = series[name].get(day, 0)
            if not v:
                continue
            h = plot_h * v / top
            y = TOP + plot_h - plot_h * base / top - h
            out.append(f'<rect x="{LEFT + i * bar + 1:.1f}" y="{y:.1f}" width="{max(bar - 2, 1):.1f}" height="{h:.1f}" '
                       f'fill="{palette[k % len(palette)]}"><title>{escape(day)} · {escape(name)}: {v:g}</title></rect>')
            base += v
        if len(days) <= 14 or i % max(len(days) // 7, 1) == 0:
            out.append(f'<text x="{LEFT + i * bar + bar / 2:.1f}" y="{H - BOTTOM + 14}" text-anchor="middle" font-size="10" fill="#656d76">{escape(day[5:])}</text>')
    for k, name in enumerate(names):
        x, y = LEFT + (k % 4) * 170, H + 4 + 18 * (k // 4)
        out.append(f'<rect x="{x}" y="{y}" width="10" height="10" fill="{palette[k % len(palette)]}"/>'
                   f'<text x="{x + 14}" y="{y + 9}" font-size="11" fill="#1f2328">{escape(name)}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))


def hbars(rows: list[tuple[str, float]], title: str, unit: str = "") -> str:
    """Horizontal bars, one per (label, value), longest first as given."""
    rows = rows[:12]
    top = max([v for _l, v in rows] or [0]) or 1
    label_w, row_h = 190, 22
    height = row_h * len(rows) + 8
    out = [f'<svg class="chart" viewBox="0 0 {W} {height}" width="100%" role="img" aria-label="{escape(title)}">']
    for i, (label, value) in enumerate(rows):
        y = 4 + i * row_h
        width = (W - label_w - 70) * value / top
        out.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="11" fill="#1f2328">{escape(str(label)[:30])}</text>'
                   f'<rect x="{label_w}" y="{y + 3}" width="{max(width, 1):.1f}" height="{row_h - 8}" fill="{PALETTE[0]}"/>'
                   f'<text x="{label_w + width + 6:.1f}" y="{y + 14}" font-size="11" fill="#656d76">{value:g}{escape(unit)}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))
