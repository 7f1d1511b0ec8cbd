"""The person's own drawings, kept in an SQLite database in the data folder.

Each drawing is stored as the project's drawing JSON (`model.drawing_files.sample_to_json`: strokes
with x, y, t and pressure, or a raster for imported pictures) with its label, canvas size, source
(collected, corrected, imported) and creation time. The schema is versioned (`PRAGMA user_version`)
and migrated on open. The database runs in WAL mode and every save is one transaction, so killing
the app mid-save loses at most that drawing. A file that cannot be opened as our database is renamed
aside (never deleted) and a fresh one is started; `recovery_message` says so, for the app to show. A
store saved by a newer Runesight is never touched: opening it raises `NewerStore`. A store named on a
command line is opened `read_only`: the file is never changed (an old one is upgraded in memory).

Several programs (two Runesight windows) may share the file. Deleting only hides a drawing, so that it
can be undone; `purge_deleted` removes for good only what this store deleted, and what others deleted
only when no other program has the store open (`_Users`): never what another window can still undo.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from model.alphabet import Alphabet, load_alphabet
from model.atomic_files import staged, sync_file, sync_folder
from model.drawing import Drawing, RasterDrawing, Sample
from model.drawing_files import is_canvas_size, sample_from_json, sample_to_json
from model.preprocessing import DrawingError, preprocess
from model.user_folders import data_dir
from model.wording import counted, quoted

STORE_FILE_NAME = "drawings.sqlite3"
SOURCES = ("collected", "corrected", "imported")
SCHEMA_VERSION = 2
BUSY_WAIT_S = 10.0  # how long a save waits for another program (another Runesight) to finish its own

# Version 1, the first release: strokes only (x, y, t as JSON), time as Unix seconds, hard deletes.
SCHEMA_V1 = """
CREATE TABLE drawings (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    source TEXT NOT NULL,
    created INTEGER NOT NULL,
    canvas_width INTEGER,
    canvas_height INTEGER,
    strokes TEXT NOT NULL
);
"""

# Version 2: the whole drawing as our JSON object (pressure, rasters), ISO times, undoable deletes,
# and a digest so that importing the same file twice adds nothing.
SCHEMA_V2 = """
CREATE TABLE drawings (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('collected', 'corrected', 'imported')),
    created TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('strokes', 'raster')),
    canvas_width INTEGER,
    canvas_height INTEGER,
    drawing TEXT NOT NULL,
    digest TEXT NOT NULL,
    deleted TEXT
);
CREATE INDEX drawings_label ON drawings (label) WHERE deleted IS NULL;
CREATE INDEX drawings_digest ON drawings (digest);
"""


class StoreError(RuntimeError):
    """A drawing that cannot be stored, an id that is not there, a database that cannot be used; the message
    says why, for a person."""


class NewerStore(StoreError):
    """A store saved by a newer Runesight: this one must not change it, nor hide it behind an empty one."""


class CannotWrite(StoreError):
    """The disk holding the store is full or read-only (or failing): its drawings may still be read, with
    `DrawingStore(read_only=True)`."""


class _Unusable(Exception):
    """The file is not a drawing store this version can use (corrupt, foreign). `damaged`: ours, but with
    damaged pages, so that what can still be read is worth saving."""

    def __init__(self, reason: str, damaged: bool = False) -> None:
        super().__init__(reason)
        self.damaged = damaged


UNUSABLE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB; "locked" or "busy" must never set a file aside
SQLITE_CORRUPT = 11
CANNOT_WRITE_CODES = {8, 10, 13, 14}  # SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN
DISK_FULL_BELOW = 1 << 20  # bytes free: a save needs a few kilobytes, and SQLite's index of the -wal more
READ_ERRORS = (ValueError, TypeError, OverflowError, OSError, RecursionError)  # a stored row that does not parse


class _Users:
    """Who has a store open, by a shared lock (flock) on a file beside it, held while it is open; the kernel
    drops the lock of a program that is killed. Where there are no such locks (Windows) or the file cannot be
    made, every store counts as shared with someone."""

    def __init__(self, store_path: Path) -> None:
        self._handle: int | None = None
        try:
            import fcntl
        except ImportError:
            return
        self._fcntl = fcntl
        path = store_path.with_name(store_path.name + ".users")
        try:
            self._handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
            fcntl.flock(self._handle, fcntl.LOCK_SH)
        except OSError:
            self.close()

    def alone(self) -> bool:
        """Whether no other program has the store open. Only to be asked inside a write transaction: turning
        the shared lock into an exclusive one drops it for a moment, which only another `alone` could notice,
        and that waits for the transaction."""
        if self._handle is None:
            return False
        try:
            self._fcntl.flock(self._handle, self._fcntl.LOCK_EX | self._fcntl.LOCK_NB)
        except OSError:
            alone = False
        else:
            alone = True
        self._fcntl.flock(self._handle, self._fcntl.LOCK_SH)
        return alone

    def close(self) -> None:
        if self._handle is not None:
            os.close(self._handle)  # and with it the lock
            self._handle = None


@dataclass(frozen=True)
class DrawingEntry:
    """One row of the store without its strokes: enough for lists and counters."""

    id: int
    label: str
    source: str
    created: str  # ISO 8601, UTC
    kind: str  # 'strokes' or 'raster'


@dataclass(frozen=True)
class StoredDrawing:
    entry: DrawingEntry
    sample: Sample  # labelled with entry.label


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def drawing_digest(sample: Sample) -> str:
    """The same drawing (label aside) gives the same digest, however it was read."""
    obj = sample_to_json(sample.with_label(None))
    return hashlib.sha256(json.dumps(obj, sort_keys=True).encode()).hexdigest()


def _run_script(connection: sqlite3.Connection, script: str) -> None:
    # Statement by statement: executescript() would commit the migration's transaction half-way.
    for statement in script.split(";"):
        if statement.strip():
            connection.execute(statement)


def _migrate_v1_to_v2(connection: sqlite3.Connection) -> int:
    """Returns how many rows could not be read: they stay, apart, in the table `unreadable_v1_drawings`."""
    rows = connection.execute(
        "SELECT id, label, source, created, canvas_width, canvas_height, strokes FROM drawings"
    ).fetchall()
    connection.execute("ALTER TABLE drawings RENAME TO drawings_v1")
    _run_script(connection, SCHEMA_V2)
    for row_id, label, source, created, width, height, strokes in rows:
        try:
            obj = {"word": label, "drawing": json.loads(strokes)}
            if width and height:
                obj["canvas"] = [width, height]
            sample = sample_from_json(obj)
            stamp = datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")
            body = json.dumps(sample_to_json(sample.with_label(None)))
        except READ_ERRORS:
            continue  # one damaged drawing costs only itself
        canvas = sample.canvas_size or (None, None)
        connection.execute(
            "INSERT INTO drawings (id, label, source, created, kind, canvas_width, canvas_height, drawing, digest)"
            " VALUES (?, ?, ?, ?, 'strokes', ?, ?, ?, ?)",
            (row_id, label, source if source in SOURCES else "imported", stamp, *canvas, body, drawing_digest(sample)),
        )
        connection.execute("DELETE FROM drawings_v1 WHERE id = ?", (row_id,))
    unreadable = connection.execute("SELECT COUNT(*) FROM drawings_v1").fetchone()[0]
    if unreadable:
        connection.execute("ALTER TABLE drawings_v1 RENAME TO unreadable_v1_drawings")
    else:
        connection.execute("DROP TABLE drawings_v1")
    return unreadable


MIGRATIONS = {1: _migrate_v1_to_v2}  # from version -> the step to the next version; each returns rows it left out


def create_schema(connection: sqlite3.Connection, version: int) -> None:
    """Create the tables of one schema version (the current one, or an old one to test migrations)."""
    _run_script(connection, {1: SCHEMA_V1, 2: SCHEMA_V2}[version])
    connection.execute(f"PRAGMA user_version = {version}")


def _columns(connection: sqlite3.Connection) -> set[str]:
    return {row[1] for row in connection.execute("PRAGMA table_info(drawings)")}


@cache
def _schema_columns(version: int) -> frozenset[str]:
    """The columns of the drawings table in one schema version: what a file claiming that version must have."""
    connection = sqlite3.connect(":memory:")
    create_schema(connection, version)
    columns = frozenset(_columns(connection))
    connection.close()
    return columns


def _disk_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < DISK_FULL_BELOW
    except OSError:
        return False


def _plain_reason(error: sqlite3.Error, path: Path) -> str:
    """What went wrong with the database, for a person rather than as SQLite's words."""
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF  # the primary code of an extended one
    busy = f"the drawing database is busy in another program (another Runesight?): {path}"
    reasons = {
        5: busy,  # SQLITE_BUSY
        6: busy,  # SQLITE_LOCKED
        8: f"the drawing database is read-only: {path}",  # SQLITE_READONLY
        10: f"the disk holding the drawing database is full: {path}" if _disk_full(path.parent)
        else f"the drawing database could not be read or written (a disk error): {path}",  # SQLITE_IOERR
        11: f"the drawing database is damaged: {path}",  # SQLITE_CORRUPT
        13: f"the disk holding the drawing database is full: {path}",  # SQLITE_FULL
        14: f"the folder holding the drawing database is read-only: {path.parent}"
        if path.parent.is_dir() and not os.access(path.parent, os.W_OK)
        else f"the drawing database cannot be opened: {path}",  # SQLITE_CANTOPEN
        26: f"the file is not a database: {path}",  # SQLITE_NOTADB
    }
    return reasons.get(code, f"the drawing database {path} could not be used ({error})")


def _readable_ids(source: sqlite3.Connection) -> set[int]:
    """The ids of the rows a damaged table may still give: a scan stops at the first damaged page, so every
    index is asked too, and the scan goes on past the damage, skipping ever further until it lands again."""
    ids: set[int] = set()
    indexes = [row[0] for row in source.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'drawings'")
        if re.fullmatch(r"\w+", row[0] or "")]  # a name from a damaged file goes into SQL: plain names only
    ways = ["SELECT id FROM drawings ORDER BY id"] + [
        f"SELECT id FROM drawings INDEXED BY {name} WHERE {'deleted IS NULL' if name == 'drawings_label' else '1'}"
        for name in indexes]
    for sql in ways:
        with suppress(sqlite3.DatabaseError):
            for (row_id,) in source.execute(sql):
                ids.add(row_id)
    with suppress(sqlite3.DatabaseError):
        last = source.execute("SELECT max(id) FROM drawings").fetchone()[0] or 0
        last = max(last, *ids) if ids else last
        at, step = 0, 1
        while at < last:
            try:
                found = source.execute("SELECT id FROM drawings WHERE id > ? ORDER BY id LIMIT 200", (at,)).fetchall()
            except sqlite3.DatabaseError:
                at, step = at + step, step * 2
                continue
            if not found:
                break
            ids.update(row_id for (row_id,) in found)
            at, step = found[-1][0], 1
    return ids


def _salvage(damaged: Path, into: Path) -> tuple[int, int] | None:
    """Copy every row that can still be read from a damaged store into a new one at `into` (one transaction),
    in the damaged file's schema version (opening it migrates it as usual); (saved, lost), or None when the
    damaged file does not even say which version it is."""
    try:
        source = sqlite3.connect(f"{damaged.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    target = None
    try:
        version = source.execute("PRAGMA user_version").fetchone()[0]
        if not 0 < version <= SCHEMA_VERSION:
            return None
        columns = ", ".join(sorted(_schema_columns(version)))
        ids = _readable_ids(source)
        target = sqlite3.connect(into, isolation_level=None)
        target.execute("PRAGMA synchronous = FULL")
        target.execute("BEGIN IMMEDIATE")
        create_schema(target, version)
        saved = 0
        for row_id in sorted(ids):
            try:
                row = source.execute(f"SELECT {columns} FROM drawings WHERE id = ?", (row_id,)).fetchone()
                if row is not None:
                    target.execute(f"INSERT INTO drawings ({columns}) VALUES ({', '.join('?' * len(row))})", row)
                    saved += 1
            except sqlite3.DatabaseError:  # this row's page is damaged, or what it holds breaks the schema
                continue
        target.execute("COMMIT")
        return saved, len(ids) - saved
    except sqlite3.Error:
        return None
    finally:
        source.close()
        if target is not None:
            target.close()


@contextmanager
def _plain_errors(path: Path) -> Iterator[None]:
    """SQLite's errors as StoreError with a reason a person can read (CannotWrite where the disk refuses)."""
    try:
        yield
    except sqlite3.Error as error:
        code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
        raise (CannotWrite if code in CANNOT_WRITE_CODES else StoreError)(_plain_reason(error, path)) from error


class DrawingStore:
    """The drawing database. Safe to share between threads (one connection, one lock)."""

    def __init__(self, path: Path | None = None, alphabet: Alphabet | None = None, *, read_only: bool = False):
        """Open (or start) the store. `read_only`, for a store named on a command line, or on a disk that is
        full or read-only: nothing is written to the file (no set-aside, no upgrade on disk); one that cannot
        be read raises StoreError. Raises NewerStore, leaving the file alone, for a store saved by a newer
        Runesight, and CannotWrite (a full or read-only disk) where a store to write cannot be opened."""
        self.path = Path(path) if path is not None else data_dir() / STORE_FILE_NAME
        self.alphabet = alphabet or load_alphabet()
        # What opening had to do that the person should hear of: a file set aside, drawings left out of an upgrade.
        self.recovery_message: str | None = None
        self.cannot_write: str | None = None  # why nothing can be saved (a full or read-only disk): said by every save
        self.set_aside_path: Path | None = None
        self.unreadable_ids: set[int] = set()  # stored drawings found damaged when read, left out of what is read
        self._lock = threading.RLock()
        self._deleted_here: dict[int, str] = {}  # id -> the time this store deleted it: what it may purge
        self._users: _Users | None = None
        with _plain_errors(self.path):
            if read_only:
                self._connection = self._open_read_only()
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if _disk_full(self.path.parent):  # opening a store to write may map its -shm file: see below
                raise CannotWrite(f"the disk holding the drawing database is full: {self.path}")
            if not os.access(self.path.parent, os.W_OK):  # SQLite would open it, and refuse only the first save
                raise CannotWrite(f"the folder holding the drawing database is read-only: {self.path.parent}")
            try:
                self._connection = self._open()
            except _Unusable as error:
                self._set_aside_and_salvage(error)
                self._connection = self._open()
        self._users = _Users(self.path)

    # -- opening, migrating, recovering ------------------------------------------------------

    def _connect(self, target: str | Path, **options) -> sqlite3.Connection:
        return sqlite3.connect(target, isolation_level=None, check_same_thread=False, timeout=BUSY_WAIT_S, **options)

    def _open(self) -> sqlite3.Connection:
        connection = self._connect(self.path)
        try:
            version = self._usable_version(connection)  # before writing anything: a file not ours stays unchanged
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")  # a few ms a save; survives power loss too
            self._migrate(connection, version)
        except sqlite3.DatabaseError as error:
            connection.close()
            code = getattr(error, "sqlite_errorcode", None)
            if code in UNUSABLE_CODES:
                raise _Unusable(str(error), damaged=code == SQLITE_CORRUPT) from error
            raise
        except BaseException:
            connection.close()
            raise
        return connection

    def _open_read_only(self) -> sqlite3.Connection:
        # With no -wal file beside it no program is writing the store, and "immutable" reads it without the
        # -wal and -shm files a WAL store's reader would otherwise leave behind.
        journaled = self.path.with_name(self.path.name + "-wal").exists()
        if journaled and _disk_full(self.path.parent):
            connection = self._copy_without_shared_memory()
        else:
            connection = self._connect(f"{self.path.resolve().as_uri()}?mode=ro{'' if journaled else '&immutable=1'}",
                                       uri=True)
        try:
            version = self._usable_version(connection)
            if version != SCHEMA_VERSION:  # an old store is upgraded in a copy in memory: the file stays as it is
                if connection.execute("PRAGMA database_list").fetchone()[2]:  # the file, not a copy yet
                    memory = self._connect(":memory:")
                    connection.backup(memory)
                    connection.close()
                    connection = memory
                self._migrate(connection, version)
            connection.execute("PRAGMA query_only = ON")  # the copy in memory cannot be saved either
        except _Unusable as error:
            connection.close()
            raise StoreError(f"{self.path} cannot be read: {error}") from error
        except BaseException:
            connection.close()
            raise
        return connection

    def _copy_without_shared_memory(self) -> sqlite3.Connection:
        """The store (with its -wal) copied into memory, read without mapping its -shm file: on a full disk,
        touching a page of that file that has no room kills the program (SIGBUS). In exclusive locking mode
        SQLite keeps that index in memory instead; that mode needs a read-write handle, but nothing is written
        (closing may fold the -wal into the file, as any last reader does, where there is room)."""
        source = self._connect(f"{self.path.resolve().as_uri()}?mode=rw", uri=True)
        try:
            source.execute("PRAGMA locking_mode = EXCLUSIVE")
            memory = self._connect(":memory:")
            source.backup(memory)
        finally:
            source.close()  # and with it the lock: other programs may read it too
        return memory

    def _usable_version(self, connection: sqlite3.Connection) -> int:
        """The file's schema version, once it is known to be a store this Runesight can use."""
        check = connection.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise _Unusable("the file is damaged", damaged=True)
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise NewerStore(f"the drawing database {self.path} was saved by a newer version of Runesight, and this "
                             "version cannot read it; the file is left as it is")
        if version == 0:  # a new, empty file, or another program's
            ours = not connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        else:  # a version it knows, with the tables that version has: another program may set user_version too
            ours = version > 0 and _schema_columns(version) <= _columns(connection)
        if not ours:
            raise _Unusable("an SQLite file, but not a Runesight drawing store")
        return version

    def _migrate(self, connection: sqlite3.Connection, version: int) -> None:
        if version == SCHEMA_VERSION:
            return
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = self._usable_version(connection)  # again: another process may have migrated it meanwhile
            left_out = 0
            if version == 0:
                create_schema(connection, SCHEMA_VERSION)
            else:
                while version < SCHEMA_VERSION:
                    left_out += MIGRATIONS[version](connection)
                    version += 1
                    connection.execute(f"PRAGMA user_version = {version}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        if left_out:
            self.recovery_message = (
                f"{counted(left_out, 'drawing')} in {self.path}, saved by an older Runesight, could not be read and "
                f"{'was' if left_out == 1 else 'were'} left out; the file keeps {'it' if left_out == 1 else 'them'}.")

    def _set_aside_and_salvage(self, error: _Unusable) -> None:
        """Set the file aside and start a new store, with every drawing that can still be read from a damaged
        one. The rows are copied into a file of its own first, in one transaction, and it takes the store's
        name only once it is whole and on the disk: a crash meanwhile leaves the damaged file where it was."""
        if not error.damaged:
            self._set_aside(str(error))
            return
        with staged(self.path) as rescue:
            counts = _salvage(self.path, rescue)
            if counts is None or counts[0] == 0:
                self._set_aside(str(error))
                return
            sync_file(rescue)
            self._set_aside(str(error))
            os.replace(rescue, self.path)
            sync_folder(self.path.parent)
        saved, lost = counts
        self.recovery_message = (
            f"The drawing database {self.path} was damaged. {counted(saved, 'drawing')} of {saved + lost:,} could "
            f"still be read and {'was' if saved == 1 else 'were'} saved into a new database; "
            f"{lost:,} could not be read. The damaged file was kept as {self.set_aside_path}.")

    def _set_aside(self, reason: str) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.unreadable-{stamp}")
        counter = 1
        while target.exists():
            counter += 1
            target = self.path.with_name(f"{self.path.name}.unreadable-{stamp}-{counter}")
        self.path.replace(target)
        for suffix in ("-wal", "-shm"):  # the journal belongs with the file it journals
            companion = self.path.with_name(self.path.name + suffix)
            if companion.exists():
                companion.replace(target.with_name(target.name + suffix))
        self.set_aside_path = target
        self.recovery_message = (
            f"The drawing database {self.path} could not be opened ({reason}). It was kept as {target} "
            f"and a new, empty database was started."
        )

    def close(self) -> None:
        with self._lock:
            self._connection.close()
            if self._users is not None:
                self._users.close()

    def __enter__(self) -> DrawingStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _transaction(self):
        if self.cannot_write is not None:
            raise CannotWrite(self.cannot_write)
        with self._lock, _plain_errors(self.path):
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield self._connection
                self._connection.execute("COMMIT")
            except BaseException:
                if self._connection.in_transaction:  # SQLite ends it itself on some errors (a full disk)
                    self._connection.execute("ROLLBACK")
                raise

    def _rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock, _plain_errors(self.path):
            return self._connection.execute(sql, params).fetchall()

    @property
    def schema_version(self) -> int:
        return self._rows("PRAGMA user_version")[0][0]

    # -- writing -------------------------------------------------------------------------------

    def _row(self, sample: Sample, source: str, created: str | None) -> tuple:
        label = sample.label
        self._check_label(label)
        if source not in SOURCES:
            raise StoreError(f"source must be one of {', '.join(SOURCES)}, not {quoted(source)}")
        try:
            preprocess(sample)  # only drawings the network can take are kept
        except DrawingError as error:
            raise StoreError(f"the drawing cannot be used: {error}") from error
        kind = "raster" if isinstance(sample, RasterDrawing) else "strokes"
        canvas = sample.canvas_size if isinstance(sample, Drawing) and sample.canvas_size else (None, None)
        if canvas[0] is not None and not is_canvas_size(canvas):
            raise StoreError(f"the drawing's canvas, {canvas[0]} by {canvas[1]} pixels, is not a real canvas size")
        body = json.dumps(sample_to_json(sample.with_label(None)), ensure_ascii=False)
        return (label, source, created or now_iso(), kind, canvas[0], canvas[1], body, drawing_digest(sample))

    def check(self, sample: Sample, source: str = "collected") -> None:
        """Raise StoreError, saying why, if `add` would refuse this drawing."""
        self._row(sample, source, None)

    def _insert(self, connection, row: tuple) -> int:
        cursor = connection.execute(
            "INSERT INTO drawings (label, source, created, kind, canvas_width, canvas_height, drawing, digest)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
        return int(cursor.lastrowid)

    def add(self, sample: Sample, source: str = "collected", created: str | None = None) -> int:
        """Save one labelled drawing (one transaction); returns its id. Raises StoreError."""
        row = self._row(sample, source, created)
        with self._transaction() as connection:
            return self._insert(connection, row)

    def add_many(self, items: Iterable[tuple[Sample, str, str | None]]) -> list[int]:
        """Save (sample, source, created) items in one transaction: all of them or, on error, none."""
        rows = [self._row(sample, source, created) for sample, source, created in items]
        with self._transaction() as connection:
            return [self._insert(connection, row) for row in rows]

    def find(self, sample: Sample) -> DrawingEntry | None:
        """The stored drawing (not deleted) that is this very drawing (same strokes or pixels, any label),
        the newest where there are several; None when there is none."""
        rows = self._rows(self._ENTRY + " AND digest = ? ORDER BY id DESC LIMIT 1", (drawing_digest(sample),))
        return DrawingEntry(*rows[0]) if rows else None

    def contains(self, sample: Sample) -> bool:
        return self.find(sample) is not None

    def _update(self, sql: str, params: Callable[[int], tuple], drawing_ids: tuple[int, ...]) -> None:
        """One statement per drawing, all in one transaction: several drawings change together or not at all."""
        with self._transaction() as connection:
            for drawing_id in drawing_ids:
                if connection.execute(sql, params(drawing_id)).rowcount == 0:
                    raise StoreError(f"there is no drawing {drawing_id}")

    def delete(self, *drawing_ids: int) -> None:
        """Hide drawings; `restore` brings them back (undo)."""
        deleted = now_iso()
        self._update("UPDATE drawings SET deleted = ? WHERE id = ? AND deleted IS NULL",
                     lambda drawing_id: (deleted, drawing_id), drawing_ids)
        self._deleted_here.update(dict.fromkeys(drawing_ids, deleted))

    def restore(self, *drawing_ids: int) -> None:
        self._update("UPDATE drawings SET deleted = NULL WHERE id = ? AND deleted IS NOT NULL",
                     lambda drawing_id: (drawing_id,), drawing_ids)
        for drawing_id in drawing_ids:
            self._deleted_here.pop(drawing_id, None)

    def purge_deleted(self) -> int:
        """Remove deleted drawings for good; returns how many. Those this store deleted (its undo ends here),
        and, when no other program has the store open, every deleted one (left by a window that crashed);
        never one another window deleted, which it can still undo."""
        with self._transaction() as connection:
            if self._users is not None and self._users.alone():
                purged = connection.execute("DELETE FROM drawings WHERE deleted IS NOT NULL").rowcount
            else:  # only where the row is still as this store left it: another window may have restored it
                purged = sum(connection.execute("DELETE FROM drawings WHERE id = ? AND deleted = ?", item).rowcount
                             for item in self._deleted_here.items())
        self._deleted_here.clear()
        return purged

    def relabel(self, label: str, *drawing_ids: int) -> None:
        self._check_label(label)
        self._update("UPDATE drawings SET label = ? WHERE id = ? AND deleted IS NULL",
                     lambda drawing_id: (label, drawing_id), drawing_ids)

    # -- reading -------------------------------------------------------------------------------

    _ENTRY = "SELECT id, label, source, created, kind FROM drawings WHERE deleted IS NULL"

    def _check_label(self, label: str | None) -> None:
        if label not in self.alphabet.names:
            raise StoreError(self.alphabet.unknown_label_reason(label))

    def list(self, label: str | None = None) -> list[DrawingEntry]:
        """Drawings (not deleted), oldest first, optionally of one rune."""
        if label is not None:
            self._check_label(label)
        sql, params = (self._ENTRY + " AND label = ?", (label,)) if label else (self._ENTRY, ())
        return [DrawingEntry(*row) for row in self._rows(sql + " ORDER BY id", params)]

    def entry(self, drawing_id: int) -> DrawingEntry:
        """One drawing's row without its strokes (also a deleted one, or one stored damaged, which can
        still be deleted); raises StoreError for an id that is not there."""
        rows = self._rows("SELECT id, label, source, created, kind FROM drawings WHERE id = ?", (drawing_id,))
        if not rows:
            raise StoreError(f"there is no drawing {drawing_id}")
        return DrawingEntry(*rows[0])

    def get(self, drawing_id: int) -> StoredDrawing:
        """One drawing with its strokes or raster; also a deleted one (for undo previews). Raises StoreError
        for an id that is not there, or a drawing stored damaged."""
        rows = self._rows("SELECT id, label, source, created, kind, drawing FROM drawings WHERE id = ?", (drawing_id,))
        if not rows:
            raise StoreError(f"there is no drawing {drawing_id}")
        return self._stored(rows[0])

    def _stored(self, row: Sequence) -> StoredDrawing:
        entry = DrawingEntry(*row[:5])
        try:
            sample = sample_from_json(json.loads(row[5]))
        except READ_ERRORS as error:
            self.unreadable_ids.add(entry.id)
            raise StoreError(f"drawing {entry.id} is stored damaged and cannot be read") from error
        return StoredDrawing(entry, sample.with_label(entry.label))

    def drawings(self, label: str | None = None) -> list[StoredDrawing]:
        """Drawings (not deleted) with their strokes, oldest first: for training and export."""
        return list(self.iter_drawings(label))

    def iter_drawings(self, label: str | None = None, damaged: list[int] | None = None) -> Iterator[StoredDrawing]:
        """Like `drawings`, each parsed only when it is wanted (the rows are read at once, so saving
        meanwhile changes nothing): a caller can report progress, or stop. A drawing stored damaged is
        left out, and its id added to `unreadable_ids` and to `damaged` (this reading's) for the caller."""
        if label is not None:
            self._check_label(label)
        sql = "SELECT id, label, source, created, kind, drawing FROM drawings WHERE deleted IS NULL"
        sql, params = (sql + " AND label = ?", (label,)) if label else (sql, ())
        rows = self._rows(sql + " ORDER BY id", params)

        def readable() -> Iterator[StoredDrawing]:
            for row in rows:
                try:
                    stored = self._stored(row)
                except StoreError:
                    if damaged is not None:
                        damaged.append(row[0])
                    continue  # one damaged row costs only itself
                yield stored
        return readable()

    def samples(self, label: str | None = None) -> list[Sample]:
        """Labelled drawings for training."""
        return [stored.sample for stored in self.drawings(label)]

    def counts_by_label(self) -> dict[str, int]:
        """Drawings per rune, every rune of the alphabet present (0 when none), in alphabet order."""
        rows = dict(self._rows("SELECT label, COUNT(*) FROM drawings WHERE deleted IS NULL GROUP BY label"))
        return {name: int(rows.get(name, 0)) for name in self.alphabet.names}

    def least_collected(self) -> str:
        """The rune to ask for next in collect mode: fewest drawings, alphabet order among equals."""
        counts = self.counts_by_label()
        return min(counts, key=counts.get)

    def __len__(self) -> int:
        return self._rows("SELECT COUNT(*) FROM drawings WHERE deleted IS NULL")[0][0]
