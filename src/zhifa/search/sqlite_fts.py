"""SQLite FTS5 backend of the search port: one file per index, jieba tokens, bm25 ranking.

The `docs` table keeps id, text, a digest of the text and the pre-tokenized text; `meta` one column per
schema field; `fts` is an external-content FTS5 table over the tokens (unicode61 splits on spaces).
Re-indexing a document whose text is unchanged only updates its fields.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from zhifa.search.port import FieldValue, Filter, Hit, IndexSchema, SearchDoc, check_filters
from zhifa.search.snippets import make_snippet
from zhifa.search.tokenize import index_tokens, query_terms

_SQL_TYPES = {"text": "TEXT", "int": "INTEGER", "real": "REAL"}
_OPS = {"eq": "=", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
BATCH = 2000


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class SqliteFtsIndex:
    """A persistent FTS5 index in its own SQLite file (var/search/<name>.db)."""

    def __init__(self, path: Path | str, schema: IndexSchema) -> None:
        self.schema = schema
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._fields = list(schema.fields)
        self._create()

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA cache_size=-65536")
            self._local.conn = conn
        return conn

    def _create(self) -> None:
        cols = "".join(f', "{name}" {_SQL_TYPES[kind]}' for name, kind in self.schema.fields.items())
        conn = self._conn()
        with conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS docs (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
                " text TEXT NOT NULL, digest TEXT NOT NULL, tokens TEXT NOT NULL)"
            )
            # Filter fields live in a narrow table so that filtering many matches reads few pages.
            conn.execute(f"CREATE TABLE IF NOT EXISTS meta (rowid INTEGER PRIMARY KEY{cols})")
            conn.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(tokens, content='docs',"
                " content_rowid='rowid', tokenize='unicode61 remove_diacritics 0')"
            )
            known = {row[1] for row in conn.execute("PRAGMA table_info(meta)")}
            for name, kind in self.schema.fields.items():
                if name not in known:
                    conn.execute(f'ALTER TABLE meta ADD COLUMN "{name}" {_SQL_TYPES[kind]}')

    def close(self) -> None:
        """Close this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def index(self, docs: Iterable[SearchDoc]) -> int:
        """Add or replace documents by id; unchanged texts only get their fields updated."""
        tokenized = 0
        batch: list[SearchDoc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= BATCH:
                tokenized += self._index_batch(batch)
                batch = []
        if batch:
            tokenized += self._index_batch(batch)
        return tokenized

    def _index_batch(self, docs: list[SearchDoc]) -> int:
        conn = self._conn()
        ids = [d.id for d in docs]
        existing: dict[str, tuple[int, str, str]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in conn.execute(
                f"SELECT id, rowid, digest, tokens FROM docs WHERE id IN ({marks})", chunk
            ):
                existing[row[0]] = (row[1], row[2], row[3])
        field_sets = ", ".join(f'"{f}" = ?' for f in self._fields)
        updates: list[list[Any]] = []
        fts_deletes: list[tuple[int, str]] = []
        inserts: list[list[Any]] = []
        for doc in docs:
            values = [doc.fields.get(f) for f in self._fields]
            digest = _digest(doc.text)
            old = existing.get(doc.id)
            if old is not None and old[1] == digest:
                if field_sets:
                    updates.append([*values, old[0]])
                continue
            if old is not None:
                fts_deletes.append((old[0], old[2]))
            inserts.append([doc.id, doc.text, digest, " ".join(index_tokens(doc.text)), values])
        cols = "".join(f', "{f}"' for f in self._fields)
        marks = ", ?" * len(self._fields)
        with conn:
            if updates:
                conn.executemany(f"UPDATE meta SET {field_sets} WHERE rowid = ?", updates)
            if fts_deletes:
                conn.executemany("INSERT INTO fts(fts, rowid, tokens) VALUES('delete', ?, ?)", fts_deletes)
                conn.executemany("DELETE FROM docs WHERE rowid = ?", [(r,) for r, _ in fts_deletes])
                conn.executemany("DELETE FROM meta WHERE rowid = ?", [(r,) for r, _ in fts_deletes])
            if inserts:
                base = int(conn.execute("SELECT coalesce(max(rowid), 0) FROM docs").fetchone()[0])
                rows = [[base + i + 1, *row[:4]] for i, row in enumerate(inserts)]
                conn.executemany(
                    "INSERT INTO docs (rowid, id, text, digest, tokens) VALUES (?, ?, ?, ?, ?)", rows
                )
                metas = [[base + i + 1, *row[4]] for i, row in enumerate(inserts)]
                conn.executemany(f"INSERT INTO meta (rowid{cols}) VALUES (?{marks})", metas)
                conn.executemany("INSERT INTO fts(rowid, tokens) VALUES (?, ?)", [(r[0], r[4]) for r in rows])
        return len(inserts)

    def delete(self, ids: Iterable[str]) -> int:
        """Remove documents by id; return how many existed."""
        conn = self._conn()
        found = 0
        with conn:
            for doc_id in ids:
                row = conn.execute("SELECT rowid, tokens FROM docs WHERE id = ?", (doc_id,)).fetchone()
                if row is None:
                    continue
                conn.execute("INSERT INTO fts(fts, rowid, tokens) VALUES('delete', ?, ?)", row)
                conn.execute("DELETE FROM docs WHERE rowid = ?", (row[0],))
                conn.execute("DELETE FROM meta WHERE rowid = ?", (row[0],))
                found += 1
        return found

    def count(self) -> int:
        """Number of indexed documents."""
        return int(self._conn().execute("SELECT count(*) FROM docs").fetchone()[0])

    def search(self, query: str, filters: Sequence[Filter] = (), limit: int = 10) -> list[Hit]:
        """All terms must match (falls back to any term when nothing matches all); bm25 order."""
        check_filters(self.schema, filters)
        terms = query_terms(query)
        if not terms or limit <= 0:
            return []
        where, params = self._where(filters)
        quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
        hits = self._run(" AND ".join(quoted), where, params, limit, terms)
        if not hits and len(terms) > 1:
            hits = self._run(" OR ".join(quoted), where, params, limit, terms)
        return hits

    def _where(self, filters: Sequence[Filter]) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for flt in filters:
            col = f'd."{flt.field}"'
            if flt.op == "in":
                values = list(flt.value) if isinstance(flt.value, (list, tuple, set, frozenset)) else []
                cond = f"{col} IN ({','.join('?' * len(values))})" if values else "0"
                params.extend(values)
            else:
                cond = f"{col} {_OPS[flt.op]} ?"
                params.append(flt.value)
            clauses.append(f"({cond} OR {col} IS NULL)" if flt.or_null else cond)
        return "".join(f" AND {c}" for c in clauses), params

    def _run(self, match: str, where: str, params: list[Any], limit: int, terms: list[str]) -> list[Hit]:
        cols = "".join(f', d."{f}"' for f in self._fields)
        join = (
            f" JOIN meta d ON d.rowid = fts.rowid WHERE fts MATCH ?{where}" if where else " WHERE fts MATCH ?"
        )
        sql = f"SELECT fts.rowid, bm25(fts) AS score FROM fts{join} ORDER BY score LIMIT ?"
        conn = self._conn()
        ranked = conn.execute(sql, [match, *params, limit]).fetchall()
        if not ranked:
            return []
        marks = ",".join("?" * len(ranked))
        details = {
            row[0]: row
            for row in conn.execute(
                f"SELECT d.rowid, x.id, x.text{cols} FROM meta d JOIN docs x ON x.rowid = d.rowid"
                f" WHERE d.rowid IN ({marks})",
                [r[0] for r in ranked],
            )
        }
        hits: list[Hit] = []
        for rowid, score in ranked:
            row = details[rowid]
            fields: dict[str, FieldValue] = dict(zip(self._fields, row[3:], strict=True))
            hits.append(Hit(row[1], -float(score), make_snippet(row[2], terms), fields))
        return hits
