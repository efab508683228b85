"""Charts drawn on the server as SVG: the tiles' sparklines on the pages (no JavaScript needed) and
the charts of the PDF report (WeasyPrint draws SVG, it runs no JavaScript). Every chart has its
table beside it on the page; the SVG carries a <title> for screen readers."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

GREEN, RED, GREY, BLUE = "#198754", "#b02a37", "#6c757d", "#0d6efd"


def _scale(values: list[float], low: float, high: float, size: float) -> list[float]:
    span = (high - low) or 1.0
    return [size - (value - low) / span * size for value in values]


def sparkline(values: list[float | None], *, title: str, width: int = 120, height: int = 32) -> SafeString:
    """A small trend line of the values (gaps where a value is missing); empty with under two."""
    known = [value for value in values if value is not None]
    if len(known) < 2:
        return mark_safe("")
    ys = _scale([value if value is not None else known[0] for value in values], min(known), max(known), height - 4)
    step = width / (len(values) - 1)
    points = " ".join(
        f"{index * step:.1f},{y + 2:.1f}"
        for index, (y, value) in enumerate(zip(ys, values, strict=True))
        if value is not None
    )
    return format_html(
        '<svg class="sparkline" role="img" width="{}" height="{}" viewBox="0 0 {} {}" xmlns="http://www.w3.org/2000/svg">'
        '<title>{}</title><polyline fill="none" stroke="{}" stroke-width="2" points="{}"/></svg>',
        width,
        height,
        width,
        height,
        title,
        BLUE,
        points,
    )


def bar_chart(
    rows: list[tuple[str, float | None, bool | None]], *, title: str, target: float | None = None, width: int = 520
) -> SafeString:
    """Horizontal bars, one per (label, value, met), longest first as given; a dashed line at the
    target. A missing value gets no bar and a dash."""
    bar, gap, label_width = 18, 6, 150
    height = len(rows) * (bar + gap) + gap
    known = [value for _label, value, _met in rows if value is not None]
    top = max([*known, target or 0, 1.0])
    plot = width - label_width - 60

    def colour(met):
        return GREEN if met else RED if met is False else GREY

    bars = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" font-size="11">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
        '<text x="{}" y="{}" font-size="11">{}</text>',
        (
            (
                label_width - 4,
                gap + index * (bar + gap) + bar - 5,
                label,
                label_width,
                gap + index * (bar + gap),
                f"{(value or 0) / top * plot:.1f}",
                bar,
                colour(met),
                label_width + (value or 0) / top * plot + 4,
                gap + index * (bar + gap) + bar - 5,
                f"{value:,.1f}" if value is not None else "—",
            )
            for index, (label, value, met) in enumerate(rows)
        ),
    )
    line = (
        format_html(
            '<line x1="{x}" y1="0" x2="{x}" y2="{h}" stroke="{c}" stroke-dasharray="4 3"/>',
            x=f"{label_width + target / top * plot:.1f}",
            h=height,
            c=GREY,
        )
        if target is not None
        else ""
    )
    return format_html(
        '<svg class="chart" role="img" width="{w}" height="{h}" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg">'
        "<title>{t}</title>{bars}{line}</svg>",
        w=width,
        h=height,
        t=title,
        bars=bars,
        line=line,
    )


def line_chart(
    points: list[tuple[str, float | None]],
    *,
    title: str,
    target: float | None = None,
    width: int = 520,
    height: int = 160,
) -> SafeString:
    """A trend line over labelled points (years or months), with the target dashed."""
    known = [value for _label, value in points if value is not None]
    if not known:
        return mark_safe("")
    low, high = min([*known, target if target is not None else known[0]]), max([*known, target or known[0]])
    low = min(low, 0.0)
    left, plot_height = 40, height - 30
    step = (width - left - 10) / max(len(points) - 1, 1)
    ys = _scale([value if value is not None else low for _label, value in points], low, high, plot_height)
    path = " ".join(
        f"{left + index * step:.1f},{y + 5:.1f}"
        for index, (y, (_l, value)) in enumerate(zip(ys, points, strict=True))
        if value is not None
    )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
        (
            (f"{left + index * step:.1f}", height - 4, label)
            for index, (label, _v) in enumerate(points)
            if len(points) <= 12 or index % 12 == 0
        ),
    )
    goal = ""
    if target is not None:
        y = _scale([target], low, high, plot_height)[0] + 5
        goal = format_html(
            '<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-dasharray="4 3"/>',
            left,
            width - 10,
            GREY,
            y=f"{y:.1f}",
        )
    return format_html(
        '<svg class="chart" role="img" width="{w}" height="{h}" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg">'
        '<title>{t}</title><text x="0" y="12" font-size="10">{hi}</text>'
        '<text x="0" y="{lo_y}" font-size="10">{lo}</text>'
        '{goal}<polyline fill="none" stroke="{c}" stroke-width="2" points="{path}"/>{labels}</svg>',
        w=width,
        h=height,
        t=title,
        hi=f"{high:,.0f}",
        lo=f"{low:,.0f}",
        lo_y=plot_height + 5,
        goal=goal,
        c=BLUE,
        path=path,
        labels=labels,
    )
