"""The tasks of a dedup run: what one task does with one partition's data (no engine here).

:mod:`.run` strings these together; an engine (:mod:`articlediff.engines`)
decides where each runs.  Every function is pure: the same arguments give
the same result, so an engine may run a task again after losing a worker.
The stage logic is that of the stage modules (:mod:`.candidates`,
:mod:`.verify`, :mod:`.passages`, :mod:`.cluster`), called on the rows a
task holds; this module only cuts and routes rows.

Documents are numbered globally (partition k holds ``offsets[k]`` up to
``offsets[k + 1]``), paragraphs too (``poffsets``), so a pair found
anywhere names its documents, and :func:`articlediff.engines.tables.owner`
says where a document lives.  A function named ``*_out`` returns one
table a target partition: the input of a shuffle.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from ..engines.tables import Table, concat, distinct, objects, owner, rows, split, spread, take
from ..read import Skipped, id_roots
from ..read.sources import Source
from .candidates import MAX_BUCKET, band_column, decode_pairs, pair_codes, runs, same_hash_pairs
from .cluster import Ref, cluster, neighbours
from .fingerprint import Shard
from .passages import bucket_step, crowded_paragraphs, end_groups, match_paragraphs, passage_lists, shared_runs
from .verify import MIN_TEXT_RATIO, Corpus, Edge, equal_views, partial_edge, rewrite_or_partial, verify

# --------------------------------------------------------------------------- reading


def summary(shard: Shard) -> tuple[int, int, list[Skipped], list[Source]]:
    """What the driver needs of a shard: documents, paragraphs, skips, empty JSONL parts."""
    return len(shard), rows(shard.paragraphs), shard.skipped, shard.empty_parts


# --------------------------------------------------------------------------- ids


def id_roots_out(shard: Shard, first: int, parts: int) -> list[Table]:
    """Each id and its ``#`` roots (:func:`articlediff.read.id_roots`), sent to the partition of the root."""
    if shard.given:
        return [{} for _ in range(parts)]
    root, gid, own = [], [], []
    for k, doc_id in enumerate(shard.ids):
        for r in id_roots(doc_id):
            root.append(r)
            gid.append(first + k)
            own.append(r == doc_id)
    table = {"root": objects(root), "gid": np.array(gid, dtype=np.int64), "own": np.array(own, dtype=bool)}
    return split(table, spread(table["root"], parts), parts)


def renamable_out(table: Table, offsets: np.ndarray) -> list[Table]:
    """The documents whose id may be renamed: those with a root that is the id of two documents or more."""
    parts = len(offsets) - 1
    if not table:
        return [{} for _ in range(parts)]
    owners: dict[str, int] = defaultdict(int)
    for r, own in zip(table["root"].tolist(), table["own"].tolist()):
        owners[r] += own
    keep = np.fromiter((owners[r] >= 2 for r in table["root"].tolist()), dtype=bool, count=rows(table))
    gids = distinct(table["gid"][keep])
    return split({"gid": gids}, owner(gids, offsets), parts)


def renamable_ids(table: Table, shard: Shard, first: int) -> Table:
    """``(gid, id)`` of this shard's documents that may be renamed (few: only where ids repeat)."""
    gids = distinct(table["gid"]) if table else np.empty(0, dtype=np.int64)
    ids = shard.ids  # once: an index shard derives its ids
    return {"gid": gids, "id": objects([ids[g - first] for g in gids.tolist()])}


def final_id(shard: Shard, k: int, first: int, renames: dict[int, str]) -> str:
    return renames.get(first + k, shard.ids[k])


# --------------------------------------------------------------------------- candidates


def hashes_out(shard: Shard, first: int, parts: int) -> list[Table]:
    """Content hashes, sent to the partition of the hash (exact copies meet there)."""
    c = shard.columns
    table = {"hash": c["hashes"], "gid": first + np.arange(len(shard), dtype=np.int64), "has_words": c["has_words"]}
    return split(table, spread(table["hash"], parts), parts)


def exact_out(table: Table, offsets: np.ndarray) -> list[Table]:
    """Same-hash pairs (:func:`.candidates.same_hash_pairs`), sent to the partition of their first document."""
    parts = len(offsets) - 1
    if not table:
        return [{} for _ in range(parts)]
    pairs = same_hash_pairs(table["hash"], table["has_words"], table["gid"])
    out = {"i": pairs[:, 0], "j": pairs[:, 1]}
    return split(out, owner(out["i"], offsets), parts)


def bands_out(
    shard: Shard, first: int, parts: int, bands: int, tags: range, rewrite_bands: int = 0
) -> list[Table]:
    """One record ``(key, gid)`` a band of each signature, for the bands ``tags`` (word bands ``0..bands``, then
    skeleton bands, then the ``rewrite_bands`` of the telling signature), sent by key; a key is salted by its band
    (:func:`.candidates.band_column`)."""
    c = shard.columns
    pieces = []
    for tag in tags:
        if tag < 2 * bands:
            name, valid = ("words", "has_words") if tag < bands else ("skeleton", "has_skeleton")
            band, of = tag % bands, bands
        else:
            name, valid, band, of = "telling", "has_telling", tag - 2 * bands, rewrite_bands
        rows_ = np.flatnonzero(c[valid])
        key = band_column(c[name][rows_], band, of, tag=tag)
        pieces.append({"key": key, "gid": first + rows_.astype(np.int64)})
    return _by_bucket(concat(pieces), parts)


def _by_bucket(table: Table, parts: int) -> list[Table]:
    """Band records sent to the partition of their bucket (the key, which names its band)."""
    if not rows(table):
        return [{} for _ in range(parts)]
    return split(table, spread(table["key"], parts), parts)


def _buckets(table: Table) -> tuple[Table, np.ndarray, np.ndarray]:
    """Band records sorted by bucket, and the ``(starts, ends)`` of the buckets of two or more."""
    sorted_ = take(table, np.argsort(table["key"], kind="stable"))
    starts, ends = runs(sorted_["key"])
    return sorted_, starts, ends


def band_pairs_out(table: Table, n: int, offsets: np.ndarray) -> list[Table]:
    """The pairs of documents sharing a bucket (a band and its key), coded ``i * n + j``, sent to the partition of ``i``."""
    parts = len(offsets) - 1
    if not table:
        return [{} for _ in range(parts)]
    t, starts, ends = _buckets(table)
    codes = distinct(pair_codes(t["gid"], starts, ends, n, MAX_BUCKET))
    return split({"code": codes}, owner(codes // max(n, 1), offsets), parts)


def unique_codes(table: Table) -> Table:
    """The candidate pair codes a partition owns, each once."""
    return {"code": distinct(table["code"])} if table else {"code": np.empty(0, dtype=np.int64)}


# --------------------------------------------------------------------------- fetching rows of other partitions


def requests_out(wanted: np.ndarray, me: int, offsets: np.ndarray) -> list[Table]:
    """Ask the owners of ``wanted`` (global numbers) for their rows, to be sent back to partition ``me``."""
    wanted = distinct(wanted)
    table = {"gid": wanted, "to": np.full(len(wanted), me, dtype=np.int64)}
    return split(table, owner(wanted, offsets), len(offsets) - 1)


def doc_rows(shard: Shard, local: np.ndarray) -> Table:
    """What verification needs of documents ``local`` (numbers within the shard): :class:`.verify.Corpus`'s columns and views."""
    out = {name: column[local] for name, column in shard.columns.items()}
    out["view"] = objects([shard.views[k] for k in local.tolist()])
    return out


def docs_out(requests: Table, shard: Shard, first: int, parts: int) -> list[Table]:
    """The documents asked for, each sent to the partition that asked."""
    if not requests:
        return [{} for _ in range(parts)]
    out = doc_rows(shard, requests["gid"] - first)
    out["gid"], out["to"] = requests["gid"], requests["to"]
    return split(out, requests["to"], parts)


class _Joined(Sequence):
    """Two sequences read as one: a shard's views (read only when asked for) and the views it fetched."""

    def __init__(self, first: Sequence[str], second: Sequence[str]) -> None:
        self._first, self._second, self._n = first, second, len(first)

    def __len__(self) -> int:
        return self._n + len(self._second)

    def __getitem__(self, i):  # type: ignore[override]
        return self._first[i] if i < self._n else self._second[i - self._n]


def _mini_corpus(own: Table, imported: Table, own_views: Sequence[str] | None = None) -> tuple[Corpus, np.ndarray]:
    """A :class:`.verify.Corpus` of the rows ``own`` then ``imported``, and the global number of each row.

    ``own_views`` are the views of ``own``'s rows when ``own`` has no view
    column (a shard's own documents: only the views verification reads are read).
    """
    columns = [c for c in own if c != "view"]
    both = {c: np.concatenate((own[c], imported[c])) for c in columns} if imported else {c: own[c] for c in columns}
    first = own["view"] if own_views is None else own_views
    corpus = Corpus(
        views=_Joined(first, imported["view"] if imported else ()),
        hashes=both["hashes"],
        lengths=both["lengths"],
        words=both["words"],
        skeleton=both["skeleton"],
        has_words=both["has_words"],
        has_skeleton=both["has_skeleton"],
        telling=both.get("telling"),
        has_telling=both.get("has_telling"),
    )
    return corpus, both["gid"]


def _own_rows(shard: Shard, first: int) -> Table:
    """The shard's own documents' columns (not their views) and global numbers."""
    out = dict(shard.columns)
    out["gid"] = first + np.arange(len(shard), dtype=np.int64)
    return out


def _rows_of(gids: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """The row of each of ``ids`` in ``gids`` (every id is present)."""
    order = np.argsort(gids, kind="stable")
    return order[np.searchsorted(gids[order], ids)]


# --------------------------------------------------------------------------- verification


def wanted_docs(codes: Table, exact: Table, n: int) -> np.ndarray:
    """The second documents of a partition's candidate and exact pairs."""
    found = [codes["code"] % max(n, 1)] if codes else []
    if exact:
        found.append(exact["j"])
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)


def verify_part(codes: Table, exact: Table, imported: Table, shard: Shard, first: int, n: int, threshold: float) -> Table:
    """The verified pairs of a partition: exact copies (equal views) and near or spun ones (:func:`.verify.verify`).

    A table ``(i, j, edge)`` of global numbers and :class:`.verify.Edge` objects.
    """
    corpus, gids = _mini_corpus(_own_rows(shard, first), imported, shard.views)
    edges_i, edges_j, edges = [], [], []
    if exact:
        for x, y in equal_views(corpus, np.stack((_rows_of(gids, exact["i"]), _rows_of(gids, exact["j"])), axis=1)):
            edges_i.append(int(gids[x]))
            edges_j.append(int(gids[y]))
            edges.append(Edge("exact", 100.0))
    pairs = decode_pairs(codes["code"] if codes else np.empty(0, dtype=np.int64), n)
    pairs = _rows_of(gids, pairs.ravel()).reshape(-1, 2)
    pairs = pairs[corpus.hashes[pairs[:, 0]] != corpus.hashes[pairs[:, 1]]]
    for x, y, kind, score in verify(corpus, pairs, threshold):
        edges_i.append(int(gids[x]))
        edges_j.append(int(gids[y]))
        edges.append(Edge(kind, score))
    return {"i": np.array(edges_i, dtype=np.int64), "j": np.array(edges_j, dtype=np.int64), "edge": objects(edges)}


# --------------------------------------------------------------------------- groups and paragraphs


def text_copies(edges: Table) -> Table:
    """The verified pairs that copy text (all but ``rewrite``): the groups the passages stage keeps apart.

    A rewrite shares no text, so its pair is still searched for shared runs, which are better evidence.
    """
    if not edges:
        return edges
    return take(edges, np.array([e.kind != "rewrite" for e in edges["edge"]], dtype=bool))



def local_labels(labels: Table, first: int, count: int) -> np.ndarray:
    """The component label of each of a shard's documents (its own number when it has no verified pair)."""
    out = first + np.arange(count, dtype=np.int64)
    if labels:
        out[labels["node"] - first] = labels["label"]
    return out


def paragraphs_out(shard: Shard, groups: np.ndarray, first: int, pfirst: int, parts: int, bands: int, tags: range) -> list[Table]:
    """One record ``(key, pgid, group)`` a band of each paragraph signature, for the bands ``tags``, sent by key."""
    p = shard.paragraphs
    m = rows(p)
    if not m:
        return [{} for _ in range(parts)]
    pgid = pfirst + np.arange(m, dtype=np.int64)
    group = groups[p["doc"]]
    pieces = [{"key": band_column(p["sigs"], band, bands), "pgid": pgid, "group": group} for band in tags]
    return _by_bucket(concat(pieces), parts)


def paragraph_pairs_out(table: Table, m: int, poffsets: np.ndarray) -> list[Table]:
    """A bucket's furniture marks ``(x, -1)`` and paragraph pairs ``(x, y)``, sent to the owner of ``x``.

    The marks and pairs are those of :func:`.passages.bucket_step`.
    """
    parts = len(poffsets) - 1
    if not table:
        return [{} for _ in range(parts)]
    t, starts, ends = _buckets(table)
    # bucket_step takes one band's runs; a run never crosses bands (the key names its band), so several bands at once is the same.
    furniture, codes = bucket_step(t["pgid"], t["group"], starts, ends, m)
    pairs = decode_pairs(distinct(codes), m)
    marks = distinct(furniture)
    x = np.concatenate((marks, pairs[:, 0]))
    y = np.concatenate((np.full(len(marks), -1, dtype=np.int64), pairs[:, 1]))
    return split({"x": x, "y": y}, owner(x, poffsets), parts)


def merge_marks(a: Table, b: Table, m: int) -> Table:
    """The furniture marks and paragraph pairs of two groups of bands, each once (sorted by ``x``, then ``y``)."""
    both = concat([a, b])
    if not both:
        return {}
    codes = distinct(both["x"] * (m + 1) + (both["y"] + 1))  # y = -1 (a mark) codes as 0
    return {"x": codes // (m + 1), "y": codes % (m + 1) - 1}


def furniture_of(marks: Table, pfirst: int, m: int) -> np.ndarray:
    """Which of a shard's ``m`` paragraphs a crowded bucket marked as furniture."""
    out = np.zeros(m, dtype=bool)
    if marks:
        out[marks["x"][marks["y"] < 0] - pfirst] = True
    return out


def paragraph_text(shard: Shard, k: int) -> str:
    """The matching view of the shard's paragraph ``k``, cut from its document's."""
    p = shard.paragraphs
    a, b = p["view"][k].tolist()
    return shard.views[int(p["doc"][k])][a:b]


def paragraph_rows(
    shard: Shard, groups: np.ndarray, furniture: np.ndarray, local: np.ndarray, first: int, text: bool = True
) -> Table:
    """What matching needs of paragraphs ``local`` (numbers within the shard); their texts only with ``text``."""
    p = shard.paragraphs
    doc = p["doc"][local]
    out = {
        "doc": first + doc,
        "group": groups[doc],
        "sigs": p["sigs"][local],
        "span": p["span"][local],
        "words": p["words"][local],
        "keys": p["keys"][local],
        "furniture": furniture[local],
        "hash": shard.columns["hashes"][doc],
        "length": shard.columns["lengths"][doc],
    }
    if text:
        out["text"] = objects([paragraph_text(shard, k) for k in local.tolist()])
    return out


def paragraphs_sent_out(
    requests: Table, shard: Shard, groups: np.ndarray, marks: Table, first: int, pfirst: int, parts: int
) -> list[Table]:
    """The paragraphs asked for, each sent to the partition that asked."""
    if not requests:
        return [{} for _ in range(parts)]
    furniture = furniture_of(marks, pfirst, rows(shard.paragraphs))
    out = paragraph_rows(shard, groups, furniture, requests["gid"] - pfirst, first)
    out["pgid"], out["to"] = requests["gid"], requests["to"]
    return split(out, requests["to"], parts)


def match_part(
    marks: Table, imported: Table, shard: Shard, groups: np.ndarray, first: int, pfirst: int, threshold: float
) -> Table:
    """The paragraph pairs of a partition that are the same passage (:func:`.passages.match_paragraphs`), in pair order.

    One row a pair: both windows (``x``, ``y``), the pair's kind code, and
    for each window its document, group, span, word numbers, and the
    document's hash and length.
    """
    m = rows(shard.paragraphs)
    furniture = furniture_of(marks, pfirst, m)
    own = paragraph_rows(shard, groups, furniture, np.arange(m), first, text=False)  # texts are read only for pairs
    own["pgid"] = pfirst + np.arange(m, dtype=np.int64)
    both = concat([own, {k: imported[k] for k in own}]) if imported else own
    pairs_at = marks["y"] >= 0 if marks else np.zeros(0, dtype=bool)
    x = marks["x"][pairs_at] if marks else np.empty(0, dtype=np.int64)
    y = marks["y"][pairs_at] if marks else np.empty(0, dtype=np.int64)
    if not len(x):
        return {}
    found = np.unique(np.stack((x, y), axis=1), axis=0)  # a pair may come from several bands' buckets; sorted
    x, y = found[:, 0], found[:, 1]
    pg = both["pgid"]
    pairs = np.stack((_rows_of(pg, x), _rows_of(pg, y)), axis=1)
    fetched = imported["text"] if imported else ()

    def text(r: int) -> str:
        return paragraph_text(shard, r) if r < m else fetched[r - m]

    matched, kinds = match_paragraphs(pairs, both["doc"], both["furniture"], both["sigs"], text, threshold, MIN_TEXT_RATIO)
    a, b = matched[:, 0], matched[:, 1]
    out = {"x": pg[a], "y": pg[b], "kind": kinds}
    for name in ("doc", "group", "span", "keys", "hash", "length"):
        out[name + "_x"], out[name + "_y"] = both[name][a], both[name][b]
    return out


def crowd_out(matched: Table, me: int, poffsets: np.ndarray) -> list[Table]:
    """For each end of each matched pair, both groups of the pair, sent to the owner of that paragraph."""
    parts = len(poffsets) - 1
    if not matched:
        return [{} for _ in range(parts)]
    ends, group = end_groups(matched["x"], matched["y"], matched["group_x"], matched["group_y"])
    table = {"pgid": ends, "group": group, "holder": np.full(len(ends), me, dtype=np.int64)}
    return split(table, owner(ends, poffsets), parts)


def crowded_out(table: Table, parts: int) -> list[Table]:
    """Paragraphs found in too many groups, sent to each partition holding one of their pairs.

    Too many groups is as :func:`.passages.crowded_paragraphs` judges it.
    """
    if not table:
        return [{} for _ in range(parts)]
    crowded = crowded_paragraphs(table["pgid"], table["group"])
    hit = np.isin(table["pgid"], crowded)
    found = (
        np.unique(np.stack((table["pgid"][hit], table["holder"][hit]), axis=1), axis=0)
        if hit.any()
        else np.empty((0, 2), dtype=np.int64)
    )
    return split({"pgid": found[:, 0]}, found[:, 1], parts)


def partial_part(matched: Table, crowded: Table, whole: Table) -> Table:
    """The partial-copy edges of a partition: runs of matched windows not crowded, for document pairs not related as
    whole texts (or related as a whole-text ``partial``, whose edge this one replaces with its runs)."""
    if not matched:
        return {}
    bad = crowded["pgid"] if crowded else np.empty(0, dtype=np.int64)
    keep = ~(np.isin(matched["x"], bad) | np.isin(matched["y"], bad))
    t = take(matched, keep)
    k = rows(t)
    doc = np.concatenate((t["doc_x"], t["doc_y"]))
    span = np.concatenate((t["span_x"], t["span_y"]))
    keys = np.concatenate((t["keys_x"], t["keys_y"]))
    lists = passage_lists(np.stack((np.arange(k), np.arange(k) + k), axis=1), doc, span, keys, t["kind"])
    info = {}
    for r in range(k):
        info[int(t["doc_x"][r]), int(t["doc_y"][r])] = (
            t["hash_x"][r],
            t["hash_y"][r],
            int(t["length_x"][r]),
            int(t["length_y"][r]),
        )
    # pairs already related as whole texts; a whole-text ``partial`` or a ``rewrite`` pair gets its runs here
    known: dict[tuple[int, int], Edge] = {}
    if whole:
        known = {(i, j): e for i, j, e in zip(whole["i"].tolist(), whole["j"].tolist(), whole["edge"])}
    ii, jj, edges = [], [], []
    for (i, j), shared in lists.items():
        hash_i, hash_j, len_i, len_j = info[i, j]
        before = known.get((i, j))
        if hash_i == hash_j or (before is not None and before.kind not in ("partial", "rewrite")):
            continue
        ii.append(i)
        jj.append(j)
        if before is not None and before.kind == "rewrite":
            edges.append(rewrite_or_partial(before, shared_runs(shared), len_i, len_j))
        else:
            edges.append(partial_edge(shared_runs(shared), len_i, len_j))
    return {"i": np.array(ii, dtype=np.int64), "j": np.array(jj, dtype=np.int64), "edge": objects(edges)}


# --------------------------------------------------------------------------- clusters


def members_out(labels: Table, shard: Shard, first: int, renames: dict[int, str], parts: int) -> list[Table]:
    """This shard's clustered documents with everything :func:`.cluster.cluster` needs, sent to the partition of their label."""
    if not labels:
        return [{} for _ in range(parts)]
    local = labels["node"] - first
    out = doc_rows(shard, local)
    out["gid"], out["label"] = labels["node"], labels["label"]
    out["ref"] = objects([Ref(final_id(shard, k, first, renames), shard.paths[k], shard.dates[k]) for k in local.tolist()])
    return split(out, spread(out["label"], parts), parts)


def edges_out(edges: Table, labels: Table, parts: int) -> list[Table]:
    """A partition's edges (all have their first document here), sent to the partition of that document's label."""
    if not edges:
        return [{} for _ in range(parts)]
    label = labels["label"][_rows_of(labels["node"], edges["i"])]
    out = dict(edges, label=label)
    return split(out, spread(label, parts), parts)


def clusters_part(members: Table, edges: Table, threshold: float, keep: str = "original") -> list[tuple[int, object]]:
    """The clusters whose label falls in this partition: ``[(first member's number, Cluster), ...]``.

    Each is built by :func:`.cluster.cluster`, its representative chosen by ``keep``.
    """
    if not members:
        return []
    out = []
    order = np.lexsort((members["gid"], members["label"]))
    members = take(members, order)
    by_label = defaultdict(list)
    if edges:
        for r, label in enumerate(edges["label"].tolist()):
            by_label[label].append(r)
    starts = np.flatnonzero(np.r_[True, members["label"][1:] != members["label"][:-1]])
    ends = np.r_[starts[1:], rows(members)]
    for s, e in zip(starts.tolist(), ends.tolist()):
        group = take(members, np.arange(s, e))
        corpus, gids = _mini_corpus(group, {})
        local = {int(g): k for k, g in enumerate(gids.tolist())}
        found = {}
        for r in by_label[int(group["label"][0])]:
            pair, edge = (local[int(edges["i"][r])], local[int(edges["j"][r])]), edges["edge"][r]
            if pair not in found or edge.passages:  # a pair's runs replace its whole-text partial edge
                found[pair] = edge
        refs = list(group["ref"])
        out.append((int(gids[0]), cluster(list(range(len(gids))), refs, corpus, threshold, found, neighbours(found), keep)))
    return out
