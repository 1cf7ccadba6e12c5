"""Compare two benchmark runs request by request (scale 10 against scale 1; a benchmark, not a test).

    python -m bench.compare bench/results/scale-1-cmp bench/results/scale-10 [--factor 2] [--out FILE]

A request is comparable when both runs answered it with 200 (the same path, role and group; ids in
paths are the generator's, the same at every scale). Prints how many stay within ``--factor`` times
their time in the first run (p50, the issue's "same pages stay under 2x their scale-1 time"), the
ones that do not with both times, and the requests whose query count differs between the runs.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit


def load(folder: Path) -> dict[tuple[str, str, str], dict]:
    rows = json.loads((folder / "results.json").read_text())["requests"]
    return {(r["group"], r["role"], r["path"]): r for r in rows}


def page_rows(request: dict) -> int | None:
    """Rows on the page of an API list (its total, at most the page size); None for pages and jobs."""
    if request.get("rows") is None:
        return None
    size = parse_qs(urlsplit(request["path"]).query).get("page_size", ["50"])[0]
    return min(int(request["rows"]), int(size))


def nested_rows(request: dict) -> int | None:
    """Rows nested in the page's rows (a budget's lines, a project's members), when the run recorded them."""
    return (request.get("extra") or {}).get("nested_rows")


def same_page(a: dict, b: dict) -> bool:
    """Whether two runs' pages of an API list hold as many rows, the rows nested in them included: five budgets
    that carry ten times the lines are not the same page."""
    return page_rows(a) is not None and page_rows(a) == page_rows(b) and nested_rows(a) == nested_rows(b)


def _rows_text(request: dict) -> str | None:
    rows, nested = page_rows(request), nested_rows(request)
    if rows is None:
        return None
    return f"{rows} (+{nested} nested)" if nested else str(rows)


def compare(base: dict, other: dict, factor: float) -> dict:
    both = [k for k in base if k in other and base[k]["status"] == 200 and other[k]["status"] == 200]
    over, queries = [], []
    for key in both:
        a, b = base[key], other[key]
        ratio = b["p50_ms"] / a["p50_ms"] if a["p50_ms"] else float("inf")
        if ratio > factor:
            over.append((ratio, key, a["p50_ms"], b["p50_ms"], _rows_text(a), _rows_text(b)))
        if a["queries"] != b["queries"]:
            queries.append((key, a["queries"], b["queries"]))
    # API lists whose page holds as many rows at both scales (the "where the page holds the same rows").
    same = [k for k in both if same_page(base[k], other[k])]
    # As the rounds before the nested rows were recorded counted it: the top-level rows only.
    same_top = [k for k in both if page_rows(base[k]) is not None and page_rows(base[k]) == page_rows(other[k])]
    over_keys = {key for _ratio, key, *_rest in over}
    return {"comparable": len(both), "within": len(both) - len(over), "over": sorted(over, reverse=True),
            "queries_differ": queries,
            "same_rows": len(same), "same_rows_within": sum(k not in over_keys for k in same),
            "same_top_rows": len(same_top), "same_top_rows_within": sum(k not in over_keys for k in same_top),
            "p95_under_150": (sum(base[k]["p95_ms"] < 150 for k in both), sum(other[k]["p95_ms"] < 150 for k in both))}


def markdown(result: dict, factor: float) -> str:
    first, second = result["p95_under_150"]
    lines = [f"{result['within']} of {result['comparable']} comparable requests within {factor:g}x (p50); "
             f"p95 < 150 ms: {first} in the first run, {second} in the second. API lists whose page holds as many "
             f"rows in both runs, the rows nested in them included: {result['same_rows_within']} of "
             f"{result['same_rows']} within {factor:g}x (counting the top-level rows only: "
             f"{result['same_top_rows_within']} of {result['same_top_rows']}).",
             "", "Over (rows on the page for API lists: a page that holds more rows at the larger scale is "
             "not the same page):", "",
             "| request | role | first p50 | second p50 | ratio | rows on the page |", "|---|---|---:|---:|---:|---:|"]
    for ratio, (_group, role, path), a, b, rows_a, rows_b in result["over"]:
        rows = f"{rows_a} → {rows_b}" if rows_a is not None else ""
        lines.append(f"| `{path}` | {role} | {a:.1f} ms | {b:.1f} ms | {ratio:.2f}x | {rows} |")
    if result["queries_differ"]:
        lines += ["", "Query counts that differ:", ""]
        lines += [f"- `{path}` ({role}): {qa} → {qb}" for (_g, role, path), qa, qb in result["queries_differ"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--factor", type=float, default=2.0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    text = markdown(compare(load(args.first), load(args.second), args.factor), args.factor)
    print(text)
    if args.out:
        args.out.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
