"""The claims report: a JSON contract and a self-contained HTML page rendered from it.

``write_report(folder, claims, env, run=..., notes=..., references=...)`` writes
``claims.json`` and ``claims.html``. The page is rendered from
``templates/report.html.j2`` (Jinja2, autoescaped); figures referenced by path (relative
to the folder) are inlined as base64 PNG, so the page opens offline and can be mailed as
one file.

Reference runs are committed reports of tiers this machine cannot run:
``results/<name>/claims.json`` (say ``slow-cpu``, ``gpu-h100``), each with a ``run``
object (:func:`run_info`). :func:`load_references` finds and checks them; the page's
claims matrix shows their verdicts next to the ones measured here.

The contract is the published JSON Schema ``schemas/claims.schema.json`` (``schema_version``
3; versions 1 (a file without it) and 2 still read). :func:`validate` checks it with the
``jsonschema`` library rather than a hand-written copy, so that the file others validate
against and the check run here cannot drift apart; it only turns the library's error into
one line naming the file, the claim and the field.

>>> validate({"environment": {}, "claims": []}, "claims.json")
Traceback (most recent call last):
...
ValueError: claims.json: top level: field 'run' is missing
"""

from __future__ import annotations

import base64
import json
import math
import os
import platform
import re
import subprocess
import sys
from collections import Counter
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

VERDICTS = ("holds", "refuted", "inconclusive", "smoke", "skipped", "error")
TIERS = ("fast", "slow", "poststeps", "gpu", "untiered")
COLOURS = {"holds": "#1a7f37", "refuted": "#b35900", "inconclusive": "#8250df",
           "smoke": "#0969da", "skipped": "#6e7781", "error": "#cf222e"}
_OPEN = ("refuted", "error")  # cards unfolded on load
_PACKAGES = ("tensorflow", "tensorflow-cpu", "keras", "numpy", "scikit-learn", "scipy", "matplotlib")
SCHEMA_VERSION = 3  # claims.json's "schema_version"; absent: version 1
SCHEMA_PATH = Path(__file__).with_name("schemas") / "claims.schema.json"
_SHOWN = 3  # scalar values in a matrix cell


# --- what ran ----------------------------------------------------------------------------------

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


def run_info(tiers, wall_time_s: float, smoke: bool, precision: str = "no trained model measured") -> dict:
    """The ``run`` object of a report: which code, when, where, which tiers ran.

    ``commit`` is ``git rev-parse HEAD`` of the checkout holding this package (``-dirty``
    appended when tracked files differ from it; ``unknown`` outside git); ``backend`` is
    Keras's (``unknown`` when Keras does not import); ``precision`` that of the models measured
    (:func:`precisions_run`).
    """
    return {"commit": _commit(), "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "machine": f"{platform.platform()}, {os.cpu_count()} CPUs", "backend": _backend(),
            "precision": precision, "tiers": [t for t in TIERS if t in set(tiers)],
            "wall_time_s": round(float(wall_time_s), 1), "smoke": bool(smoke),
            "seed": int(os.environ.get("VAECLAIMS_SEED", "0"))}


def precisions_run(claims: list[dict]) -> str:
    """The training precisions of the models the claims measured (``claim.uses``), comma-separated."""
    found = sorted({m.get("precision") or "?" for c in claims for m in (c.get("models") or {}).values()})
    return ", ".join(found) if found else "no trained model measured"


def tiers_run(claims: list[dict]) -> list[str]:
    """The tiers with at least one claim that was not skipped."""
    ran = {c["tier"] for c in claims if c["verdict"] != "skipped"}
    return [t for t in TIERS if t in ran]


def judge_notes() -> dict:
    """``vaecore.quality.JUDGE_NOTES`` (how images are judged) when that module defines it."""
    try:
        from . import quality
    except Exception:  # noqa: BLE001 - the report must still be written
        return {}
    notes = getattr(quality, "JUDGE_NOTES", None)
    return {"judges": dict(notes)} if notes else {}


def _commit() -> str:
    root = Path(__file__).resolve().parents[1]
    try:
        head = _git(root, "rev-parse", "HEAD")
        dirty = _git(root, "--no-optional-locks", "status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + ("-dirty" if dirty else "")


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=20, check=True)
    return done.stdout.strip()


def _backend() -> str:
    try:
        import keras

        return keras.backend.backend()
    except Exception:  # noqa: BLE001 - a broken install must not lose the report
        return "unknown"


# --- the contract ------------------------------------------------------------------------------

def schema() -> dict:
    """The published JSON Schema of ``claims.json`` (``vaecore/schemas/claims.schema.json``)."""
    return json.loads(SCHEMA_PATH.read_text())


def validate(data: dict, source, *, reference: bool = False) -> None:
    """Check a report against the JSON Schema; raise ``ValueError`` naming the source file,
    the claim id and the field. A reference run must not be a smoke run.

    A file without ``schema_version`` is version 1 and is read as it is (version 2 only adds
    ``schema_version``, ``run["partial"]`` and the claims' ``baseline``; version 3 the preconditions'
    ``needed`` and ``why_not_needed``: a precondition without them was needed).
    """
    import jsonschema

    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema()).iter_errors(data))
    if error is not None:
        raise ValueError(f"{source}: {_explain(error, data)}")
    if reference and data["run"]["smoke"]:
        raise ValueError(f"{source}: run: field 'smoke' is true: a smoke run cannot be a reference")


def _explain(error, data) -> str:
    """A schema error as ``claim 'vae3.kl_tiny': field 'preconditions'[0]: field 'met' is ...``."""
    path = list(error.absolute_path)
    if path[:1] == ["run"]:
        where, path = ["run"], path[1:]
    elif path[:1] == ["claims"] and len(path) > 1:
        claim = data["claims"][path[1]]
        name = claim.get("id") if isinstance(claim, dict) else None
        where, path = [f"claim {name!r}" if isinstance(name, str) else f"claim #{path[1]}"], path[2:]
    elif path[:1] == ["models"] and len(path) > 1:
        where, path = [f"models: {path[1]!r}"], path[2:]
    else:
        where = ["top level"]
    kind, value, allowed = error.validator, error.instance, error.validator_value
    if kind == "enum" and path and isinstance(path[-1], int):
        path = path[:-1]  # "field 'tiers': 'tpu' is not one of ..."
    for key in path:
        if isinstance(key, int):
            where[-1] += f"[{key}]"
        else:
            where.append(f"field {key!r}")
    at = ": ".join(where)
    if kind == "required":
        return f"{at}: field {next(k for k in allowed if k not in value)!r} is missing"
    if kind == "type":
        return f"{at} is {value!r:.80}, expected {allowed if isinstance(allowed, str) else ' or '.join(allowed)}"
    if kind == "enum":
        return f"{at}: {value!r:.80} is not one of {', '.join(map(str, allowed))}"
    if kind in ("minimum", "maximum"):
        return f"{at} is {value!r}, expected {'>=' if kind == 'minimum' else '<='} {allowed}"
    return f"{at}: {error.message}"


def read_report(path) -> dict:
    """A ``claims.json`` (version 1, 2 or 3), checked with :func:`validate`."""
    data = read_json(path)
    validate(data, path)
    return data


def read_json(path):
    """The JSON value in the file at ``path``; ValueError naming the file when it is not JSON."""
    path = Path(path)
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError as err:
        raise ValueError(f"{path}: not JSON ({err})") from err


def load_references(folder="results") -> dict[str, dict]:
    """The committed reference runs ``<folder>/<name>/claims.json``, checked, by name.

    A relative folder is looked up in the current directory, then in the repository
    holding this package; no such folder means no references.
    """
    folder = Path(folder)
    if not folder.is_absolute():
        here = Path.cwd() / folder
        folder = here if here.is_dir() else Path(__file__).resolve().parents[1] / folder
    refs = {}
    for path in sorted(folder.glob("*/claims.json")):
        data = read_report(path)
        validate(data, path, reference=True)
        refs[path.parent.name] = data
    return refs


# --- writing and rendering ---------------------------------------------------------------------

def write_report(folder: Path, claims: list[dict], env: dict, run: dict | None = None,
                 notes: dict | None = None, references: dict | None = None) -> tuple[Path, Path]:
    """Write ``claims.json`` (the contract) and ``claims.html`` (with ``references``: name ->
    a reference report, shown in the matrix; they are not copied into the JSON).

    The JSON written is then checked with :func:`validate`: a ``ValueError`` comes after
    both files are written, so a broken report can still be read.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if run is None:
        run = run_info(tiers_run(claims), sum(c.get("duration_s", 0.0) for c in claims), smoke=False)
    data = {"schema_version": SCHEMA_VERSION, "run": run, "environment": env, "claims": sorted(claims, key=_order)}
    if notes:
        data["notes"] = notes
    json_path = folder / "claims.json"
    text = json.dumps(data, indent=2, default=_jsonable)
    json_path.write_text(text)
    html_path = folder / "claims.html"
    html_path.write_text(render_html(json.loads(text), folder, references))
    validate(json.loads(text), json_path)
    return json_path, html_path


def render_html(data: dict, folder: Path, references: dict | None = None) -> str:
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("vaecore", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["fmt"] = _fmt
    env.filters["when"] = _when
    return env.get_template("report.html.j2").render(_view(data, Path(folder), references or {}))


def _view(data: dict, folder: Path, references: dict) -> dict:
    """Everything the template shows, worked out here so that the template only loops."""
    claims = sorted(data["claims"], key=_order)
    run = data.get("run") or {}
    here = run.get("tiers") or tiers_run(claims)
    anchors = {_key(c): f"c{i}" for i, c in enumerate(claims)}
    posts = sorted({c["post"] for c in claims}, key=_natural)
    return {
        "run": run, "here": here, "colours": COLOURS, "verdicts": VERDICTS,
        "summary": Counter(c["verdict"] for c in claims),
        "posts": [{"post": p, "counts": Counter(c["verdict"] for c in claims if c["post"] == p),
                   "cards": [_card(c, folder, anchors[_key(c)]) for c in claims if c["post"] == p]}
                  for p in posts],
        "elsewhere": _elsewhere(claims, here, references),
        "references": {name: ref["run"] for name, ref in references.items()},
        "matrix": _matrix(claims, here, references, anchors),
        "baseline": _baseline(run, claims),
        "notes": data.get("notes") or {},
        "environment": data["environment"],
    }


def _elsewhere(claims: list[dict], here: list[str], references: dict) -> list[dict]:
    """Per tier not run here: the reference runs that ran it."""
    tiers = {c["tier"] for c in claims} | {t for r in references.values() for t in r["run"]["tiers"]}
    return [{"tier": t, "from": [n for n, r in references.items() if t in r["run"]["tiers"]]}
            for t in TIERS if t in tiers and t not in here]


def _matrix(claims: list[dict], here: list[str], references: dict, anchors: dict) -> list[dict]:
    """One row per claim test (here or in a reference), grouped by post."""
    mine = {_key(c): c for c in claims}
    theirs = {name: {_key(c): c for c in ref["claims"]} for name, ref in references.items()}
    rows = {}
    for c in [*claims, *(c for ref in references.values() for c in ref["claims"])]:
        rows.setdefault(_key(c), c)
    shared = Counter(c["id"] for c in rows.values())
    groups = []
    for key, c in sorted(rows.items(), key=lambda kv: _order(kv[1])):
        if not groups or groups[-1]["post"] != c["post"]:
            groups.append({"post": c["post"], "rows": []})
        ran = mine.get(key)
        refs = {name: by_key.get(key) for name, by_key in theirs.items()}
        groups[-1]["rows"].append({
            "id": c["id"], "test": _test(c) if shared[c["id"]] > 1 else "", "anchor": anchors.get(key),
            "decided_by": c.get("decided_by", ""),
            "baseline": {"verdict": None, "changed": False, "flipped": False, **((ran or {}).get("baseline") or {})},
            "reported": _summary(c["post_reported"]),
            "here": _here(ran, here, refs),
            "refs": [{"verdict": r["verdict"], "measured": _summary(r["measured"])} if r else None
                     for r in refs.values()],
        })
    return groups


def _baseline(run: dict, claims: list[dict]) -> dict | None:
    """With ``--claims-baseline``: the file and how many verdicts changed or flipped."""
    if "baseline" not in run:
        return None
    marks = [c.get("baseline") or {} for c in claims]
    return {"path": run["baseline"], "changed": sum(bool(b.get("changed")) for b in marks),
            "flipped": sum(bool(b.get("flipped")) for b in marks)}


def _here(c: dict | None, here: list[str], refs: dict) -> dict:
    cell = {"verdict": None, "measured": "", "unmet": [], "note": "", "reason": "", "from": []}
    if c is None:
        return {**cell, "note": "not in this run"}
    if c["verdict"] != "skipped":
        unmet = [p["name"] for p in c.get("preconditions") or [] if not p["met"]]
        return {**cell, "verdict": c["verdict"], "measured": _summary(c["measured"]), "unmet": unmet}
    note = f"not run here ({c['tier']} tier)" if c["tier"] not in here else "not run here"
    judged = [{"name": n, "verdict": r["verdict"]} for n, r in refs.items() if r and r["verdict"] != "skipped"]
    return {**cell, "verdict": "skipped", "note": note, "reason": c["reason"], "from": judged}


def _card(c: dict, folder: Path, anchor: str) -> dict:
    return {**c, "anchor": anchor, "open": c["verdict"] in _OPEN, "test": _test(c),
            "preconditions": [{"needed": True, "why_not_needed": "", **p} for p in c.get("preconditions") or []],
            "figures": [_figure(f, folder) for f in c.get("figures") or []]}


def _figure(fig: dict, folder: Path) -> dict:
    path = folder / fig["path"]
    src = ("data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()) if path.is_file() else ""
    return {"title": fig.get("title", ""), "path": fig["path"], "src": src}


def _summary(values: dict) -> str:
    """The first few scalar values, ``name=value`` (strings shortened)."""
    scalars = [(k, v) for k, v in values.items() if v is None or isinstance(v, (bool, int, float, str))]
    text = ", ".join(f"{k}={_short(_fmt(v), 32)}" for k, v in scalars[:_SHOWN])
    return text + (", …" if len(scalars) > _SHOWN else "")


def _key(c: dict) -> str:
    return c.get("nodeid") or c["id"]


def _order(c: dict):
    return tuple(_natural(s) for s in (c["post"], c["id"], _key(c)))


def _natural(text: str) -> tuple:
    """vae2 before vae13, [k9] before [k10]."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text) if p)


def _test(c: dict) -> str:
    return _key(c).split("::", 1)[-1] if "nodeid" in c else ""


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _fmt(v) -> str:
    if isinstance(v, float):
        if v != 0 and (abs(v) < 1e-3 or abs(v) >= 1e5) and math.isfinite(v):
            return f"{v:.3e}"
        return f"{v:.4g}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_fmt(x) for x in v) + "]"
    return str(v)


def _when(iso: str) -> str:
    """``2026-11-20T10:00:00+00:00`` as ``2026-11-20 10:00 UTC`` (other text unchanged)."""
    try:
        t = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return t.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC") if t.tzinfo else t.strftime("%Y-%m-%d %H:%M")


def _jsonable(v):
    """numpy scalars and arrays into plain JSON values."""
    if hasattr(v, "tolist"):
        return v.tolist()
    if hasattr(v, "item"):
        return v.item()
    return str(v)


# --- command line ------------------------------------------------------------------------------

def main(argv=None) -> int:
    """``python -m vaecore.report diff OLD.json NEW.json``, ``render DIR`` (or ``render
    RECORDS.jsonl --out DIR``) and ``history`` (:mod:`vaecore.history`). ``diff`` exits 1 when a
    decided verdict flipped, 2 when a file cannot be read; OLD or NEW may be a kept run."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m vaecore.report", description="The claims report.")
    commands = parser.add_subparsers(dest="command", required=True)
    compare = commands.add_parser("diff", help="list the verdict changes from OLD to NEW; exit 1 when a "
                                               "decided verdict flipped (holds <-> refuted, or -> error)")
    compare.add_argument("old", help="claims.json of the earlier run (say results/slow-cpu/claims.json)")
    compare.add_argument("new", help="claims.json of the later run")
    rebuild = commands.add_parser("render", help="rebuild claims.json and claims.html from records.jsonl "
                                                 "(a killed run: the claims that finished, marked partial)")
    rebuild.add_argument("source", nargs="+", help="a report folder holding records.jsonl, or a records.jsonl "
                                                   "file; several: the parts of one run, in order, merged into "
                                                   "--out/records.jsonl first")
    rebuild.add_argument("--out", metavar="DIR", help="folder to write into (default: the records' folder; "
                                                      "required with several parts)")
    rebuild.add_argument("--references", metavar="DIR", default="results",
                         help="folder of reference runs <name>/claims.json shown beside (default: results)")
    kept = commands.add_parser("history", help="keep a run as <root>/<name>/<commit>.json (compact), or show "
                                               "each claim's verdict over the kept runs (--show)")
    kept.add_argument("source", nargs="?", help="claims.json of the run to keep")
    kept.add_argument("--name", help="the run's series (default: the claims.json's folder name)")
    kept.add_argument("--root", default=str(Path("results") / "history"), help="default: results/history")
    kept.add_argument("--show", action="store_true", help="verdicts over the kept runs (of --name, else all)")
    kept.add_argument("--claim", metavar="ID", help="with --show: this claim id only")
    kept.add_argument("--last", action="store_true", help="print the path of --name's latest kept run")
    args = parser.parse_args(argv)
    try:
        if args.command == "history":
            return _history(args, parser)
        return _diff(args.old, args.new) if args.command == "diff" else _render(args)
    except (OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


def _diff(old: str, new: str) -> int:
    from .diff import diff, format_change, summary
    from .history import read

    changes = diff(read(old), read(new))  # a claims.json, or a kept run (vaecore.history)
    for change in changes:
        print(format_change(change))
    print(f"{old} -> {new}: {summary(changes)}")
    return 1 if any(c.flipped for c in changes) else 0


def _history(args, parser) -> int:
    from . import history

    if args.last:
        if not args.name:
            parser.error("history --last needs --name")
        print(history.last(args.name, args.root))
    elif args.show:
        print("\n\n".join(history.table(n, args.root, args.claim) for n in ([args.name] if args.name
                                                                           else history.names(args.root))))
    elif args.source:
        print(f"kept {history.keep(args.source, args.name, args.root)}")
    else:
        parser.error("history needs CLAIMS.json to keep, --show or --last")
    return 0


def _render(args) -> int:
    from .records import merge, render

    source = args.source[0]
    if len(args.source) > 1:
        if not args.out:
            raise SystemExit("render: several parts of a run need --out DIR (where the merged records.jsonl goes)")
        source = merge(args.source, args.out)
    json_path, html_path = render(source, args.out, args.references)
    partial = json.loads(json_path.read_text())["run"].get("partial")
    print(f"claims report: {html_path} (JSON: {json_path}){' - partial: the run did not end' if partial else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
