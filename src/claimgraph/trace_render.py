"""Drawing provenance graphs: PNG/SVG (matplotlib), a self-contained interactive HTML page,
GraphML/GEXF (Gephi, Cytoscape, yEd) and DOT (Graphviz). The file suffix picks the format.

The layout is layered left to right: claims -> evidence -> sources -> people/organisations ->
intake -> software agent; within a layer nodes are ordered by label, so drawings are stable.
"""

from __future__ import annotations

import html
import json
import textwrap
from pathlib import Path
from typing import Any

import networkx as nx

from .errors import OutputError
from .export import write_atomic
from .trace import LAYERS, chain_subgraph

COLOURS = {
    "claim": "#1f77b4",
    "document": "#aec7e8",
    "evidence": "#ff7f0e",
    "source": "#2ca02c",
    "person": "#d62728",
    "organisation": "#9467bd",
    "product": "#c5b0d5",
    "intake": "#8c564b",
    "agent": "#7f7f7f",
}
SUFFIXES = (".png", ".svg", ".html", ".graphml", ".gexf", ".dot")

Positions = dict[str, tuple[float, float]]


def layered_layout(g: nx.MultiDiGraph) -> Positions:  # type: ignore[type-arg]
    """x by layer, y by label order within the layer (top to bottom)."""
    layers: dict[int, list[str]] = {}
    for node, data in g.nodes(data=True):
        layers.setdefault(LAYERS.get(data["type"], 6), []).append(node)
    tallest = max((len(v) for v in layers.values()), default=1)
    pos: Positions = {}
    for layer, nodes in layers.items():
        nodes.sort(key=lambda n: (g.nodes[n]["type"], g.nodes[n]["label"], n))
        offset = (tallest - len(nodes)) / 2
        for i, node in enumerate(nodes):
            pos[node] = (float(layer), -(offset + i))
    return pos


def _wrap(text: str, width: int = 26, lines: int = 4) -> str:
    wrapped = textwrap.wrap(text, width) or [""]
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], wrapped[lines - 1][: width - 1] + "…"]
    return "\n".join(wrapped)


def draw_figure(g: nx.MultiDiGraph, path: Path, *, title: str = "") -> None:  # type: ignore[type-arg]
    """A PNG or SVG drawing (by suffix) of ``g``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    pos = layered_layout(g)
    layers = max((x for x, _ in pos.values()), default=0) + 1
    tallest = max((-y for _, y in pos.values()), default=0) + 1
    fig, ax = plt.subplots(figsize=(2.6 * layers + 2, max(5.0, 1.4 * tallest + 1.5)))
    for a, b, data in g.edges(data=True):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        weight = float(data.get("weight") or data.get("score") or 0.3)
        style = "--" if data.get("method") == "inferred" else "-"
        ax.annotate(
            "",
            xy=(x2, y2),
            xytext=(x1, y1),
            arrowprops={
                "arrowstyle": "-|>",
                "lw": 0.6 + 3 * weight,
                "ls": style,
                "color": "#999999",
                "shrinkA": 18,
                "shrinkB": 18,
            },
        )
    for node, data in g.nodes(data=True):
        x, y = pos[node]
        label, lines = data["label"], 4
        if data["type"] == "evidence":  # the whole quote, as far as it goes
            shown = f"{data['weight']:.2f} " if "weight" in data else ""
            label, lines = f"[{shown}{data.get('method', '')}] {data['text']}", 9
        elif data["type"] == "claim":
            score = f" (support {data['supportScore']:.2f})" if "supportScore" in data else ""
            label, lines = data["text"] + score, 6
        ax.text(
            x,
            y,
            _wrap(label, 30, lines),
            ha="center",
            va="center",
            fontsize=7,
            color="white",
            bbox={
                "boxstyle": "round,pad=0.4",
                "fc": COLOURS.get(data["type"], "#333"),
                "ec": "none",
            },
        )
    used = sorted({d["type"] for _, d in g.nodes(data=True)}, key=lambda t: LAYERS.get(t, 9))
    ax.legend(
        handles=[
            Line2D([0], [0], marker="s", ls="", color=COLOURS[t], markersize=9, label=t)
            for t in used
        ],
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=8,
        frameon=False,
    )
    ax.set_xlim(-0.6, layers - 0.4)
    ax.set_ylim(-tallest + 0.4, 0.6)
    ax.axis("off")
    if title:
        ax.set_title(_wrap(title, 120, 2), fontsize=9)
    fig.tight_layout()
    fmt = path.suffix.lstrip(".").lower()
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        fig.savefig(tmp, format=fmt, dpi=150, metadata=_stable_metadata(fmt))
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {exc}") from exc
    finally:
        plt.close(fig)


def _stable_metadata(fmt: str) -> dict[str, Any]:
    """No creation dates or software versions in the file, so drawings diff cleanly."""
    if fmt == "png":
        return {"Software": None}
    if fmt == "svg":
        return {"Date": None, "Creator": None}
    return {}


def _plain(g: nx.MultiDiGraph) -> nx.MultiDiGraph:  # type: ignore[type-arg]
    """A copy with only str/int/float attributes, as GraphML and GEXF want them."""
    out: nx.MultiDiGraph = nx.MultiDiGraph()  # type: ignore[type-arg]
    for node, data in g.nodes(data=True):
        out.add_node(node, **{k: v for k, v in data.items() if isinstance(v, str | int | float)})
    for a, b, key, data in g.edges(keys=True, data=True):
        out.add_edge(
            a, b, key=key, **{k: v for k, v in data.items() if isinstance(v, str | int | float)}
        )
    return out


def write_graph(g: nx.MultiDiGraph, path: Path, *, title: str = "") -> None:  # type: ignore[type-arg]
    """Write ``g`` in the format its suffix names (see :data:`SUFFIXES`)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise OutputError(
            f"{path}: unknown drawing format {suffix!r}; expected one of {', '.join(SUFFIXES)}"
        )
    if suffix in (".png", ".svg"):
        draw_figure(g, path, title=title)
    elif suffix == ".html":
        write_atomic(path, html_page(g, title=title).encode("utf-8"))
    elif suffix == ".graphml":
        write_atomic(path, "\n".join(nx.generate_graphml(_plain(g))).encode("utf-8"))
    elif suffix == ".gexf":
        write_atomic(path, "\n".join(nx.generate_gexf(_plain(g))).encode("utf-8"))
    else:
        write_atomic(path, dot_text(g).encode("utf-8"))


def dot_text(g: nx.MultiDiGraph) -> str:  # type: ignore[type-arg]
    """Graphviz DOT, through pydot; nodes renamed n0, n1, ... (IRIs kept as an attribute)."""
    names = {node: f"n{i}" for i, node in enumerate(sorted(g.nodes))}
    plain = _plain(g)
    out: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    out.graph["graph"] = {"rankdir": "LR"}
    for node, data in plain.nodes(data=True):
        out.add_node(
            names[node],
            label=json.dumps(data["label"]),
            iri=json.dumps(node),
            shape="box",
            style="filled",
            fillcolor=json.dumps(COLOURS[data["type"]]),
        )
    for a, b, key, _ in plain.edges(keys=True, data=True):
        out.add_edge(names[a], names[b], label=json.dumps(key))
    return str(nx.nx_pydot.to_pydot(out).to_string())


def html_page(g: nx.MultiDiGraph, *, title: str = "") -> str:  # type: ignore[type-arg]
    """A self-contained page (inline SVG, CSS and script; no network): zoom with the wheel,
    pan by dragging, hover for the full text, click a claim to highlight its chain."""
    pos = layered_layout(g)
    sx, sy, box_w, box_h = 260, 70, 210, 52
    chains = {
        n: sorted(chain_subgraph(g, [n]).nodes)
        for n, d in g.nodes(data=True)
        if d["type"] == "claim"
    }
    ids = {node: f"n{i}" for i, node in enumerate(sorted(g.nodes))}
    parts = []
    for a, b, key, data in sorted(g.edges(keys=True, data=True)):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        width = 1 + 3 * float(data.get("weight") or data.get("score") or 0.2)
        dash = ' stroke-dasharray="6 4"' if data.get("method") == "inferred" else ""
        parts.append(
            f'<line class="edge" data-a="{ids[a]}" data-b="{ids[b]}" '
            f'x1="{x1 * sx + box_w}" y1="{-y1 * sy + box_h / 2}" x2="{x2 * sx}" '
            f'y2="{-y2 * sy + box_h / 2}" stroke-width="{width:.2f}"{dash}>'
            f"<title>{html.escape(key)}</title></line>"
        )
    for node, data in sorted(g.nodes(data=True)):
        x, y = pos[node]
        tip = data["text"]
        if data.get("locator"):
            tip += f"\n— {data['locator']}"
        if "weight" in data:
            tip += f"\nweight {data['weight']}"
        if "supportScore" in data:
            tip += f"\nsupport {data['supportScore']} {data.get('flags', '')}"
        label = html.escape(data["label"][:28] + ("…" if len(data["label"]) > 28 else ""))
        parts.append(
            f'<g class="node {data["type"]}" id="{ids[node]}" data-tip="{html.escape(tip)}" '
            f'transform="translate({x * sx},{-y * sy})"><rect width="{box_w}" height="{box_h}" '
            f'rx="8" fill="{COLOURS[data["type"]]}"/><text x="8" y="20">{label}</text>'
            f'<text x="8" y="38" class="kind">{data["type"]}</text></g>'
        )
    width = (max((x for x, _ in pos.values()), default=0) + 1) * sx
    height = (max((-y for _, y in pos.values()), default=0) + 1) * sy + 20
    chain_ids = {ids[c]: [ids[n] for n in nodes] for c, nodes in chains.items()}
    legend = "".join(f'<span style="background:{c}">{t}</span>' for t, c in COLOURS.items())
    return _PAGE.format(
        title=html.escape(title or "claimgraph provenance"),
        legend=legend,
        width=width,
        height=height,
        svg="\n".join(parts),
        chains=json.dumps(chain_ids, sort_keys=True),
    )


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ margin: 0; font: 13px system-ui, sans-serif; }}
header {{ padding: 6px 10px; background: #f4f4f4; }}
header span {{ color: #fff; padding: 2px 6px; margin-right: 4px; border-radius: 3px; }}
svg {{ width: 100vw; height: calc(100vh - 60px); cursor: grab; }}
.node text {{ fill: #fff; font-size: 12px; pointer-events: none; }}
.node text.kind {{ font-size: 10px; opacity: 0.8; }}
.node {{ cursor: pointer; }}
.edge {{ stroke: #999; }}
.dim {{ opacity: 0.15; }}
#tip {{ position: fixed; display: none; max-width: 420px; white-space: pre-wrap;
        background: #222; color: #fff; padding: 8px; border-radius: 4px; font-size: 12px; }}
</style></head><body>
<header><b>{title}</b> — wheel: zoom, drag: pan, hover: full text, click a claim: its chain.
<div>{legend}</div></header>
<svg id="view" viewBox="-20 -20 {width} {height}" xmlns="http://www.w3.org/2000/svg">
<g id="scene">{svg}</g></svg>
<div id="tip"></div>
<script>
const chains = {chains};
const svg = document.getElementById("view"), tip = document.getElementById("tip");
let box = svg.viewBox.baseVal, drag = null;
svg.addEventListener("wheel", e => {{
  e.preventDefault();
  const k = e.deltaY > 0 ? 1.1 : 0.9, r = svg.getBoundingClientRect();
  const mx = box.x + (e.clientX - r.left) / r.width * box.width;
  const my = box.y + (e.clientY - r.top) / r.height * box.height;
  box.x = mx - (mx - box.x) * k; box.y = my - (my - box.y) * k;
  box.width *= k; box.height *= k;
}}, {{passive: false}});
svg.addEventListener("mousedown", e => {{ drag = [e.clientX, e.clientY]; }});
window.addEventListener("mouseup", () => {{ drag = null; }});
window.addEventListener("mousemove", e => {{
  if (!drag) return;
  const r = svg.getBoundingClientRect();
  box.x -= (e.clientX - drag[0]) / r.width * box.width;
  box.y -= (e.clientY - drag[1]) / r.height * box.height;
  drag = [e.clientX, e.clientY];
}});
document.querySelectorAll(".node").forEach(n => {{
  n.addEventListener("mouseenter", e => {{
    tip.textContent = n.dataset.tip; tip.style.display = "block";
    tip.style.left = (e.clientX + 12) + "px"; tip.style.top = (e.clientY + 12) + "px";
  }});
  n.addEventListener("mouseleave", () => {{ tip.style.display = "none"; }});
  n.addEventListener("click", () => {{
    const chain = chains[n.id];
    if (!chain) return;
    const keep = new Set(chain);
    document.querySelectorAll(".node").forEach(m => m.classList.toggle("dim", !keep.has(m.id)));
    document.querySelectorAll(".edge").forEach(l =>
      l.classList.toggle("dim", !(keep.has(l.dataset.a) && keep.has(l.dataset.b))));
  }});
}});
document.body.dataset.nodes = document.querySelectorAll(".node").length;
</script></body></html>
"""


def plot_support(graph: Any, path: Path) -> None:
    """A bar chart of the support score of every claim, coloured by its worst flag."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from .vocab import CG, SCHEMA, SKOS

    order = ("unsupported", "interested-party", "single-source", "contested", "")
    colours = {
        "unsupported": "#d62728",
        "interested-party": "#ff7f0e",
        "single-source": "#bcbd22",
        "contested": "#9467bd",
        "": "#2ca02c",
    }
    rows = []
    for claim, score in graph.subject_objects(CG.supportScore):
        flags = {str(graph.value(f, SKOS.notation)) for f in graph.objects(claim, CG.flag)}
        worst = next(f for f in order if f in flags or f == "")
        text = str(graph.value(claim, SCHEMA.text) or claim)
        rows.append((float(str(score)), text, worst))
    rows.sort(key=lambda r: (r[0], r[1]))
    height = max(3.0, 0.22 * len(rows) + 1.5)
    fig, ax = plt.subplots(figsize=(10, min(height, 120)))
    ax.barh(range(len(rows)), [r[0] for r in rows], color=[colours[r[2]] for r in rows])
    ax.set_yticks(range(len(rows)), [_wrap(r[1], 70, 1) for r in rows], fontsize=6)
    ax.set_xlim(0, 1)
    ax.set_xlabel("support score")
    ax.legend(
        handles=[Patch(color=c, label=f or "no flag") for f, c in colours.items()],
        fontsize=7,
        loc="lower right",
    )
    fig.tight_layout()
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        fig.savefig(
            tmp,
            format=path.suffix.lstrip(".") or "png",
            dpi=120,
            metadata=_stable_metadata(path.suffix.lstrip(".")),
        )
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {exc}") from exc
    finally:
        plt.close(fig)
