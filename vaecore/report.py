"""The claims report: a JSON contract and a self-contained HTML page rendered from it.

``write_report(folder, claims)`` writes ``claims.json`` and ``claims.html``; figures
referenced by path (relative to the folder) are inlined into the HTML as base64 PNG,
so the page opens offline and can be mailed as one file.
"""

from __future__ import annotations

import base64
import html
import json
import math
import platform
from collections import Counter, defaultdict
from importlib import metadata
from pathlib import Path

VERDICTS = ("holds", "refuted", "skipped", "error")
_COLOURS = {"holds": "#1a7f37", "refuted": "#b35900", "skipped": "#6e7781", "error": "#cf222e"}
_PACKAGES = ("tensorflow", "tensorflow-cpu", "keras", "numpy", "scikit-learn", "scipy", "matplotlib")


def environment(device: str | None = None) -> dict:
    """Versions of Python and the numeric stack, the machine, and CPU or GPU."""
    env = {"python": platform.python_version(), "platform": platform.platform(),
           "processor": platform.machine()}
    for name in _PACKAGES:
        try:
            env[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    env["device"] = device or "not probed (no TensorFlow test ran)"
    return env


def write_report(folder: Path, claims: list[dict], env: dict) -> tuple[Path, Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    data = {"environment": env, "claims": sorted(claims, key=lambda c: (c["post"], c["id"]))}
    json_path = folder / "claims.json"
    json_path.write_text(json.dumps(data, indent=2, default=_jsonable))
    html_path = folder / "claims.html"
    html_path.write_text(render_html(data, folder))
    return json_path, html_path


def render_html(data: dict, folder: Path) -> str:
    claims = data["claims"]
    counts = Counter(c["verdict"] for c in claims)
    by_post = defaultdict(list)
    for c in claims:
        by_post[c["post"]].append(c)
    parts = [_HEAD, "<h1>vaeclaims: which claims hold</h1>", "<p class=summary>"]
    parts += [f"<span class=badge style='background:{_COLOURS[v]}'>{v}: {counts.get(v, 0)}</span>"
              for v in VERDICTS]
    parts.append("</p><table><tr><th>post</th>" + "".join(f"<th>{v}</th>" for v in VERDICTS) + "</tr>")
    for post, items in sorted(by_post.items()):
        pc = Counter(c["verdict"] for c in items)
        parts.append(f"<tr><td><a href='#{_e(post)}'>{_e(post)}</a></td>"
                     + "".join(f"<td>{pc.get(v, 0) or ''}</td>" for v in VERDICTS) + "</tr>")
    parts.append("</table>")
    for post, items in sorted(by_post.items()):
        parts.append(f"<h2 id='{_e(post)}'>{_e(post)}</h2>")
        parts += [_card(c, folder) for c in items]
    parts.append("<h2>Environment</h2><table>")
    parts += [f"<tr><td>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in data["environment"].items()]
    parts.append("</table></body></html>")
    return "\n".join(parts)


def _card(c: dict, folder: Path) -> str:
    v = c["verdict"]
    rows = [f"<div class=card style='border-left-color:{_COLOURS.get(v, '#000')}'>",
            f"<h3><code>{_e(c['id'])}</code> <span class=badge style='background:{_COLOURS.get(v)}'>"
            f"{_e(v)}</span> <small>{_e(c.get('tier') or '')} · {c.get('duration_s', 0):.1f} s</small></h3>",
            f"<p>{_e(c.get('statement') or '')}</p>"]
    if c.get("reason"):
        rows.append(f"<p class=reason>{_e(c['reason'])}</p>")
    rows.append("<div class=cols>")
    rows.append(_kv("the post reported", c.get("post_reported") or {}))
    rows.append(_kv("we measured", c.get("measured") or {}))
    rows.append("</div>")
    if c.get("tolerance"):
        rows.append(f"<p><b>tolerance:</b> {_e(c['tolerance'])}<br><b>why:</b> {_e(c.get('rationale') or '')}</p>")
    if c.get("setting"):
        rows.append("<p class=setting><b>setting:</b> "
                    + ", ".join(f"{_e(k)}={_e(_fmt(val))}" for k, val in c["setting"].items()) + "</p>")
    for fig in c.get("figures") or []:
        rows.append(_figure(fig, folder))
    rows.append("</div>")
    return "\n".join(rows)


def _figure(fig: dict, folder: Path) -> str:
    path = folder / fig["path"]
    if not path.is_file():
        return f"<p class=reason>figure missing: {_e(fig['path'])}</p>"
    b64 = base64.b64encode(path.read_bytes()).decode()
    return (f"<figure><img src='data:image/png;base64,{b64}' alt='{_e(fig.get('title', ''))}'>"
            f"<figcaption>{_e(fig.get('title', ''))}</figcaption></figure>")


def _kv(title: str, values: dict) -> str:
    body = "".join(f"<tr><td>{_e(k)}</td><td>{_e(_fmt(v))}</td></tr>" for k, v in values.items())
    return f"<div><h4>{_e(title)}</h4><table>{body or '<tr><td>—</td></tr>'}</table></div>"


def _fmt(v) -> str:
    if isinstance(v, float):
        if v != 0 and (abs(v) < 1e-3 or abs(v) >= 1e5) and math.isfinite(v):
            return f"{v:.3e}"
        return f"{v:.4g}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_fmt(x) for x in v) + "]"
    return str(v)


def _e(v) -> str:
    return html.escape(str(v), quote=True)


def _jsonable(v):
    """numpy scalars and arrays into plain JSON values."""
    if hasattr(v, "tolist"):
        return v.tolist()
    if hasattr(v, "item"):
        return v.item()
    return str(v)


_HEAD = """<!doctype html><html><head><meta charset="utf-8"><title>vaeclaims report</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#1f2328}
table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:2px 8px;text-align:left;vertical-align:top}
.badge{color:#fff;border-radius:4px;padding:1px 8px;margin-right:6px;font-size:90%}
.card{border:1px solid #d0d7de;border-left:6px solid;border-radius:6px;padding:4px 14px;margin:12px 0}
.cols{display:flex;gap:24px;flex-wrap:wrap}.reason{color:#57606a;white-space:pre-wrap}
.setting{color:#57606a;font-size:90%}img{max-width:100%}figure{margin:8px 0}
</style></head><body>"""
