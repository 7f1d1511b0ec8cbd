"""The main window: canvas and predictions on top, the feature-map panel below.

Data flows one way: canvas strokes -> LiveRecognition (the recognition process: preprocessing, network)
-> Recognition -> prediction and feature-map widgets, all through signals. The window is the composition
root: it builds the parts, giving each only what it uses (`window_commands`, the Model menu and the
active model in `recognition/`, collect mode, corrections and the dataset browser's commands in
`collection/`, `retrain/`, `lessons/`, `words/`), lays them out, puts their actions into its menus and
toolbar, and wires their signals. No part knows the window.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.collection.collect_mode import CollectMode
from desktop.collection.corrections import Corrections
from desktop.collection.dataset_controller import DatasetController
from desktop.collection.personal_drawings import open_personal_drawings
from desktop.common import interface_scale
from desktop.common.file_dialogs import LastFolder
from desktop.common.notices import Notices
from desktop.common.plain_text import plain_label, shown_as_text
from desktop.common.settings import open_settings, read_bool, read_float, restore_geometry
from desktop.common.startup_clock import since_start_ms
from desktop.drawing import autosave
from desktop.drawing_file_title import DrawingFileTitle
from desktop.lessons.menu import LessonsMenu
from desktop.recognition.active_model import ActiveModel, AfterFailure, open_model_versions
from desktop.recognition.jobs import Loader, ModelInfo
from desktop.recognition.live import LiveRecognition
from desktop.recognition.model_menu import ModelMenu
from desktop.retrain.controller import RetrainController
from desktop.widgets.feature_map_panel import FeatureMapPanel
from desktop.widgets.message_banner import MessageBanner
from desktop.widgets.prediction_panel import PredictionPanel
from desktop.widgets.side_column import SideColumn
from desktop.widgets.status_bar import StatusBar
from desktop.widgets.stroke_canvas import DEFAULT_PEN_WIDTH, PEN_WIDTH_RANGE, StrokeCanvas
from desktop.widgets.word_panel import WordPanel
from desktop.window_commands import WindowCommands
from desktop.words.word_mode import WordMode
from model.alphabet import load_alphabet
from model.atomic_files import remove_leftovers_at_start
from model.user_folders import APP_NAME

AUTOSAVE_DELAY_MS = 600
WAITING_TEXT = "The network is still loading; your drawing will be read as soon as it is ready."
SQUEEZED_FEATURE_MAPS = 170  # px: the feature-map panel's height when the side column needs the room
MAPS_SHARE_WHEN_SCALED = 0.6  # of the height under the toolbar, at least, over 100 % (they have about 42 % at 100 %)


class MainWindow(QMainWindow):
    full_screen_changed = Signal(bool)  # also when the system ends full screen

    def __init__(self, *, loader: Loader | None = None, persist: bool = True, icon: QIcon | None = None) -> None:
        """`loader`: how to load a model on a worker thread (tests); None runs the network in a child process."""
        super().__init__()
        self.alphabet = load_alphabet()
        self.persist = persist  # False for the self-test: leave the person's settings and drawing alone
        self.icon = icon or QIcon()
        self.setWindowIcon(self.icon)
        self.window_shown_ms: float | None = None
        self.model_ready_ms: float | None = None
        self.last_recognition = None
        self._model_error: str | None = None  # the last model that failed to load, until one loads
        self._failure_still_using: str | None = None  # a failed load the banner shows with "Still using ..."
        self._start_note: str | None = None  # "your drawing is back", said once the model is ready
        self._sizes_before_room: list[int] | None = None  # the splitter's sizes before collect mode got room
        self._maps_height_chosen = False  # the person dragged the splitter: the maps keep that height
        self._room_given = 0  # px the maps gave the side column at this window size (see _refit_split)
        self._load_when_shown: tuple[Path | None] | None = None

        self.canvas = StrokeCanvas()
        # Ends with the application's display name, which Qt adds to a title that does not (X11, Windows): "Runesight:
        # Younger Futhark — Runesight" said it twice.
        self.file_title = DrawingFileTitle(self, self.canvas, f"{self.alphabet.title} — {APP_NAME}")
        self.predictions = PredictionPanel(self.alphabet)
        self.feature_maps = FeatureMapPanel()
        # Smaller than its layout would like, so collect mode's panel and all 16 bars fit on a 900 px screen;
        # the maps shrink and stay readable.
        self.feature_maps.setMinimumHeight(SQUEEZED_FEATURE_MAPS)
        self.banner = MessageBanner()
        self.live = LiveRecognition(loader, self)
        self.live.start_early()  # the recognition process imports while the window is built, in its own process
        self._build_layout()
        self._build_status_bar()
        self.notices = Notices(self.statusBar(), self.banner)
        self.last_folder = LastFolder(remember=persist)
        self._open_personal_data()
        self.active_model = ActiveModel(self.live, self.versions, self)
        self._build_parts()
        self._side_width_before_words: int | None = None
        self._build_menus()
        self._build_toolbar()
        self._connect()
        self._autosave_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_DELAY_MS)
        self._autosave_timer.timeout.connect(self._autosave)
        self.canvas.installEventFilter(self)  # to note when the window is first on screen
        self.predictions.show_empty("")
        self._restore_settings()

    # --- building ---------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        self.side_column = SideColumn()  # collect mode puts its panel in its `column` layout
        self.side_column.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to what is in it, not to the frame
        self.side_column.column.addWidget(self.predictions, 1)
        # The best guess above the column, not in it: whatever scrolls, the rune and its name stay in sight.
        self.prediction_column = QWidget()
        column = QVBoxLayout(self.prediction_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.predictions.best_guess)
        column.addWidget(self.side_column, 1)
        self.top_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.top_splitter.setObjectName("topSplitter")
        self.word_panel = WordPanel(self.alphabet)  # word mode's glyphs and text, under the canvas
        writing = QWidget()
        writing_layout = QVBoxLayout(writing)
        writing_layout.setContentsMargins(0, 0, 0, 0)
        writing_layout.setSpacing(0)
        writing_layout.addWidget(self.canvas, 1)
        writing_layout.addWidget(self.word_panel)
        self.top_splitter.addWidget(writing)
        self.top_splitter.addWidget(self.prediction_column)
        self.top_splitter.setStretchFactor(0, 3)
        self.top_splitter.setStretchFactor(1, 1)
        self.top_splitter.setCollapsible(0, False)
        self.main_splitter = QSplitter(Qt.Orientation.Vertical)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.top_splitter)
        self.main_splitter.addWidget(self.feature_maps)
        self.main_splitter.setStretchFactor(0, 3)
        self.main_splitter.setStretchFactor(1, 2)
        self.main_splitter.setCollapsible(0, False)
        self.main_splitter.splitterMoved.connect(self._on_splitter_dragged)  # only a person's drag moves it
        self.side_column.cut_off.connect(self._keep_side_column_in_view)
        # Messages span the window above everything: wide, they take two lines, not ten of the bars' column.
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.main_splitter, 1)
        self.setCentralWidget(central)
        size = self._first_size()
        self.resize(size)
        self.main_splitter.setSizes([round(size.height() * 0.58), round(size.height() * 0.42)])
        self.top_splitter.setSizes([size.width() - 380, 380])

    def _build_parts(self) -> None:
        """Each part gets what it uses; corrections first, as they follow the recognition before the window."""
        drawings, canvas, alphabet, notices = self.drawings, self.canvas, self.alphabet, self.notices
        self.corrections = Corrections(drawings, self.predictions, self.live, canvas, alphabet, notices, self)
        self.collect = CollectMode(drawings, canvas, alphabet, notices, self, remember=self.persist)
        self._place_collect_panel(self.collect.panel)
        self.dataset = DatasetController(drawings, alphabet, self.last_folder, notices, self)
        self.retrain = RetrainController(drawings, self.versions, self.active_model, alphabet, notices, self)
        self.commands = WindowCommands(
            self, canvas=canvas, predictions=self.predictions, feature_maps=self.feature_maps,
            file_title=self.file_title, active_model=self.active_model, last_folder=self.last_folder,
            notices=notices, alphabet=alphabet, icon=self.icon)
        self.models = ModelMenu(self.active_model, self.versions, notices, self, retrain_action=self.retrain.action,
                                load_action=self.commands.load_model_action,
                                info_action=self.commands.model_info_action)
        self.lessons = LessonsMenu(self)
        self.word_mode = WordMode(self.live, canvas, self.word_panel, self)

    def _place_collect_panel(self, panel: QWidget) -> None:
        """Collect mode's panel over the predictions; Tab from the canvas goes to it, as it sits above the bars
        (made last, it came after the maps)."""
        self.side_column.column.insertWidget(0, panel)
        chain = [self.canvas, panel.stop_button, panel.save_button, panel.skip_button, panel.target]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def make_room_for_side_column(self) -> None:
        """Collect mode: the feature maps give the side column the height it would like (all 16 bars at
        their usual size, the panel above) as far as they can; on a small screen it scrolls for the rest.
        `give_back_room` restores the sizes from before."""
        content = self.side_column.widget()
        content.layout().activate()  # the panel just shown counts in the hint
        guess = self.predictions.best_guess
        wanted = guess.reserved_height(guess.width()) + content.sizeHint().height()
        if self._sizes_before_room is None:
            self._sizes_before_room = self.main_splitter.sizes()
        self._give_side_column(wanted - self.main_splitter.sizes()[0])

    def _keep_side_column_in_view(self) -> None:
        """On a short window (a projector's 1280x720, say) the side column would scroll its last bars out of
        sight: the feature maps give it the height it needs, down to their smallest. The column asks for the
        same height whatever it shows (the best guess keeps the room of its tallest verdict, the note under
        the bars its two lines), so this happens as the window is sized or collect mode opens, never as a
        drawing is made or cleared. Not against a height the person dragged the splitter to (until the
        window is resized)."""
        if not self._maps_height_chosen:
            self._give_side_column(self.side_column.hidden_height())
        self._scroll_to_best_bar()

    def _scroll_to_best_bar(self) -> None:
        """Where the column still scrolls (a projector at 150 %: the maps are as small as they go), its
        scroll keeps the winning rune's bar in sight; in collect mode, the rune asked for and the progress
        come first (the bar too where both fit)."""
        if self.last_recognition is None or self.side_column.verticalScrollBar().maximum() == 0:
            return
        bars, content = self.predictions.bars, self.side_column.widget()
        row = bars.row_rect(self.last_recognition.best[0])
        centre = bars.mapTo(content, row.center().toPoint())
        self.side_column.ensureVisible(centre.x(), centre.y(), 0, round(row.height()))
        if self.collect.active:
            self._keep_collect_prompt_in_view()

    def _keep_collect_prompt_in_view(self) -> None:
        """The rune asked for and the progress in sight, where the side column scrolls (a 1366x768 laptop):
        scrolled to the winning bar, they went out of sight with every drawing."""
        column, panel = self.side_column, self.collect.panel
        top = panel.mapTo(column.widget(), QPoint(0, 0)).y()
        bottom = panel.progress.mapTo(column.widget(), QPoint(0, panel.progress.height())).y()
        half = (bottom - top + 1) // 2
        column.ensureVisible(0, top + half, 0, half + panel.layout().contentsMargins().top())

    def _give_side_column(self, wanted: int) -> None:
        top, maps = self.main_splitter.sizes()
        extra = min(wanted, maps - self._maps_floor())
        if extra > 0:
            self.main_splitter.setSizes([top + extra, maps - extra])
            self._room_given += extra

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.WindowStateChange:
            self.full_screen_changed.emit(self.isFullScreen())
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        if event.size().height() != event.oldSize().height():
            self._maps_height_chosen = False
        super().resizeEvent(event)
        QTimer.singleShot(0, self._refit_split)  # once the splitter has its new size

    def _refit_split(self) -> None:
        """A resized window: the maps take back the room they gave the column at the old size (a window
        opened small, then made full screen, kept its maps small) and at least their floor, as far as the
        canvas and the column's least let them; then they give what the column needs now."""
        if self._maps_height_chosen:
            return
        top, maps = self.main_splitter.sizes()
        least_top = self.top_splitter.minimumSizeHint().height()
        back = max(self._room_given, self._maps_floor() - maps)
        self._room_given = 0
        back = min(back, top - least_top)
        if back > 0:
            self.main_splitter.setSizes([top - back, maps + back])
        self._keep_side_column_in_view()

    def _maps_floor(self) -> int:
        """The least height the maps give way to the column: SQUEEZED_FEATURE_MAPS at 100 %; at a larger Size
        of everything 60 % of the height below the toolbar, as far as the canvas and the best guess let them:
        a presenter wants the maps larger, and squeezed to 170 px they came out smaller than at 100 %."""
        if interface_scale.scale_in_use() <= 1.0:
            return SQUEEZED_FEATURE_MAPS
        return max(SQUEEZED_FEATURE_MAPS, round(self.main_splitter.height() * MAPS_SHARE_WHEN_SCALED))

    def _on_splitter_dragged(self) -> None:
        self._room_given = 0
        self._sizes_before_room = None  # the person chose sizes of their own: collect mode's end keeps them
        self._maps_height_chosen = True

    def give_back_room(self) -> None:
        """The splitter's sizes from before the side column was given room (collect mode's end, closing:
        the next start opens with the person's sizes)."""
        if self._sizes_before_room is not None:
            self.main_splitter.setSizes(self._sizes_before_room)
            self._sizes_before_room = None
            self._room_given = 0

    def _first_size(self) -> QSize:
        """1280 x 860, or less on a small screen (a 1366 x 768 laptop must see the whole window)."""
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is None:
            return QSize(1280, 860)
        return QSize(min(1280, int(screen.width() * 0.95)), min(860, int(screen.height() * 0.92)))

    def _build_menus(self) -> None:
        """The menu bar: the window's own commands and each part's actions, in the places people know."""
        commands, collect = self.commands, self.collect
        menus: dict[str, QMenu | list[QAction | None]] = {
            "&File": [commands.open_action, commands.save_action, commands.save_as_action, None,
                      commands.export_canvas_action, commands.export_maps_action, None, commands.quit_action],
            "&Edit": [commands.undo_action, commands.redo_action, commands.clear_action, None,
                      commands.thinner_action, commands.thicker_action],
            "&View": [commands.ranked_action, commands.kernels_action, None, commands.chart_action, None,
                      commands.full_screen_action],
            "&Drawings": [collect.action, collect.save_action, collect.skip_action, None, self.corrections.action,
                          self.dataset.action, None, self.retrain.action],
            "&Model": self.models.menu,  # filled by the Model menu each time it opens
            "&Lessons": self.lessons.menu,
            "&Help": [commands.shortcuts_action, commands.chart_action, commands.about_action],
        }
        shortcut_rows = {"&Model": self.models.actions, "&Lessons": self.lessons.actions}
        self.menus: dict[str, QMenu] = {}
        bar = self.menuBar()
        for title, content in menus.items():
            if isinstance(content, QMenu):
                bar.addMenu(content)
                self.menus[title] = content
                continue
            menu = self.menus[title] = bar.addMenu(title)
            for action in content:
                menu.addSeparator() if action is None else menu.addAction(action)
        commands.menu_actions = {title: shortcut_rows.get(title, content) for title, content in menus.items()}
        # A key works only while its action is on a widget of the window: the Model menu holds its actions only
        # once it has been opened, so the window holds them from the start (Ctrl+L, Ctrl+I).
        self.addActions(self.models.actions)
        view = self.menus["&View"]
        view.addMenu(commands.scale_menu)
        view.insertAction(commands.chart_action, self.word_mode.action)

    def _build_toolbar(self) -> None:
        """Undo, the pen width (as a number beside its slider: it changes with `[` and `]` too), the chart and
        the drawings' commands; View ▸ Drawing toolbar brings it back once its right-click menu has hidden it."""
        commands = self.commands
        toolbar = self.toolbar = QToolBar("Drawing")
        toolbar.setObjectName("drawingToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions([commands.undo_action, commands.redo_action, commands.clear_action])
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(" Pen width "))
        slider = commands.pen_slider
        toolbar.addWidget(slider)
        self.pen_width_label = QLabel()
        self.pen_width_label.setContentsMargins(6, 0, 6, 0)
        self.pen_width_label.setMinimumWidth(self.pen_width_label.fontMetrics().horizontalAdvance("00 px") + 12)
        toolbar.addWidget(self.pen_width_label)
        toolbar.addSeparator()
        toolbar.addAction(commands.chart_action)
        toolbar.addSeparator()
        toolbar.addActions([self.collect.action, self.dataset.action, self.retrain.action])
        self.addToolBar(toolbar)
        slider.valueChanged.connect(self._show_pen_width)
        self._show_pen_width(slider.value())
        for action in (commands.thinner_action, commands.thicker_action):  # the keys: the slider may be hidden
            action.triggered.connect(lambda: self.notices.status(f"Pen width {slider.value()} px", 2000))
        toggle = toolbar.toggleViewAction()
        toggle.setText("Drawing &toolbar")
        tip = "Show or hide the toolbar (undo, pen width, rune chart, Collect, Your drawings, Retrain)"
        toggle.setToolTip(tip)
        toggle.setStatusTip(tip)
        view = self.menus["&View"]
        view.addSeparator()
        view.addAction(toggle)

    def _show_pen_width(self, width: int) -> None:
        self.pen_width_label.setText(f"{width} px")
        tip = (f"Pen width {width} px ([ thinner, ] thicker): the line width of the whole drawing on the canvas "
               "(the network sees every drawing at one width)")
        for widget in (self.commands.pen_slider, self.pen_width_label):
            widget.setToolTip(tip)
            widget.setStatusTip(tip)
        self.commands.pen_slider.setAccessibleDescription(f"{width} pixels")

    def _build_status_bar(self) -> None:
        self.loading_bar = QProgressBar()
        self.loading_bar.setRange(0, 0)  # busy: loading time is unknown
        self.loading_bar.setMaximumWidth(90)
        self.loading_bar.setMaximumHeight(12)
        self.loading_bar.setTextVisible(False)
        self.loading_label = plain_label()  # file names: shown as they are, never as markup
        self.model_label = plain_label("No model yet")
        self.timing_label = QLabel()
        bar = StatusBar()
        self.setStatusBar(bar)
        # Permanent, because Qt hides a status bar's other widgets while it shows a message (a menu's
        # status tip, say), and "Loading the network…" must not vanish while the network loads.
        bar.addPermanentWidget(self.loading_bar)
        bar.addPermanentWidget(self.loading_label)
        bar.addPermanentWidget(self.timing_label)
        bar.addPermanentWidget(self.model_label)
        self._set_loading(None)

    def _open_personal_data(self) -> None:
        """The person's drawings and model versions, from the data folder (not for the self-test)."""
        self.drawings, self.versions = None, None
        if self.persist:
            self.drawings, drawings_problem = open_personal_drawings(self)
            self.versions, versions_problem = open_model_versions()
            problems = [text for text in (drawings_problem, versions_problem) if text]
            remove_leftovers_at_start()  # temporary files of writes killed last time: nothing to tell
            notes = self.versions.tidy() if self.versions is not None else []
            if problems or notes:
                self.banner.show_message("\n".join(problems + notes), "error" if problems else "info")

    def _connect(self) -> None:
        self.canvas.drawing_changed.connect(self._on_drawing_changed)
        self.canvas.drawing_live.connect(lambda drawing: self.live.submit(drawing, live=True))
        self.predictions.ranked_changed.connect(self.commands.ranked_action.setChecked)
        self.live.recognized.connect(self._on_recognized)
        self.live.cleared.connect(self._on_cleared)
        self.active_model.loading.connect(self._on_model_loading)
        self.active_model.ready.connect(self._on_model_ready)
        self.active_model.failed.connect(self._on_model_failed)
        self.active_model.lost.connect(self._on_model_lost)
        self.word_mode.glyph_shown.connect(self.corrections.show_recognition)
        self.word_mode.glyph_shown.connect(self._on_recognized)
        self.word_mode.correction_drawing.connect(self.corrections.set_drawing_override)
        self.word_mode.active_changed.connect(self._make_room_for_words)
        self.collect.active_changed.connect(self._on_collect_mode)
        self.full_screen_changed.connect(self.commands.full_screen_action.setChecked)

    def _on_collect_mode(self, on: bool) -> None:
        """Collect mode's panel gets the room it needs while it shows; corrections pause meanwhile (the panel
        says which rune is drawn)."""
        if on:
            self.make_room_for_side_column()
        else:
            self.give_back_room()
        self.corrections.set_enabled(not on)

    @property
    def model(self) -> ModelInfo | None:
        """The model in use (its owner is `active_model`)."""
        return self.active_model.info

    # --- start-up and shut-down -------------------------------------------------------------------
    def start(self, model_path: Path | None = None) -> None:
        """Load the model in the background, once the window is on screen: `model_path`, or else the
        active version (Model menu), which is the shipped model until the person chooses another.

        Waiting for the first paint matters: reading the model costs the recognition process a core, and
        on a 2-core machine that would delay the window it is meant not to delay (and a model that needs
        the framework takes seconds). The process itself was started with the window (`start_early`).
        """
        if model_path is None:
            model_path = self.active_model.startup_path()  # the active version, or None: the shipped model
            if self.versions is not None and self.versions.problem:
                self.notices.add_to_banner(self.versions.problem)  # after what opening the data folder said
        if self.window_shown_ms is not None:
            self.live.load_model(model_path)
        else:
            self._load_when_shown = (model_path,)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.canvas and event.type() == QEvent.Type.Paint and self.window_shown_ms is None:
            self.window_shown_ms = since_start_ms()
            self.canvas.removeEventFilter(self)
            if self._load_when_shown is not None:
                QTimer.singleShot(0, self._load_deferred_model)
        return super().eventFilter(watched, event)

    def _load_deferred_model(self) -> None:
        (path,), self._load_when_shown = self._load_when_shown, None
        self.live.load_model(path)

    @property
    def loading_model(self) -> bool:
        """Whether a model is on its way (asked for, or loading)."""
        return self._load_when_shown is not None or self.live.is_loading

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.retrain.confirm_close(self):  # a run, or a new model not yet accepted, would be lost
            event.ignore()
            return
        if self.persist:
            self.give_back_room()  # the next start opens with the person's sizes, not those made for the column
            self._save_settings()
            self._autosave()
        self.hide()  # gone at once, even if the worker still has to finish loading a model
        self.retrain.shutdown()
        self.dataset.shutdown()
        self.live.shutdown()
        if self.drawings is not None:
            self.drawings.close()
        super().closeEvent(event)

    def _restore_settings(self) -> None:
        if not self.persist:
            return
        settings = open_settings()
        restore_geometry(settings, "window/geometry", self)
        # Kept apart from the geometry: Qt restores none of that after Size of everything has changed the
        # screen's width in pixels (a restart at 150 %), and a presenter's full screen went with it.
        if read_bool(settings, "window/full_screen", False):
            self.setWindowState(self.windowState() | Qt.WindowState.WindowFullScreen)
        for splitter in (self.top_splitter, self.main_splitter):
            if isinstance(state := settings.value(f"window/{splitter.objectName()}"), QByteArray):
                splitter.restoreState(state)
        self.commands.set_pen_width(read_float(settings, "pen/width", DEFAULT_PEN_WIDTH, *PEN_WIDTH_RANGE))
        self.commands.ranked_action.setChecked(read_bool(settings, "view/ranked", False))
        self.commands.kernels_action.setChecked(read_bool(settings, "view/kernels", False))
        self.corrections.action.setChecked(read_bool(settings, "drawings/save_corrections", True))
        drawing, message = autosave.load_autosave()
        if drawing is not None:
            self.canvas.set_drawing(drawing)
            self._start_note = message  # said with "Model ready", which would hide it if said now
        elif message is not None:
            self.banner.show_message(message, "info")

    def _save_settings(self) -> None:
        settings = open_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/full_screen", self.isFullScreen())
        for splitter in (self.top_splitter, self.main_splitter):
            settings.setValue(f"window/{splitter.objectName()}", splitter.saveState())
        settings.setValue("pen/width", self.canvas.pen_width())
        settings.setValue("view/ranked", self.predictions.bars.ranked)
        settings.setValue("view/kernels", self.commands.kernels_action.isChecked())
        settings.setValue("drawings/save_corrections", self.corrections.action.isChecked())
        settings.sync()

    def _autosave(self) -> None:
        if not self.persist:
            return
        try:
            autosave.save_autosave(self.canvas.drawing())
        except OSError as error:
            self.statusBar().showMessage(f"Could not keep a copy of the drawing: {error}", 8000)

    # --- the flow: canvas -> recognition -> widgets -----------------------------------------------
    def _on_drawing_changed(self, drawing) -> None:
        self.live.submit(drawing)
        if self.model is None and self.loading_model and drawing.strokes:
            self.predictions.best_guess.show_waiting(WAITING_TEXT)
        self.commands.update_enabled()
        self._autosave_timer.start()

    def _on_recognized(self, recognition) -> None:
        self.last_recognition = recognition
        self.predictions.show_recognition(recognition, settled=not self.canvas.is_drawing)
        QTimer.singleShot(0, self._scroll_to_best_bar)  # once the verdict's lines are laid out
        self.feature_maps.show_recognition(recognition)
        self.commands.export_maps_action.setEnabled(True)
        if self.live.last_elapsed_ms is not None:
            self.timing_label.setText(f"read in {self.live.last_elapsed_ms:.0f} ms")

    def _make_room_for_words(self, on: bool) -> None:
        """Word mode: the canvas takes the width the side column can spare (a word is wider than a rune)."""
        canvas_width, side_width = self.top_splitter.sizes()
        if on:
            self._side_width_before_words = side_width
            narrowest = self.prediction_column.minimumSizeHint().width()
            self.top_splitter.setSizes([canvas_width + side_width - narrowest, narrowest])
        elif self._side_width_before_words is not None:
            total = canvas_width + side_width
            self.top_splitter.setSizes([total - self._side_width_before_words, self._side_width_before_words])
            self._side_width_before_words = None

    def _on_cleared(self, message: str) -> None:
        self.last_recognition = None
        self.commands.export_maps_action.setEnabled(False)
        self.predictions.show_empty(message)
        self.feature_maps.clear()
        self.timing_label.setText("")
        if self.model is None and not self.canvas.is_empty and self.live.is_loading:
            self.predictions.best_guess.show_waiting(WAITING_TEXT)

    def _on_model_loading(self, path: Path | None) -> None:
        self._set_loading(f"Loading {'the network' if path is None else Path(path).name}… you can draw meanwhile")
        if self.model is None and not self.canvas.is_empty:
            self.predictions.best_guess.show_waiting(WAITING_TEXT)

    def _on_model_ready(self, info: ModelInfo) -> None:
        if self.model_ready_ms is None:
            self.model_ready_ms = since_start_ms()
        self._set_loading(None)
        self.feature_maps.set_model(info)
        self.model_label.setText(self.active_model.label())
        self.model_label.setToolTip(shown_as_text(str(info.path)))
        name = self.active_model.name_for_people(info.path)  # as the Model menu and the status bar's label name it
        note, self._start_note = (f" · {self._start_note}" if self._start_note else ""), None
        self.statusBar().showMessage(f"Model ready: {name} (loaded in {info.load_seconds:.1f} s){note}", 8000)
        if self.last_recognition is not None:
            self.feature_maps.show_recognition(self.last_recognition)
        elif self.canvas.is_empty:
            self.predictions.show_empty("")  # no "No model is loaded" left from a failed load
        if self._model_error is not None and self.banner.isVisible():
            # The banner's "no model is loaded" line is out of date now; the error itself is not.
            hint = self.active_model.fallback_hint()
            self.banner.show_message(f"{self._model_error}\nUsing {name} instead.{hint}", "info")
        elif self._failure_still_using is not None and self.banner.isVisible() \
                and self.banner.text.startswith(self._failure_still_using):
            # "Still using the previous model, version 1" is out of date (and version 1 may be deleted next).
            self.banner.show_message(f"{self._failure_still_using}\nUsing {name} now.", "info")
        self._model_error = None
        self._failure_still_using = None

    def _on_model_failed(self, message: str, after: AfterFailure) -> None:
        self._set_loading(None)
        self._start_note = None  # "your drawing is back" belongs with the first "Model ready" only
        if after is AfterFailure.PREVIOUS:
            self._failure_still_using = message  # until another model is in use
            message += f"\nStill using the previous model, {self.active_model.name_for_people(self.model.path)}."
        elif after is AfterFailure.SHIPPED:
            self._model_error = message  # shown again, as a note, once a model loads
            message += "\nUsing the shipped model instead."
        else:
            self._model_error = message
            message += "\nNo model is loaded; use Model ▸ Load model file… or Reset to shipped model."
            if not self.active_model.is_loading:  # a load asked for meanwhile may still bring one
                self._show_no_model()
        self.banner.show_message(message, "error")
        self.statusBar().showMessage("The model could not be loaded", 8000)

    def _on_model_lost(self, message: str) -> None:
        self.banner.show_message(message, "error", action=("Try again", self.active_model.reload_lost))
        self.feature_maps.show_no_model()
        self.predictions.best_guess.show_waiting("Drawings are not being read: the recognition process keeps "
                                                 "stopping (Try again is in the message above).")

    def _show_no_model(self) -> None:
        self.feature_maps.show_no_model()
        self.predictions.best_guess.show_waiting("No model is loaded, so nothing can be recognised.")

    def _set_loading(self, text: str | None) -> None:
        self.loading_bar.setVisible(text is not None)
        self.loading_label.setVisible(text is not None)
        self.loading_label.setText(text or "")
