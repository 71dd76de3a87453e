#!/usr/bin/env python3
"""Checks the shape of `src/`: no import loop between its files, the layers' rule of who may
import whom (ARCHITECTURE.md, "What may import what"), and the size limits (no file over 600
lines). Exits 1 with the offending cycle, import or file named; `.ci/run` runs it.

Each `.rs` file is one module. An import is any `crate::…`, `super::…` or `self::…` path, in a
`use` tree or inline in code. A path is resolved to the file that *defines* the item: a name a
parent re-exports (`pub use child::Name`) counts as an import of the child, so a façade does
not hide a loop nor make one up. A file's `#[cfg(test)] mod tests` is left out: a test may take
its fixtures from a higher layer (the bundled districts) without that being a dependency of the
code it tests.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
MAX_FILE_LINES = 600

# Who may import whom, by top-level module. A layer imports only those listed (and itself);
# "egui" marks the modules allowed to name egui/eframe/walkers. Keep in step with
# ARCHITECTURE.md.
ALLOWED = {
    "model": {"i18n"},
    "i18n": set(),
    "parallel": {"i18n"},
    "platform": {"i18n"},
    "geometry": {"model", "parallel"},
    "io": {"model", "geometry", "i18n", "parallel", "platform"},
    "analysis": {"model", "geometry", "io", "i18n", "parallel"},
    "columnar": {"model", "geometry", "i18n", "parallel"},
    "render": {"model", "geometry", "i18n", "parallel", "platform", "analysis", "columnar",
               "raster"},
    "raster": {"model", "geometry", "i18n", "parallel"},
    "layout": {"model", "geometry", "render", "i18n", "analysis"},
    "load": {"model", "geometry", "io", "render", "i18n", "parallel", "columnar", "analysis"},
    "live": {"model", "geometry", "io", "render", "load", "i18n", "parallel", "platform",
             "analysis"},
    "project": {"model", "io", "render", "analysis", "load", "i18n", "platform", "layout"},
    "ui": {"model", "geometry", "io", "render", "load", "live", "i18n", "parallel", "platform",
           "analysis", "columnar", "layout", "raster", "project"},
    "cli": {"model", "geometry", "io", "render", "load", "live", "i18n", "parallel", "platform",
            "analysis", "columnar", "layout", "raster", "project", "ui"},
}
EGUI_ALLOWED = {"ui", "cli"}
EGUI_CRATES = ("egui", "eframe", "walkers", "egui_extras", "egui_plot", "egui_kittest")

WORD = r"[A-Za-z_][A-Za-z0-9_]*"


def module_of(path: Path) -> tuple[str, ...]:
    rel = path.relative_to(SRC).with_suffix("")
    parts = rel.parts
    if parts in (("lib",), ("main",)):
        return ()
    if parts[-1] == "mod":
        parts = parts[:-1]
    return tuple(parts)


def strip_comments_and_strings(text: str) -> str:
    """Blanks comments and string literals, keeping line breaks (paths in prose don't count)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j))
            i = j
        elif c == "r" and re.match(r'r#*"', text[i:i + 10]) and (i == 0 or not text[i - 1].isalnum() and text[i - 1] != "_"):
            hashes = re.match(r'r(#*)"', text[i:]).group(1)
            end = '"' + hashes
            j = text.find(end, i + 2 + len(hashes))
            j = n if j < 0 else j + len(end)
            out.append('""' + "\n" * text.count("\n", i, j))
            i = j
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append('""' + "\n" * text.count("\n", i, j))
            i = j + 1
        elif c == "'" and re.match(r"'(\\.|[^\\'])'", text[i:i + 4]) or text.startswith("'\\u{", i):
            j = text.find("'", i + 1 if text[i + 1] != "\\" else i + 3)
            out.append("' '")
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_top(s: str) -> list[str]:
    parts, depth, cur = [], 0, []
    for ch in s:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def expand_use_tree(tree: str, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str | None]]:
    """`a::{b, c::D as E}` → [(a,b), (a,c,D)] with the local alias."""
    tree = tree.strip()
    if tree.startswith("{") and tree.endswith("}"):
        out = []
        for part in split_top(tree[1:-1]):
            out.extend(expand_use_tree(part, prefix))
        return out
    m = re.match(rf"^((?:{WORD}|\*)(?:\s*::\s*(?:{WORD}|\*))*)\s*(?:::\s*(\{{.*\}}))?\s*(?:as\s+({WORD}))?$", tree, re.S)
    if not m:
        return []
    path = tuple(p.strip() for p in m.group(1).split("::"))
    if m.group(2):
        return expand_use_tree(m.group(2), prefix + path)
    full = prefix + path
    alias = m.group(3) or (full[-1] if full and full[-1] != "*" else None)
    return [(full, alias)]


class Module:
    def __init__(self, path: Path):
        self.path = path
        self.name = module_of(path)
        raw = path.read_text(encoding="utf-8")
        self.lines = raw.count("\n") + (0 if raw.endswith("\n") else 1)
        self.text = strip_comments_and_strings(raw)
        test = re.search(r"#\[cfg\(test\)\]\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+" + WORD + r"\s*\{", self.text)
        self.test_start = test.start() if test else len(self.text)
        self.uses: list[tuple[tuple[str, ...], str | None, bool, bool]] = []  # path, alias, pub, in_test
        for m in re.finditer(r"(^|[;{}\n])\s*(pub(?:\([^)]*\))?\s+)?use\s+([^;]+);", self.text):
            in_test = m.start() > self.test_start
            for path, alias in expand_use_tree(m.group(3)):
                self.uses.append((path, alias, bool(m.group(2)), in_test))
        self.inline = []
        for m in re.finditer(rf"(?<![A-Za-z0-9_:])((?:crate|super|self)(?:\s*::\s*{WORD})+)", self.text):
            self.inline.append((tuple(p.strip() for p in m.group(1).split("::")), m.start() > self.test_start))
        self.egui = [m.group(1) for m in re.finditer(rf"(?<![A-Za-z0-9_:])({'|'.join(EGUI_CRATES)})::", self.text[: self.test_start])]


def main() -> int:
    files = sorted(SRC.rglob("*.rs"))
    modules = {module_of(f): Module(f) for f in files if module_of(f) or f.name == "lib.rs"}
    names = set(modules)

    def absolute(path: tuple[str, ...], here: tuple[str, ...], in_test: bool) -> tuple[str, ...] | None:
        base = list(here)
        segs = list(path)
        if segs[0] == "crate":
            base, segs = [], segs[1:]
        elif segs[0] in ("super", "self"):
            # Inside a file's own `mod tests`, `super` is the file itself.
            first = True
            while segs and segs[0] in ("super", "self"):
                if segs[0] == "super" and not (first and in_test):
                    base = base[:-1]
                segs = segs[1:]
                first = False
        else:
            return None
        return tuple(base + segs)

    def resolve(path: tuple[str, ...], seen: frozenset = frozenset()) -> tuple[str, ...] | None:
        """The module that defines what `path` (absolute) names."""
        i = 0
        while i < len(path) and path[: i + 1] in names:
            i += 1
        module = path[:i]
        if module not in modules:
            return None
        rest = path[i:]
        if not rest or rest[0] == "*" or (module, rest[0]) in seen:
            return module
        for use_path, alias, public, in_test in modules[module].uses:
            if public and not in_test and alias == rest[0]:
                target = absolute(use_path, module, False)
                if target:
                    found = resolve(target, seen | {(module, rest[0])})
                    if found is not None:
                        return found
        return module

    edges: dict[tuple[str, ...], set[tuple[str, ...]]] = {m: set() for m in modules}
    for name, mod in modules.items():
        refs = [(p, t) for p, _, _, t in mod.uses] + mod.inline
        for path, in_test in refs:
            if in_test:
                continue
            target = absolute(path, name, in_test)
            if target is None:
                continue
            found = resolve(target)
            if found is None or found == name:
                continue
            # A parent naming its child module (`mod x; pub use x::Y`) declares, not imports,
            # unless it uses what it re-exports; only `pub use` re-exports are skipped here.
            edges[name].add(found)
        for path, alias, public, in_test in mod.uses:
            target = absolute(path, name, in_test)
            if public and target is not None and target[: len(name)] == name:
                found = resolve(target)
                if found and found != name and not uses_elsewhere(mod, alias):
                    edges[name].discard(found)

    problems = []
    for cycle in cycles(edges):
        problems.append("import loop: " + " -> ".join("::".join(m) or "crate" for m in cycle + [cycle[0]]))
    for name, targets in edges.items():
        top = name[0] if name else None
        if top is None or top not in ALLOWED:
            if top is not None and top not in ("main",):
                problems.append(f"{'::'.join(name)}: top-level module not in tools/check_modules.py ALLOWED")
            continue
        for t in sorted(targets):
            if t and t[0] != top and t[0] not in ALLOWED[top]:
                problems.append(f"{modules[name].path.relative_to(SRC.parent)}: {top} may not import {t[0]} (crate::{'::'.join(t)})")
        if top not in EGUI_ALLOWED and modules[name].egui:
            problems.append(f"{modules[name].path.relative_to(SRC.parent)}: {top} is egui-free but names {sorted(set(modules[name].egui))}")
    for name, mod in modules.items():
        if mod.lines > MAX_FILE_LINES:
            problems.append(f"{mod.path.relative_to(SRC.parent)}: {mod.lines} lines (limit {MAX_FILE_LINES})")
    for p in problems:
        print(p)
    edge_count = sum(len(v) for v in edges.values())
    print(f"check_modules: {len(modules)} modules, {edge_count} imports between them, {len(problems)} problems")
    return 1 if problems else 0


def uses_elsewhere(mod: Module, alias: str | None) -> bool:
    if not alias:
        return False
    body = re.sub(r"(^|[;{}\n])\s*(pub(?:\([^)]*\))?\s+)?use\s+[^;]+;", " ", mod.text)
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(alias)}(?![A-Za-z0-9_])", body) is not None


def cycles(edges: dict) -> list[list]:
    """Tarjan's strongly connected components; each of more than one node is reported with one
    cycle through it."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(one_cycle(set(comp), edges))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def one_cycle(comp: set, edges: dict) -> list:
    start = min(comp)
    prev = {start: None}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(edges.get(v, ())):
            if w == start:
                path = [v]
                while prev[path[-1]] is not None:
                    path.append(prev[path[-1]])
                return list(reversed(path))
            if w in comp and w not in prev:
                prev[w] = v
                queue.append(w)
    return sorted(comp)


if __name__ == "__main__":
    sys.exit(main())
