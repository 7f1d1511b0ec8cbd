"""The window's own commands: the drawing's file (open, save, export), editing the canvas, the view, the
model file and help. The main window puts these actions into its menus and toolbar.

It receives the window (the parent of its dialogs, and what Quit and Full screen act on) and the parts it
works on. Each command that needs a file has two halves: a method that takes a path (what tests and
scripts call) and an `ask_...` method that asks the person for the path first.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QProcess, Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QSlider

from desktop.common import interface_scale, png_export
from desktop.common.actions import new_action
from desktop.common.file_dialogs import LastFolder, ask_open_path, ask_save_path
from desktop.common.notices import Notices
from desktop.common.settings import TITLE_BAR
from desktop.drawing_file_title import DrawingFileTitle
from desktop.recognition.active_model import ActiveModel
from desktop.widgets.about_dialog import AboutDialog
from desktop.widgets.feature_map_panel import FeatureMapPanel
from desktop.widgets.keyboard_shortcuts_dialog import KeyboardShortcutsDialog, ShortcutSections
from desktop.widgets.model_info_dialog import ModelInfoDialog
from desktop.widgets.prediction_panel import PredictionPanel
from desktop.widgets.rune_chart import RuneChart
from desktop.widgets.stroke_canvas import PEN_WIDTH_RANGE, StrokeCanvas, next_pen_width
from model.alphabet import Alphabet
from model.drawing import Drawing
from model.drawing_files import DrawingFileError, read_file_entries, write_drawing

DRAWING_FILTER = "Runesight drawings (*.json *.ndjson *.jsonl)"
PNG_FILTER = "PNG images (*.png)"
MODEL_FILTER = "Keras models (*.keras)"
OPEN_LOOKS_AT = 1000  # drawings (or bad lines) Open drawing reads at most, looking for one with strokes
SCALE_TIP = "Draw text, bars and feature maps larger, for a projector or a room (from the next start)"


class WindowCommands:
    def __init__(self, window: QMainWindow, *, canvas: StrokeCanvas, predictions: PredictionPanel,
                 feature_maps: FeatureMapPanel, file_title: DrawingFileTitle, active_model: ActiveModel,
                 last_folder: LastFolder, notices: Notices, alphabet: Alphabet, icon: QIcon) -> None:
        self.window = window
        self.canvas, self.predictions, self.feature_maps = canvas, predictions, feature_maps
        self.file_title, self.active_model, self.last_folder = file_title, active_model, last_folder
        self.notices, self.alphabet, self.icon = notices, alphabet, icon
        self.rune_chart: RuneChart | None = None
        self.shortcuts_dialog: KeyboardShortcutsDialog | None = None
        self.menu_actions: dict[str, list[QAction | None]] = {}  # the menu bar's, by title: the shortcuts table
        self._build_actions()
        self.scale_menu = self._scale_menu()
        self._build_pen_slider()
        canvas.history_changed.connect(self.update_enabled)
        self.update_enabled()

    def _action(self, text: str, slot, shortcut=None, *, tip: str = "", checkable: bool = False) -> QAction:
        return new_action(self.window, text, slot, shortcut, tip=tip, checkable=checkable)

    def _build_actions(self) -> None:
        canvas = self.canvas
        Key = QKeySequence
        self.open_action = self._action("&Open drawing…", self.ask_open_drawing, Key(Key.StandardKey.Open))
        self.save_action = self._action("&Save drawing", self.save_drawing_in_place, Key(Key.StandardKey.Save),
                                        tip="Save the drawing to the file it came from (asks where the first time)")
        self.save_as_action = self._action("Save drawing &as…", self.ask_save_drawing, Key(Key.StandardKey.SaveAs))
        self.export_canvas_action = self._action("Export &canvas as PNG…", self.ask_export_canvas, Key("Ctrl+E"))
        self.export_maps_action = self._action("Export &feature maps as PNG…", self.ask_export_feature_maps,
                                               Key("Ctrl+Shift+E"))
        self.export_maps_action.setEnabled(False)  # until the network has read a drawing: no maps before
        self.quit_action = self._action("&Quit", self.window.close, Key(Key.StandardKey.Quit))
        self.undo_action = self._action("&Undo", canvas.undo, Key("Ctrl+Z"),
                                        tip="Undo the last change to the drawing: a stroke, an erase, Clear or Open")
        self.redo_action = self._action("&Redo", canvas.redo, [Key("Ctrl+Shift+Z"), Key("Ctrl+Y")],
                                        tip="Redo what Undo took back")
        self.clear_action = self._action("&Clear canvas", canvas.clear, Key(Qt.Key.Key_Escape),
                                         tip="Clear the canvas (Undo brings the drawing back)")
        self.thinner_action = self._action("&Thinner pen",
                                           lambda: self.set_pen_width(next_pen_width(canvas.pen_width(), False)),
                                           Key("["))
        self.thicker_action = self._action("Thic&ker pen",
                                           lambda: self.set_pen_width(next_pen_width(canvas.pen_width(), True)),
                                           Key("]"))
        self.ranked_action = self._action(
            "&Most likely runes first", self.predictions.set_ranked, Key("Ctrl+R"),
            checkable=True, tip="Sort the bars by probability instead of futhark order",
        )
        self.kernels_action = self._action(
            "Show conv1's learned &filters", self.feature_maps.set_kernels_visible, Key("Ctrl+K"), checkable=True
        )
        self.feature_maps.show_kernels.toggled.connect(self.kernels_action.setChecked)
        # F11 everywhere, as the docs say, and the system's own key where it has another (Ctrl+Cmd+F on a Mac).
        full_screen_keys = list(dict.fromkeys([Key("F11"), *Key.keyBindings(Key.StandardKey.FullScreen)]))
        self.full_screen_action = self._action("F&ull screen", self.set_full_screen, full_screen_keys,
                                               checkable=True, tip="The window alone on the screen, for a projector")
        self.chart_action = self._action("Rune &chart…", self.show_rune_chart, Key("F2"),
                                         tip="The 16 runes, their sounds and common forms")
        self.load_model_action = self._action("&Load model file…", self.ask_load_model, Key("Ctrl+L"),
                                              tip="Try a .keras model file for this session")
        self.model_info_action = self._action("Model &information…", self.show_model_info, Key("Ctrl+I"))
        self.about_action = self._action("&About Runesight", self.show_about)
        self.shortcuts_action = self._action("&Keyboard shortcuts…", self.show_shortcuts,
                                             Key(Key.StandardKey.HelpContents),
                                             tip="Every key and mouse button the window answers to")

    def _scale_menu(self) -> QMenu:
        """View ▸ Size of everything: 100 % to 200 %, from the next start (Qt scales only at start)."""
        menu = QMenu("&Size of everything", self.window)
        group = QActionGroup(menu)
        self.scale_actions: dict[float, QAction] = {}
        chosen = interface_scale.saved_scale()
        for scale in interface_scale.SCALES:
            action = self._action(interface_scale.as_percent(scale),
                                  lambda _checked=False, s=scale: self.choose_scale(s), tip=SCALE_TIP)
            action.setCheckable(True)  # checked as a group, so `triggered`, not `toggled`
            action.setChecked(scale == chosen)
            group.addAction(action)
            menu.addAction(action)
            self.scale_actions[scale] = action
        if not interface_scale.can_change_scale():
            menu.setEnabled(False)
            menu.setToolTip("QT_SCALE_FACTOR is set in the environment, and it decides the size")
        menu.setToolTipsVisible(True)
        menu.aboutToShow.connect(self.update_scale_choices)
        return menu

    def update_scale_choices(self) -> None:
        """Sizes at which the window would not fit on its screen are offered greyed out, with the reason
        (200 % on a 1280x720 projector leaves a 640x360 screen, smaller than the window can be)."""
        screen = self.window.screen()
        if screen is None:
            return
        room = screen.availableGeometry().size() * interface_scale.scale_in_use()  # in the screen's own pixels
        smallest = self.window.minimumSizeHint()
        for scale, action in self.scale_actions.items():
            width, height = room.width() / scale, room.height() / scale
            fits = width >= smallest.width() and height >= smallest.height() + TITLE_BAR
            action.setEnabled(fits or action.isChecked())
            action.setToolTip(SCALE_TIP if fits else f"Too large for this screen ({room.width()}x{room.height()}): "
                              "the window would not fit")

    def choose_scale(self, scale: float) -> None:
        interface_scale.save_scale(scale)
        if abs(scale - interface_scale.scale_in_use()) < 1e-6:
            return
        size = interface_scale.as_percent(scale)
        box = QMessageBox(QMessageBox.Icon.Question, "Size of everything",
                          f"Runesight shows everything at {size} from its next start.", parent=self.window)
        box.setInformativeText("Restart now? Your drawing is kept.")
        restart = box.addButton("Restart now", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Later", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is restart and self.window.close():  # a retrain in progress may say no
            interface_scale.apply_saved_scale()  # the new program inherits the size
            program, *arguments = interface_scale.restart_command()
            started, _pid = QProcess.startDetached(program, arguments)
            if not started:  # the window is gone (its drawing kept): say so rather than vanish
                QMessageBox.warning(None, "Size of everything", "Runesight could not start again by itself. Start it "
                                    f"as you usually do; it will show everything at {size}.")

    def _build_pen_slider(self) -> None:
        """The pen width as a slider, for the toolbar (`[` and `]` change it too)."""
        self.pen_slider = QSlider(Qt.Orientation.Horizontal)
        self.pen_slider.setRange(int(PEN_WIDTH_RANGE[0]), int(PEN_WIDTH_RANGE[1]))
        self.pen_slider.setValue(round(self.canvas.pen_width()))
        self.pen_slider.setMaximumWidth(140)
        self.pen_slider.setMinimumWidth(80)  # a toolbar short of room squeezed it to a 20 px stub
        self.pen_slider.setToolTip("Line width of the whole drawing on the canvas (the network sees every drawing "
                                   "at one width)")
        self.pen_slider.setAccessibleName("Pen width")
        self.pen_slider.valueChanged.connect(self.canvas.set_pen_width)

    def update_enabled(self) -> None:
        canvas = self.canvas
        self.undo_action.setEnabled(canvas.can_undo)
        self.redo_action.setEnabled(canvas.can_redo)
        for action in (self.clear_action, self.save_action, self.save_as_action, self.export_canvas_action):
            action.setEnabled(not canvas.is_empty)

    def set_full_screen(self, on: bool) -> None:
        window = self.window
        if on != window.isFullScreen():
            window.setWindowState(window.windowState() ^ Qt.WindowState.WindowFullScreen)

    def set_pen_width(self, width: float) -> None:
        self.canvas.set_pen_width(width)
        self.pen_slider.setValue(round(self.canvas.pen_width()))

    # --- files ------------------------------------------------------------------------------------
    def _ask_path(self, save: bool, title: str, name_filter: str, default_name: str = "") -> Path | None:
        start = Path(self.last_folder.get()) / default_name
        if save:
            return ask_save_path(self.window, title, start, name_filter, Path(default_name).suffix.lstrip("."))
        return ask_open_path(self.window, title, start, name_filter)

    def ask_open_drawing(self) -> None:
        if path := self._ask_path(False, "Open drawing", DRAWING_FILTER):
            self.open_drawing(path)

    def open_drawing(self, path: Path) -> bool:
        """Show the first drawing with strokes of a drawing file on the canvas; problems go to the message
        banner. Read only as far as that drawing: a file of 100,000 drawings opens at once."""
        first, problem = None, None
        try:
            for number, entry in enumerate(read_file_entries(path), start=1):
                if isinstance(entry.sample, Drawing) and entry.sample.strokes:
                    first = entry
                    break
                problem = problem or (entry.where + entry.problem if entry.problem else None)
                if number == OPEN_LOOKS_AT:  # on the window's thread: a million bad lines would freeze it
                    problem = f"none in its first {OPEN_LOOKS_AT:,} lines ({problem or 'pictures only'})"
                    break
        except DrawingFileError as error:
            self.notices.banner(f"Could not open the drawing: {error}")
            return False
        if first is None:
            why = f"; {problem}" if problem else " (pictures cannot be opened as strokes)"
            self.notices.banner(f"{path} holds no strokes to draw{why}.")
            return False
        self.canvas.set_drawing(first.sample.with_label(None))
        self.file_title.set_file(path)
        self.last_folder.remember(path)
        where = f" (the drawing on {first.where.removesuffix(': ')})" if first.line not in (None, 1) else ""
        self.notices.status(f"Opened {Path(path).name}{where}; Ctrl+Z goes back", 6000)
        return True

    def save_drawing_in_place(self) -> None:
        """Ctrl+S: to the drawing's own file where it has one (a `.json` it was opened from or saved to)."""
        path = self.file_title.path
        if path is not None and path.suffix.lower() == ".json":
            self.save_drawing(path)
        else:  # a new drawing, or one opened from a file of many drawings: ask where
            self.ask_save_drawing()

    def ask_save_drawing(self) -> None:
        current = self.file_title.path
        name = current.with_suffix(".json").name if current is not None else "rune.json"
        if path := self._ask_path(True, "Save drawing", DRAWING_FILTER, name):
            self.save_drawing(path)

    def save_drawing(self, path: Path) -> Path | None:
        path = Path(path) if Path(path).suffix.lower() == ".json" else Path(path).with_name(Path(path).name + ".json")
        created = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            write_drawing(path, self.canvas.drawing(), source="runesight-desktop", created=created)
        except OSError as error:
            self.notices.banner(f"Could not save the drawing to {path}: {error}")
            return None
        self.file_title.set_file(path)
        self.last_folder.remember(path)
        self.notices.status(f"Saved {path.name}", 4000)
        return path

    def ask_export_canvas(self) -> None:
        if path := self._ask_path(True, "Export canvas as PNG", PNG_FILTER, "rune.png"):
            self.export_canvas(path)

    def export_canvas(self, path: Path) -> Path | None:
        return self._export(self.canvas.to_image(png_export.EXPORT_SCALE), path)

    def ask_export_feature_maps(self) -> None:
        if path := self._ask_path(True, "Export feature maps as PNG", PNG_FILTER, "feature-maps.png"):
            self.export_feature_maps(path)

    def export_feature_maps(self, path: Path) -> Path | None:
        return self._export(png_export.render_widget(self.feature_maps), path)

    def _export(self, image, path: Path) -> Path | None:
        try:
            saved = png_export.save_png(image, path)
        except OSError as error:
            self.notices.banner(str(error))
            return None
        self.last_folder.remember(saved)
        self.notices.status(f"Exported {saved.name}", 4000)
        return saved

    # --- model and help ---------------------------------------------------------------------------
    def ask_load_model(self) -> None:
        if path := self._ask_path(False, "Load model file", MODEL_FILTER):
            self.last_folder.remember(path)
            self.active_model.load_file(path)

    def show_model_info(self) -> None:
        if self.active_model.info is None:
            self.notices.status("No model is loaded yet", 4000)
            return
        ModelInfoDialog(self.active_model.info, self.window).exec()

    def show_rune_chart(self) -> None:
        if self.rune_chart is None:
            self.rune_chart = RuneChart(self.alphabet, self.window)
        self.rune_chart.show()
        self.rune_chart.raise_()
        self.rune_chart.activateWindow()

    def shortcut_sections(self) -> ShortcutSections:
        """The keys of every menu's actions (as the actions have them now), then the mouse and the dialogs."""
        sections = []
        for title, actions in self.menu_actions.items():
            rows = [(" or ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()),
                     action.text().replace("&", "").replace("…", ""))
                    for action in actions if action is not None and action.shortcuts()]
            if rows:
                sections.append((title.replace("&", "") + " menu", rows))
        sections += [
            ("On the canvas", [("Left button or pen", "draw (pen pressure sets the width)"),
                               ("Right button or pen eraser", "erase the strokes it touches")]),
            ("On the bars (Tab to them once a drawing is read)", [
                ("Up / Down, Home / End", "highlight a rune"),
                ("Enter or Space", "save the drawing as the highlighted rune (a correction)")]),
            ("Your drawings (the dataset browser)", [("Del", "delete the selected drawings"),
                                                     ("Ctrl+Z", "undo a delete, a relabel or a whole import")]),
            ("Retrain dialog", [("Esc", "close (asks first while training or with a new model not accepted)")]),
        ]
        return sections

    def show_shortcuts(self) -> None:
        if self.shortcuts_dialog is None:
            self.shortcuts_dialog = KeyboardShortcutsDialog(self.shortcut_sections(), self.window)
        self.shortcuts_dialog.show()
        self.shortcuts_dialog.raise_()
        self.shortcuts_dialog.activateWindow()

    def show_about(self) -> None:
        AboutDialog(self.icon, self.window).exec()
