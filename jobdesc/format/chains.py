"""Walks over the organisation's chains (department parents, reporting lines, extends),
without recursion: their depth is whatever the YAML says, and a recursive walk of a
department chain ~330 deep ended in RecursionError (exit 2) instead of a message."""
from __future__ import annotations

from typing import Iterable, Optional


def cycles(edges: dict[str, str]) -> list[list[str]]:
    """Each cycle in a graph where every node has at most one outgoing edge, once, from its smallest id."""
    found, done = [], set()
    for start in sorted(edges):
        path, position = [], {}
        node: Optional[str] = start
        while node is not None and node not in done and node not in position:
            position[node] = len(path)
            path.append(node)
            node = edges.get(node)
        if node is not None and node in position:
            cycle = path[position[node]:]
            smallest = cycle.index(min(cycle))
            found.append(cycle[smallest:] + cycle[:smallest])
        done.update(path)
    return found


def chain_depths(edges: dict[str, str]) -> dict[str, int]:
    """For each node, how many nodes its chain holds up to the top (1 for a top node).

    `edges` maps a node to its parent; nodes on or leading into a cycle get no depth (the
    cycle is reported by `cycles`)."""
    depth: dict[str, int] = {}
    for start in edges:
        path, on_path = [], set()
        node: Optional[str] = start
        while node is not None and node not in depth and node not in on_path:
            on_path.add(node)
            path.append(node)
            node = edges.get(node)
        if node is not None and node in on_path:
            continue  # a cycle
        base = 0 if node is None else depth[node]
        for n, step in enumerate(reversed(path), start=1):
            depth[step] = base + n
    return depth


def with_ancestors(nodes: Iterable[str], parents: dict[str, Optional[str]]) -> set[str]:
    """The nodes and every node above them (cycle-safe)."""
    reached: set[str] = set()
    for node in nodes:
        current: Optional[str] = node
        while current is not None and current not in reached:
            reached.add(current)
            current = parents.get(current)
    return reached
