"""Histograms of grading analytics as small figures for the instructor's pages: SVG text to embed
inline in HTML (self-contained: glyphs drawn as paths, no font, link or URL to fetch) and PNG.

Drawn with ``matplotlib.figure.Figure`` on the Agg/SVG canvases, never pyplot, so no figure is
left in a global registry. Renderings are cached by the binned counts (not the raw values):
the same class's page drawn twice costs the binning only.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import re
import threading
from collections.abc import Sequence
from functools import lru_cache

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from autograder.grading.analytics import Histogram, Numbers, histogram

_RC_LOCK = threading.Lock()
_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_ID_USE = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def histogram_svg(
    values: Numbers,
    max_value: float,
    *,
    bins: int = 10,
    title: str = "",
    xlabel: str = "score",
    ylabel: str = "students",
) -> str:
    """The histogram of ``values`` over [0, max_value] as inline SVG text, with an SVG <title>
    (the figure's title and what it counts) for screen readers."""
    counts = histogram(values, max_value, bins=bins)
    return histogram_svg_of(counts, title=title, xlabel=xlabel, ylabel=ylabel)


def histogram_png(
    values: Numbers,
    max_value: float,
    *,
    bins: int = 10,
    title: str = "",
    xlabel: str = "score",
    ylabel: str = "students",
) -> bytes:
    """The histogram of ``values`` over [0, max_value] as PNG bytes (for downloads, mail)."""
    counts = histogram(values, max_value, bins=bins)
    return histogram_png_of(counts, title=title, xlabel=xlabel, ylabel=ylabel)


def histogram_svg_of(
    counts: Histogram, *, title: str = "", xlabel: str = "score", ylabel: str = "students"
) -> str:
    """An already binned histogram (e.g. ``QuestionAnalytics.histogram``) as inline SVG text.
    Its ids are derived from its content: two identical figures on one page share them."""
    return _svg(counts.edges, counts.counts, (title, xlabel, ylabel))


def histogram_png_of(
    counts: Histogram, *, title: str = "", xlabel: str = "score", ylabel: str = "students"
) -> bytes:
    """An already binned histogram as PNG bytes."""
    return _png(counts.edges, counts.counts, (title, xlabel, ylabel))


def describe(
    edges: Sequence[float], counts: Sequence[int], title: str = "", *, what: str = "values"
) -> str:
    """A text equivalent of the histogram: its title, how many values and over which range."""
    head = title or "Histogram"
    return f"{head}: {sum(counts)} {what} in {len(counts)} bins from {edges[0]:g} to {edges[-1]:g}"


Labels = tuple[str, str, str]
"""A figure's title, x label and y label."""


def _figure(edges: tuple[float, ...], counts: tuple[int, ...], labels: Labels) -> Figure:
    title, xlabel, ylabel = labels
    fig = Figure(figsize=(4.0, 2.4), dpi=100)  # a fixed layout: constrained costs 50 ms
    fig.subplots_adjust(left=0.14, right=0.97, bottom=0.19, top=0.88 if title else 0.95)
    ax = fig.add_subplot()
    widths = [b - a for a, b in itertools.pairwise(edges)]
    ax.bar(edges[:-1], counts, width=widths, align="edge", color="#4c72b0", edgecolor="white")
    ax.set_xlim(edges[0], edges[-1])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 2.5 students
    ax.set_xlabel(xlabel, fontsize=8)
    ax.set_ylabel(ylabel, fontsize=8)
    ax.tick_params(labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title, fontsize=9)
    return fig


@lru_cache(maxsize=256)
def _svg(edges: tuple[float, ...], counts: tuple[int, ...], labels: Labels) -> str:
    fig = _figure(edges, counts, labels)
    buffer = io.StringIO()
    # text as paths (no font to fetch), stable ids; set only while saving, under a lock
    with _RC_LOCK, matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "ag"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = _METADATA.sub("", _PROLOG.sub("", buffer.getvalue(), count=1), count=1)
    label = describe(edges, counts, labels[0], what=labels[2])
    key = hashlib.sha1(f"{edges}{counts}{labels}".encode(), usedforsecurity=False).hexdigest()
    ident = f"hist-{key[:12]}"
    # ids unique to this figure: several figures inline on one page must not share one
    svg = _ID_USE.sub(lambda m: f"{m.group(1)}{ident}-{m.group(2)}", svg)
    # Matplotlib's style sheet says "*{...}": inline in HTML it would reach the whole page
    svg = svg.replace('<style type="text/css">*{', f'<style type="text/css">#{ident} *{{', 1)
    opening = _SVG_OPEN.search(svg)
    if opening is None:
        raise RuntimeError("histogram_svg: Matplotlib wrote no <svg> element")
    tag = opening.group(0)[:-1] + f' id="{ident}" role="img" aria-labelledby="{ident}-title">'
    titled = f'{tag}\n <title id="{ident}-title">{html.escape(label)}</title>'
    return svg[: opening.start()] + titled + svg[opening.end() :]


@lru_cache(maxsize=64)
def _png(edges: tuple[float, ...], counts: tuple[int, ...], labels: Labels) -> bytes:
    buffer = io.BytesIO()
    _figure(edges, counts, labels).savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
