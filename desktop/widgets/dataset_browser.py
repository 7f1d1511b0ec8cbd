"""The dataset browser: the person's drawings per rune, as thumbnails, with delete, relabel, import, export.

Plain data in (`set_counts`, `set_items` of `BrowserItem`s with ready-made thumbnail images,
`show_report`); every change is asked for with a signal and done by `desktop.dataset_controller`.
Delete and Del remove the selected drawings; Undo and Ctrl+Z bring them back (or undo a relabel).
Its size and place are kept in the settings, like the main window's.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.drawing_thumbnails import THUMBNAIL_SIZE
from desktop.fonts import glyph_pixmap
from desktop.settings import RememberedGeometry
from model.alphabet import Alphabet

ALL = "__all__"
SOURCE_WORDS = {"collected": "collected", "corrected": "correction", "imported": "imported"}
REPORT_COLOURS = {"ok": "#1d5e3a", "warn": "#7a4a00", "error": "#7a1f16"}
PAPER_PLACEHOLDER = QColor("#ece8df")  # a thumbnail not painted yet
GEOMETRY_KEY = "datasetBrowser/geometry"
EXPORT_TIP = "All drawings (or the rune shown) as one JSON Lines file, laid out like the Quick, Draw! data set"


@dataclass(frozen=True)
class BrowserItem:
    id: int
    label: str
    source: str  # collected, corrected, imported
    created: str  # ISO time
    kind: str  # strokes or raster
    image: QImage | None  # None: not painted yet (`set_thumbnail` brings it)


class DatasetBrowser(QDialog):
    filter_changed = Signal(object)  # a rune name, or None for every rune
    delete_requested = Signal(list)  # drawing ids
    relabel_requested = Signal(list, str)  # drawing ids, new rune
    undo_requested = Signal()
    import_files_requested = Signal()
    import_folder_requested = Signal()
    export_requested = Signal()

    def __init__(self, alphabet: Alphabet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._alphabet = alphabet
        self._rows: dict[int, QListWidgetItem] = {}
        self._blank: QIcon | None = None
        RememberedGeometry(self, GEOMETRY_KEY)
        self.setWindowTitle("Your drawings")
        self.resize(900, 620)

        self.import_files_button = QPushButton("Import files…")
        self.import_files_button.setToolTip("Drawing files: Runesight's own (.json, .ndjson), the workshop's "
                                            "JSON files, PNG images (in a folder named after the rune)")
        self.import_folder_button = QPushButton("Import folder…")
        self.import_folder_button.setToolTip("Every drawing file in a folder and its subfolders "
                                             "(PNGs in one folder per rune)")
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip(EXPORT_TIP)
        self.undo_button = QPushButton("Undo")
        self.import_files_button.clicked.connect(self.import_files_requested)
        self.import_folder_button.clicked.connect(self.import_folder_requested)
        self.export_button.clicked.connect(self.export_requested)
        self.undo_button.clicked.connect(self.undo_requested)
        top = QHBoxLayout()
        for button in (self.import_files_button, self.import_folder_button, self.export_button):
            top.addWidget(button)
        top.addStretch(1)
        top.addWidget(self.undo_button)

        self.runes = QListWidget()
        self.runes.setIconSize(QSize(22, 22))
        self.runes.setAccessibleName("Runes with their number of drawings")
        all_item = QListWidgetItem("All runes")
        all_item.setData(Qt.ItemDataRole.UserRole, ALL)
        self.runes.addItem(all_item)
        for rune in alphabet.runes:
            item = QListWidgetItem(QIcon(glyph_pixmap(rune.glyph, 22)), rune.name)
            item.setData(Qt.ItemDataRole.UserRole, rune.name)
            self.runes.addItem(item)
        self.runes.setCurrentRow(0)
        self.runes.currentItemChanged.connect(lambda *_: self._filter_chosen())

        self.thumbnails = QListWidget()
        self.thumbnails.setViewMode(QListView.ViewMode.IconMode)
        self.thumbnails.setIconSize(QSize(THUMBNAIL_SIZE, THUMBNAIL_SIZE))
        self.thumbnails.setGridSize(QSize(THUMBNAIL_SIZE + 22, THUMBNAIL_SIZE + 40))
        self.thumbnails.setResizeMode(QListView.ResizeMode.Adjust)
        self.thumbnails.setMovement(QListView.Movement.Static)
        self.thumbnails.setUniformItemSizes(True)
        self.thumbnails.setWordWrap(True)
        self.thumbnails.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.thumbnails.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.thumbnails.customContextMenuRequested.connect(self._context_menu)
        self.thumbnails.itemSelectionChanged.connect(self._selection_changed)
        self.thumbnails.setAccessibleName("Drawings")
        self.empty_note = QLabel()
        self.empty_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_note.setWordWrap(True)
        self.empty_note.setStyleSheet("color: #7d776b;")

        self.relabel_to = QComboBox()
        for rune in alphabet.runes:
            self.relabel_to.addItem(QIcon(glyph_pixmap(rune.glyph, 18)), rune.name, rune.name)
        self.relabel_button = QPushButton("Relabel")
        self.relabel_button.setToolTip("Give the selected drawings the rune chosen beside")
        self.relabel_button.clicked.connect(
            lambda: self.relabel_requested.emit(self.selected_ids(), self.relabel_to.currentData()))
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected drawings (Del; Undo brings them back)")
        self.delete_button.clicked.connect(self._delete_selected)
        # No default button: Enter in the browser must not start an import (or a delete) by surprise.
        for button in (self.import_files_button, self.import_folder_button, self.export_button, self.undo_button,
                       self.relabel_button, self.delete_button):
            button.setAutoDefault(False)
        self.selection_label = QLabel()
        actions = QHBoxLayout()
        actions.addWidget(self.selection_label, 1)
        relabel_label = QLabel("Relabel &as")
        relabel_label.setBuddy(self.relabel_to)  # read out with the list, and Alt+A goes to it
        actions.addWidget(relabel_label)
        actions.addWidget(self.relabel_to)
        actions.addWidget(self.relabel_button)
        actions.addSpacing(12)
        actions.addWidget(self.delete_button)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.thumbnails, 1)
        right_layout.addWidget(self.empty_note)
        right_layout.addLayout(actions)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.runes)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([190, 700])

        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setMaximumHeight(120)
        self.report.setAccessibleName("Import report")
        self.report.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.report)

        self.delete_action = QAction("Delete", self, shortcut=QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.triggered.connect(self._delete_selected)
        self.undo_action = QAction("Undo", self, shortcut=QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_action.triggered.connect(self.undo_requested)
        self.addActions([self.delete_action, self.undo_action])
        self.set_undo_text(None)
        self._selection_changed()

    def _filter_chosen(self) -> None:
        if self.current_filter is not None:  # relabelling within one rune's drawings starts from that rune
            self.relabel_to.setCurrentIndex(self.relabel_to.findData(self.current_filter))
        self.filter_changed.emit(self.current_filter)

    # --- plain data in ----------------------------------------------------------------------------
    @property
    def current_filter(self) -> str | None:
        item = self.runes.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else ALL
        return None if value == ALL else value

    def set_counts(self, counts: dict[str, int]) -> None:
        total = sum(counts.values())
        self.setWindowTitle(f"Your drawings ({total})")
        for row in range(self.runes.count()):
            item = self.runes.item(row)
            name = item.data(Qt.ItemDataRole.UserRole)
            if name == ALL:
                item.setText(f"All runes    {total}")
            else:
                item.setText(f"{name}    {counts.get(name, 0)}")
                item.setToolTip(f"{counts.get(name, 0)} drawings of {name}")

    def set_items(self, items: list[BrowserItem]) -> None:
        selected = set(self.selected_ids())
        self.thumbnails.clear()
        self._rows = {}
        for entry in items:
            icon = QIcon(QPixmap.fromImage(entry.image)) if entry.image is not None else self._blank_icon()
            item = QListWidgetItem(icon, f"{entry.label}\n{SOURCE_WORDS.get(entry.source, entry.source)}")
            self._rows[entry.id] = item
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            item.setToolTip(f"{entry.label}, {SOURCE_WORDS.get(entry.source, entry.source)} "
                            f"{entry.created[:16].replace('T', ' ')} ({entry.kind}); drawing {entry.id}")
            self.thumbnails.addItem(item)
            item.setSelected(entry.id in selected)
        shown = self.current_filter
        self.empty_note.setText("" if items else (
            f"No drawings of {shown} yet." if shown else
            "No drawings yet. Collect some (Drawings ▸ Collect drawings), correct a guess with one click on "
            "the right rune, or import files."))
        self.empty_note.setVisible(not items)
        self.export_button.setEnabled(bool(items))  # an export of nothing would be an empty file
        self.export_button.setToolTip(EXPORT_TIP if items else "Nothing to export: no drawings are shown")
        self._selection_changed()

    def set_undo_text(self, text: str | None) -> None:
        """What Undo would undo ("Undo delete of 2 drawings"), or None when there is nothing."""
        self.undo_button.setEnabled(text is not None)
        self.undo_action.setEnabled(text is not None)
        self.undo_button.setText(_shortened(text) if text else "Undo")  # says what it will undo, not only in a tip
        self.undo_button.setToolTip(f"{text} (Ctrl+Z)" if text else "Nothing to undo")

    def show_report(self, text: str, kind: str = "ok") -> None:
        self.report.setPlainText(text)
        self.report.setStyleSheet(f"color: {REPORT_COLOURS[kind]};")
        self.report.setVisible(bool(text))

    @property
    def report_text(self) -> str:
        return self.report.toPlainText() if self.report.isVisible() else ""

    # --- selection --------------------------------------------------------------------------------
    def set_thumbnail(self, drawing_id: int, image: QImage) -> None:
        """A thumbnail painted after the list was filled (large collections are painted in chunks)."""
        item = self._rows.get(drawing_id)
        if item is not None:
            item.setIcon(QIcon(QPixmap.fromImage(image)))

    def _blank_icon(self) -> QIcon:
        if self._blank is None:
            pixmap = QPixmap(THUMBNAIL_SIZE, THUMBNAIL_SIZE)
            pixmap.fill(PAPER_PLACEHOLDER)
            self._blank = QIcon(pixmap)
        return self._blank

    def item_ids(self) -> list[int]:
        return [self.thumbnails.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.thumbnails.count())]

    def thumbnail_item(self, drawing_id: int) -> QListWidgetItem | None:
        for row in range(self.thumbnails.count()):
            if self.thumbnails.item(row).data(Qt.ItemDataRole.UserRole) == drawing_id:
                return self.thumbnails.item(row)
        return None

    def selected_ids(self) -> list[int]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.thumbnails.selectedItems()]

    def _selection_changed(self) -> None:
        count = len(self.thumbnails.selectedItems())
        self.selection_label.setText(f"{count} selected" if count else "Click a drawing to select it")
        for widget in (self.relabel_button, self.delete_button, self.relabel_to):
            widget.setEnabled(count > 0)
        self.delete_action.setEnabled(count > 0)

    def _delete_selected(self) -> None:
        if ids := self.selected_ids():
            self.delete_requested.emit(ids)

    def _context_menu(self, position) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        menu = QMenu(self)
        relabel = menu.addMenu("Relabel as")
        for rune in self._alphabet.runes:
            action = relabel.addAction(QIcon(glyph_pixmap(rune.glyph, 18)), rune.name)
            action.triggered.connect(lambda _checked=False, name=rune.name: self.relabel_requested.emit(ids, name))
        menu.addAction(self.delete_action)
        menu.exec(self.thumbnails.viewport().mapToGlobal(position))


def _shortened(text: str, most: int = 36) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"

