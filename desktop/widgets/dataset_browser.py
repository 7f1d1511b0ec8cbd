"""The dataset browser: the person's drawings per rune, as thumbnails, with delete, relabel, import, export.

The thumbnails are a list view on a `DrawingListModel` (which reads the store only for the rows on
screen, so 100,000 drawings cost no more than 100); plain data in (`set_counts`, `set_ids`,
`show_report`); every change is asked for with a signal and done by `desktop.collection.dataset_controller`.
Delete and Del remove the selected drawings; Undo and Ctrl+Z bring them back (or undo a relabel).
Its size and place are kept in the settings, like the main window's.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
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
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.common.fonts import glyph_pixmap
from desktop.common.settings import RememberedGeometry
from desktop.drawing.list_model import DrawingListModel, runs_of_rows
from desktop.drawing.thumbnails import THUMBNAIL_SIZE
from model.alphabet import Alphabet

ALL = "__all__"
REPORT_COLOURS = {"ok": "#1d5e3a", "warn": "#7a4a00", "error": "#7a1f16"}
GEOMETRY_KEY = "datasetBrowser/geometry"
LAYOUT_BATCH = 2000  # rows laid out between two turns of the event loop (about 10 ms on the 2-core machine)
EXPORT_TIP = "All drawings (or the rune shown) as one JSON Lines file, laid out like the Quick, Draw! data set"


class ThumbnailDelegate(QStyledItemDelegate):
    """Each drawing as a tile: the thumbnail above, its rune and source centred below."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        option.decorationPosition = QStyleOptionViewItem.Position.Top
        option.decorationAlignment = Qt.AlignmentFlag.AlignHCenter
        option.displayAlignment = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop


class DatasetBrowser(QDialog):
    filter_changed = Signal(object)  # a rune name, or None for every rune
    delete_requested = Signal(list)  # drawing ids
    relabel_requested = Signal(list, str)  # drawing ids, new rune
    undo_requested = Signal()
    import_files_requested = Signal()
    import_folder_requested = Signal()
    export_requested = Signal()

    def __init__(self, alphabet: Alphabet, drawings: DrawingListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._alphabet = alphabet
        self.drawings = drawings
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

        # A list view laid out left to right and wrapped, every tile the same size: it places 100,000 tiles
        # by arithmetic and asks the model only for the ones on screen (an icon-mode view measures each).
        self.thumbnails = QListView()
        self.thumbnails.setFlow(QListView.Flow.LeftToRight)
        self.thumbnails.setWrapping(True)
        self.thumbnails.setResizeMode(QListView.ResizeMode.Adjust)
        self.thumbnails.setMovement(QListView.Movement.Static)
        self.thumbnails.setUniformItemSizes(True)
        # Laying out asks the model about every row (Qt's own index() calls rowCount(), here in Python): in
        # batches, between which the window keeps responding.
        self.thumbnails.setLayoutMode(QListView.LayoutMode.Batched)
        self.thumbnails.setBatchSize(LAYOUT_BATCH)
        self.thumbnails.setIconSize(QSize(THUMBNAIL_SIZE, THUMBNAIL_SIZE))
        self.thumbnails.setGridSize(QSize(THUMBNAIL_SIZE + 22, THUMBNAIL_SIZE + 40))
        self.thumbnails.setWordWrap(True)
        self.thumbnails.setItemDelegate(ThumbnailDelegate(self.thumbnails))
        self.thumbnails.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.thumbnails.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.thumbnails.customContextMenuRequested.connect(self._context_menu)
        self.thumbnails.setModel(drawings)
        self.thumbnails.selectionModel().selectionChanged.connect(self._selection_changed)
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

    def set_ids(self, ids: Sequence[int]) -> None:
        """Show these drawings (ascending ids; the model reads what it shows). Drawings selected before stay
        selected where they are still shown."""
        selected = self.selected_ids()
        self.drawings.set_ids(ids)
        if selected and not self.thumbnails.selectionModel().hasSelection():  # a new list: select them again
            self.select_ids(selected)
        count = self.drawings.rowCount()
        shown = self.current_filter
        self.empty_note.setText("" if count else (
            f"No drawings of {shown} yet." if shown else
            "No drawings yet. Collect some (Drawings ▸ Collect drawings), correct a guess with one click on "
            "the right rune, or import files."))
        self.empty_note.setVisible(not count)
        self.export_button.setEnabled(bool(count))  # an export of nothing would be an empty file
        self.export_button.setToolTip(EXPORT_TIP if count else "Nothing to export: no drawings are shown")
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
    def item_ids(self) -> list[int]:
        return self.drawings.ids

    def thumbnail_index(self, drawing_id: int) -> QModelIndex:
        """The drawing's tile in the view (invalid where it is not shown)."""
        row = self.drawings.row_of(drawing_id)
        return self.drawings.index(row) if row is not None else QModelIndex()

    def selected_ids(self) -> list[int]:
        return [drawing_id for selected in self.thumbnails.selectionModel().selection()
                for drawing_id in self.drawings.ids_in_rows(selected.top(), selected.bottom())]

    def select_ids(self, ids: Sequence[int]) -> None:
        rows = (self.drawings.row_of(drawing_id) for drawing_id in ids)
        selection = QItemSelection()
        for first, last in runs_of_rows((row for row in rows if row is not None), most=len(ids) + 1):
            selection.select(self.drawings.index(first), self.drawings.index(last))
        self.thumbnails.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.Select)

    def on_screen(self, drawing_id: int) -> bool:
        """Whether the drawing's tile is in the visible part of the view."""
        index = self.thumbnail_index(drawing_id)
        return index.isValid() and self.thumbnails.visualRect(index).intersects(self.thumbnails.viewport().rect())

    def _selection_changed(self, *_) -> None:
        count = sum(selected.height() for selected in self.thumbnails.selectionModel().selection())
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

