//! The desktop app (eframe): owns the draft, its file and the cached findings, draws the panels
//! and applies the [`Command`]s they return. File I/O, dialogs and the unsaved-changes guard all
//! happen here, in one place.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use egui::ViewportCommand;

use crate::chooser::Question;
use crate::claim::{ClaimDraft, ServiceLine};
use crate::draft;
use crate::export;
use crate::reference::Reference;
use crate::rules::{self, FieldPath, Finding, ReferenceLink, Severity};
use crate::ui::background::CodeSetsLoader;
use crate::ui::chooser_panel::ChooserPanel;
use crate::ui::claim_form::ClaimForm;
use crate::ui::dialogs::{Choice, Dialog, ErrorReport, Then};
use crate::ui::files::{self, DialogAnswer, DialogPurpose, FileDialogs, ReportFormat};
use crate::ui::findings_panel::FindingsPanel;
use crate::ui::reference_panel::ReferencePanel;
use crate::ui::{Command, Theme, about, labels, menu, severity_color};

mod safekeeping;

/// The key of [`Settings`] in eframe's storage.
const SETTINGS_KEY: &str = "settings";

/// What persists between runs (eframe storage). Never the claim: that lives in draft files.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Most recent first, at most [`files::MAX_RECENT_FILES`].
    pub recent_files: Vec<PathBuf>,
    pub theme: Theme,
    pub reference_width: f32,
    pub findings_width: f32,
    /// The zoom factor (Ctrl+Plus / Ctrl+Minus / Ctrl+0); 1.0 is normal size.
    pub zoom: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            recent_files: Vec::new(),
            theme: Theme::System,
            reference_width: 430.0,
            findings_width: 380.0,
            zoom: 1.0,
        }
    }
}

/// The app: the draft, where it lives, whether it changed, its findings and the panels' state.
pub struct App {
    reference: Reference,
    settings: Settings,
    draft: ClaimDraft,
    path: Option<PathBuf>,
    /// The draft as last opened or saved: the dirty mark compares against it.
    saved: ClaimDraft,
    /// The draft the cached findings belong to; `None` until the first validation.
    validated: Option<ClaimDraft>,
    findings: Vec<Finding>,
    /// How many times the draft was validated (tests check it does not grow per frame).
    findings_generation: u64,
    reference_panel: ReferencePanel,
    claim_form: ClaimForm,
    findings_panel: FindingsPanel,
    dialog: Option<Dialog>,
    file_dialogs: FileDialogs,
    code_sets: CodeSetsLoader,
    /// The title last sent to the window, so it is sent only when it changes.
    window_title: String,
    /// Set once the user agreed to quit, so the next close request goes through.
    allow_close: bool,
    status: String,
    chooser: ChooserPanel,
    about_open: bool,
    /// False until the first frame has applied the saved zoom.
    started: bool,
    /// Autosave and restore, changes on disk, read-only drafts (`app/safekeeping.rs`).
    keep: safekeeping::Safekeeping,
}

/// Zoom steps of 0.1 between half and three times the normal size; a bad saved value is 1.0.
fn clamp_zoom(zoom: f32) -> f32 {
    if zoom.is_finite() {
        ((zoom * 10.0).round() / 10.0).clamp(0.5, 3.0)
    } else {
        1.0
    }
}

impl App {
    /// A new app with an empty draft. `storage` restores the settings (tests pass `None`).
    pub fn new(reference: Reference, storage: Option<&dyn eframe::Storage>) -> App {
        let settings: Settings = storage
            .and_then(|s| eframe::get_value(s, SETTINGS_KEY))
            .unwrap_or_default();
        let code_sets = CodeSetsLoader::start(&reference);
        let draft = ClaimDraft::default();
        App {
            reference_panel: ReferencePanel::new(&reference),
            reference,
            settings,
            saved: draft.clone(),
            draft,
            path: None,
            validated: None,
            findings: Vec::new(),
            findings_generation: 0,
            claim_form: ClaimForm::default(),
            findings_panel: FindingsPanel::default(),
            dialog: None,
            file_dialogs: FileDialogs::default(),
            code_sets,
            window_title: String::new(),
            allow_close: false,
            status: String::new(),
            chooser: ChooserPanel::default(),
            about_open: false,
            started: false,
            keep: safekeeping::Safekeeping::default(),
        }
    }

    /// Opens a draft file: the one path for the file dialog, drag and drop, recent files, the
    /// command line and tests. On failure the error dialog shows and the current draft stays.
    pub fn open_path(&mut self, path: &Path) -> bool {
        match draft::load_stamped(path) {
            Ok((loaded, stamp)) => {
                self.set_draft(loaded.clone(), Some(path.to_path_buf()));
                self.saved = loaded;
                self.remember_file(path, stamp);
                files::remember(&mut self.settings.recent_files, path);
                self.status = format!("Opened {}", path.display());
                true
            }
            Err(error) => {
                if self.open_newer_read_only(path, &error) {
                    files::remember(&mut self.settings.recent_files, path);
                    return true;
                }
                if let draft::DraftError::Read { source, .. } = &error
                    && source.kind() == std::io::ErrorKind::NotFound
                {
                    self.settings.recent_files.retain(|p| p != path);
                }
                self.dialog = Some(Dialog::Error {
                    title: labels::OPEN_FAILED_TITLE.to_string(),
                    report: ErrorReport::from_draft_error(&error),
                });
                false
            }
        }
    }

    /// Saves the draft to `path` and makes it the current file. On failure the error dialog shows;
    /// the edits and the dirty mark stay.
    pub fn save_to(&mut self, path: &Path) -> bool {
        if self.refuse_read_only_save() {
            return false;
        }
        match draft::save_stamped(path, &self.draft) {
            Ok(stamp) => {
                self.remember_file(path, stamp);
                self.path = Some(path.to_path_buf());
                self.saved = self.draft.clone();
                files::remember(&mut self.settings.recent_files, path);
                self.status = format!("Saved {}", path.display());
                true
            }
            Err(error) => {
                self.dialog = Some(Dialog::Error {
                    title: labels::SAVE_FAILED_TITLE.to_string(),
                    report: ErrorReport::from_draft_error(&error),
                });
                false
            }
        }
    }

    /// Applies one command; the only place where panels' requests take effect.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::New => self.guard(ctx, Then::New),
            Command::Open => self.guard(ctx, Then::Open),
            Command::OpenPath(path) => self.guard(ctx, Then::OpenPath(path)),
            Command::Quit => self.guard(ctx, Then::Quit),
            Command::Save => {
                self.save(ctx, None);
            }
            Command::SaveAs => {
                if !self.refuse_read_only_save() {
                    self.start_file_dialog(ctx, DialogPurpose::SaveAs { then: None });
                }
            }
            Command::JumpTo(path) => self.claim_form.jump_to(path),
            Command::ShowReference(link) => self.reference_panel.show_link(link, &self.reference),
            Command::ShowRule(rule) => self.reference_panel.show_rule(rule),
            Command::ShowEntry(code) => self.reference_panel.show_entry(&code, &self.reference),
            Command::FocusSearch => self.reference_panel.focus_search(),
            Command::SetTheme(theme) => {
                self.settings.theme = theme;
                ctx.set_theme(theme.preference());
            }
            Command::ClearRecentFiles => self.settings.recent_files.clear(),
            Command::OpenChooser => self.chooser.open(&self.draft, &self.reference),
            Command::AddGuidanceLine { code, modifiers } => self.add_guidance_line(code, modifiers),
            Command::AddLine => {
                self.draft.lines.push(ServiceLine::default());
                self.claim_form.focus_line_code(self.draft.lines.len() - 1);
            }
            Command::AddDiagnosis => self.claim_form.focus_new_diagnosis(),
            Command::ExportReport(format) => self.start_export_dialog(ctx, format),
            Command::CopyReport => {
                ctx.copy_text(self.report(ReportFormat::Markdown));
                self.status = "Copied the Markdown report to the clipboard".to_string();
            }
            Command::ZoomIn => self.set_zoom(ctx, self.settings.zoom + 0.1),
            Command::ZoomOut => self.set_zoom(ctx, self.settings.zoom - 0.1),
            Command::ZoomReset => self.set_zoom(ctx, 1.0),
            Command::ShowAbout => self.about_open = true,
        }
    }

    /// The checked claim as a report: the same functions as `cpt-guidance check --format`.
    /// Validates first if the draft changed since the last check.
    pub fn report(&mut self, format: ReportFormat) -> String {
        self.validate_if_changed(true);
        let name = self
            .path
            .as_deref()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned());
        let (draft, findings, reference) = (&self.draft, &self.findings, &self.reference);
        match format {
            ReportFormat::Markdown => export::markdown(draft, findings, reference, name.as_deref()),
            ReportFormat::Html => export::html(draft, findings, reference, name.as_deref()),
        }
    }

    /// Writes the report to `path` (atomically: a failed export leaves any old file as it was).
    /// On failure the error dialog shows.
    pub fn export_to(&mut self, path: &Path, format: ReportFormat) -> bool {
        let text = self.report(format);
        match draft::write_atomically(path, text.as_bytes()) {
            Ok(()) => {
                self.status = format!("Exported the report to {}", path.display());
                true
            }
            Err(error) => {
                self.dialog = Some(Dialog::Error {
                    title: labels::EXPORT_FAILED_TITLE.to_string(),
                    report: ErrorReport::from_draft_error(&error),
                });
                false
            }
        }
    }

    /// The chooser's "Use this code": a guidance line pointing at the primary line's diagnoses.
    fn add_guidance_line(&mut self, code: String, modifiers: Vec<String>) {
        let primary = self.chooser.question().primary.trim().to_ascii_uppercase();
        let mut line = ServiceLine {
            code,
            modifiers,
            ..ServiceLine::default()
        };
        if let Some(primary_line) = self
            .draft
            .lines
            .iter()
            .find(|l| l.normalized_code() == primary)
        {
            line.diagnosis_pointers = primary_line.diagnosis_pointers.clone();
        }
        let coded = std::iter::once(line.code.clone())
            .chain(line.modifiers.iter().cloned())
            .collect::<Vec<_>>()
            .join("-");
        self.status = format!("Added {coded} to the claim");
        self.draft.lines.push(line);
    }

    fn set_zoom(&mut self, ctx: &egui::Context, zoom: f32) {
        self.settings.zoom = clamp_zoom(zoom);
        ctx.set_zoom_factor(self.settings.zoom);
    }

    // ---- State for tests and the window title ----

    pub fn draft(&self) -> &ClaimDraft {
        &self.draft
    }
    pub fn draft_mut(&mut self) -> &mut ClaimDraft {
        &mut self.draft
    }
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
    pub fn is_dirty(&self) -> bool {
        self.draft != self.saved
    }
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }
    pub fn findings_generation(&self) -> u64 {
        self.findings_generation
    }
    pub fn dialog(&self) -> Option<&Dialog> {
        self.dialog.as_ref()
    }
    pub fn settings(&self) -> &Settings {
        &self.settings
    }
    /// The claim-form field highlighted after clicking a finding.
    pub fn highlighted_field(&self) -> Option<FieldPath> {
        self.claim_form.highlight()
    }
    /// The code whose entry the reference panel shows.
    pub fn reference_code(&self) -> &str {
        self.reference_panel.selected()
    }
    /// The reference text highlighted after clicking a finding.
    pub fn reference_link(&self) -> Option<&ReferenceLink> {
        self.reference_panel.link()
    }
    pub fn window_title(&self) -> &str {
        &self.window_title
    }
    pub fn chooser_open(&self) -> bool {
        self.chooser.is_open()
    }
    /// The chooser's question as its fields hold it.
    pub fn chooser_question(&self) -> Question {
        self.chooser.question()
    }
    pub fn about_open(&self) -> bool {
        self.about_open
    }
    /// Blocks until the ICD-10-CM code sets are loaded (tests; the app never waits).
    pub fn wait_for_code_sets(&mut self) {
        self.code_sets.wait();
    }

    // ---- Files and the unsaved-changes guard ----

    /// Runs `then` now, or first asks about unsaved changes.
    fn guard(&mut self, ctx: &egui::Context, then: Then) {
        if self.is_dirty() {
            self.dialog = Some(Dialog::UnsavedChanges { then });
        } else {
            self.proceed(ctx, then);
        }
    }

    fn proceed(&mut self, ctx: &egui::Context, then: Then) {
        match then {
            Then::New => {
                self.set_draft(ClaimDraft::default(), None);
                self.saved = self.draft.clone();
                self.status = "New draft".to_string();
                self.claim_form.focus_title();
            }
            Then::Open => self.start_file_dialog(ctx, DialogPurpose::Open),
            Then::OpenPath(path) => {
                self.open_path(&path);
            }
            Then::Quit => {
                self.allow_close = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
        }
    }

    /// Saves to the current file, or asks for one; then runs `then` if the save succeeded.
    fn save(&mut self, ctx: &egui::Context, then: Option<Then>) {
        match self.path.clone() {
            Some(path) => {
                if self.ask_if_changed_on_disk(&path, &then) {
                    return;
                }
                if self.save_to(&path)
                    && let Some(then) = then
                {
                    self.proceed(ctx, then);
                }
            }
            None => self.start_file_dialog(ctx, DialogPurpose::SaveAs { then }),
        }
    }

    fn start_file_dialog(&mut self, ctx: &egui::Context, purpose: DialogPurpose) {
        let name = match &self.path {
            Some(path) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            None => files::suggested_file_name(&self.draft.title),
        };
        self.file_dialogs
            .start(ctx, purpose, self.path.as_deref(), &name);
    }

    /// The save dialog for a report, suggesting the draft's name with the report's extension.
    fn start_export_dialog(&mut self, ctx: &egui::Context, format: ReportFormat) {
        let name = match &self.path {
            Some(path) => PathBuf::from(path.file_name().unwrap_or_default()),
            None => PathBuf::from(files::suggested_file_name(&self.draft.title)),
        }
        .with_extension(format.extension());
        self.file_dialogs.start(
            ctx,
            DialogPurpose::Export(format),
            self.path.as_deref(),
            &name.to_string_lossy(),
        );
    }

    fn on_file_dialog_answer(&mut self, ctx: &egui::Context, answer: DialogAnswer) {
        let Some(path) = answer.path else {
            return; // Cancelled: nothing changes.
        };
        match answer.purpose {
            DialogPurpose::Open => {
                self.open_path(&path);
            }
            DialogPurpose::SaveAs { then } => {
                if self.save_to(&path)
                    && let Some(then) = then
                {
                    self.proceed(ctx, then);
                }
            }
            DialogPurpose::Export(format) => {
                self.export_to(&path, format);
            }
        }
    }

    fn on_dialog_choice(&mut self, ctx: &egui::Context, choice: Choice) {
        let Some(dialog) = self.dialog.take() else {
            return;
        };
        let Some(dialog) = self.safekeeping_choice(ctx, dialog, choice) else {
            return;
        };
        if let Dialog::UnsavedChanges { then } = dialog {
            match choice {
                Choice::Save => self.save(ctx, Some(then)),
                Choice::Discard => self.proceed(ctx, then),
                Choice::Cancel
                | Choice::Dismiss
                | Choice::Restore
                | Choice::Overwrite
                | Choice::SaveAs => {}
            }
        }
    }

    /// Replaces the draft (new or opened) and resets what belonged to the old one.
    fn set_draft(&mut self, draft: ClaimDraft, path: Option<PathBuf>) {
        self.draft = draft;
        self.path = path;
        self.claim_form.reset();
        self.findings_panel.clear_selection();
        self.forget_file();
    }

    /// Closing the window with unsaved changes asks first.
    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) || self.allow_close {
            return;
        }
        if self.is_dirty() {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            if self.dialog.is_none() {
                self.dialog = Some(Dialog::UnsavedChanges { then: Then::Quit });
            }
        }
    }

    /// A `.ron` file dropped on the window opens (after the guard).
    fn dropped_files(&mut self, ctx: &egui::Context) -> Option<Command> {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        let first = dropped.into_iter().next()?;
        if files::is_draft_file(&first) {
            Some(Command::OpenPath(first))
        } else {
            self.dialog = Some(Dialog::Error {
                title: labels::OPEN_FAILED_TITLE.to_string(),
                report: ErrorReport {
                    file: first.display().to_string(),
                    position: None,
                    reason: "only claim drafts (.ron files) can be opened".to_string(),
                },
            });
            None
        }
    }

    // ---- Validation and the title ----

    /// Validates when the draft differs from the one last validated; never otherwise.
    /// Returns true when the findings changed.
    fn validate_if_changed(&mut self, code_sets_ready: bool) -> bool {
        if !code_sets_ready || self.validated.as_ref() == Some(&self.draft) {
            return false;
        }
        self.findings = rules::validate(&self.draft, &self.reference);
        self.validated = Some(self.draft.clone());
        self.findings_generation += 1;
        true
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let name = self
            .path
            .as_deref()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Untitled".to_string());
        let mark = if self.is_dirty() { "*" } else { "" };
        let title = format!("{mark}{name} — cpt-guidance");
        if title != self.window_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    fn status_ui(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if self.validated.is_some() {
                let words = [
                    (Severity::Error, "error"),
                    (Severity::Warning, "warning"),
                    (Severity::Info, "info"),
                ];
                for (severity, word) in words {
                    let count = self
                        .findings
                        .iter()
                        .filter(|f| f.severity == severity)
                        .count();
                    let text = egui::RichText::new(labels::status_count(count, word));
                    let text = if count > 0 {
                        text.strong().color(severity_color(ui, severity))
                    } else {
                        text.weak()
                    };
                    ui.label(text).on_hover_text(
                        "Findings of the last check: the Validation panel lists them",
                    );
                }
                ui.separator();
            }
            let file = self
                .path
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "Not saved yet".to_string());
            ui.label(egui::RichText::new(file).weak());
            if self.is_dirty() {
                ui.label(
                    egui::RichText::new("• unsaved changes").color(ui.visuals().warn_fg_color),
                );
            }
            if self.file_dialogs.is_open() {
                ui.label("A file dialog is open…");
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let manifest = &self.reference.manifest;
                ui.label(
                    egui::RichText::new(format!(
                        "Reference {} (effective {})",
                        manifest.version, manifest.effective_date
                    ))
                    .weak(),
                );
                if !self.status.is_empty() {
                    ui.label(egui::RichText::new(&self.status).weak());
                }
            });
        });
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let first_frame = !self.started;
        if !self.started {
            self.started = true;
            // The app handles the zoom keys itself, to remember the zoom in the settings.
            ctx.options_mut(|o| o.zoom_with_keyboard = false);
            self.set_zoom(&ctx, self.settings.zoom);
        }
        let ready = self.code_sets.poll(&ctx);
        if let Some(answer) = self.file_dialogs.poll() {
            self.on_file_dialog_answer(&ctx, answer);
        }
        self.handle_close_request(&ctx);
        let mut commands = Vec::new();
        if self.dialog.is_none() && !self.file_dialogs.is_open() && !self.about_open {
            commands.extend(menu::consume_shortcuts(&ctx));
            commands.extend(self.dropped_files(&ctx));
        }
        self.validate_if_changed(ready);

        egui::Panel::top("menu-bar").show(ui, |ui| {
            menu::menu_bar_ui(
                ui,
                &self.settings.recent_files,
                self.settings.theme,
                &mut commands,
            );
        });
        egui::Panel::bottom("status-bar").show(ui, |ui| self.status_ui(ui));
        let left = egui::Panel::left("reference-panel")
            .resizable(true)
            .default_size(self.settings.reference_width)
            .size_range(260.0..=900.0)
            .show(ui, |ui| self.reference_panel.ui(ui, &self.reference));
        self.settings.reference_width = left.response.rect.width();
        let findings = ready.then_some(self.findings.as_slice());
        let right = egui::Panel::right("findings-panel")
            .resizable(true)
            .default_size(self.settings.findings_width)
            .size_range(240.0..=800.0)
            .show(ui, |ui| {
                self.findings_panel
                    .ui(ui, findings, &self.reference, &mut commands)
            });
        self.settings.findings_width = right.response.rect.width();
        let code_sets = if ready {
            self.reference.icd10cm()
        } else {
            None
        };
        egui::CentralPanel::default_margins().show(ui, |ui| {
            if let Some(found) = self.keep.read_only() {
                crate::ui::recovery_dialogs::read_only_banner(ui, found);
            }
            egui::ScrollArea::vertical()
                .id_salt("claim-scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    if self.keep.read_only().is_some() {
                        ui.disable(); // Scrolling still works: the scroll area is outside.
                    }
                    self.claim_form.ui(
                        ui,
                        &mut self.draft,
                        &self.reference,
                        code_sets,
                        &self.findings,
                        &mut commands,
                    );
                });
        });

        let keyboard = self.dialog.is_none() && !self.about_open;
        self.chooser
            .show(&ctx, &self.reference, keyboard, &mut commands);
        if self.about_open && about::show(&ctx, &self.reference, ready) {
            self.about_open = false;
        }
        self.safekeeping_before_frame();
        if let Some(dialog) = &self.dialog
            && let Some(choice) = dialog.show(&ctx)
        {
            self.on_dialog_choice(&ctx, choice);
        }
        for command in commands {
            self.apply(&ctx, command);
        }
        // Edits made this frame are validated now and shown on one more frame (not continuously).
        if self.validate_if_changed(ready) {
            ctx.request_repaint();
        }
        self.safekeeping_after_frame(&ctx);
        self.update_title(&ctx);
        if first_frame && std::env::var_os(FIRST_FRAME_EXIT_ENV).is_some() {
            self.allow_close = true;
            report_first_frame_and_close(&ctx);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.settings);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.safekeeping_exit();
    }
}

/// With this variable set, the app prints `first_frame_unix_ms=<ms>` on stderr at the end of its
/// first frame and closes: `scripts/startup_memory.sh` times start-up with it, the same way as
/// `examples/bare_window.rs`.
pub const FIRST_FRAME_EXIT_ENV: &str = "CPT_GUIDANCE_FIRST_FRAME_EXIT";

fn report_first_frame_and_close(ctx: &egui::Context) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    eprintln!("first_frame_unix_ms={now}");
    ctx.send_viewport_cmd(ViewportCommand::Close);
}

/// Starts the desktop app, with `file` open when given.
pub fn run(reference: Reference, file: Option<PathBuf>) -> ExitCode {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("cpt-guidance")
        .with_app_id("cpt-guidance")
        .with_inner_size([1400.0, 900.0])
        .with_min_inner_size([960.0, 600.0])
        .with_drag_and_drop(true);
    // A broken icon only means the default one: never a reason not to start.
    if let Ok(icon) = eframe::icon_data::from_png_bytes(include_bytes!("../assets/icon.png")) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        // With CPT_GUIDANCE_DATA_DIR set, the settings live beside the recovery files too
        // (eframe takes the file's path here).
        persistence_path: std::env::var_os(crate::recovery::DATA_DIR_ENV)
            .filter(|d| !d.is_empty())
            .map(|d| PathBuf::from(d).join("app.ron")),
        ..Default::default()
    };
    let result = eframe::run_native(
        "cpt-guidance",
        options,
        Box::new(move |cc| {
            let mut app = App::new(reference, cc.storage);
            app.enable_recovery_in_data_dir();
            cc.egui_ctx.set_theme(app.settings.theme.preference());
            if let Some(path) = file {
                app.open_path(&path);
            }
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cpt-guidance: the window could not be opened: {error}");
            ExitCode::from(2)
        }
    }
}
