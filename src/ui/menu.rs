//! The menu bar and the keyboard shortcuts it shows.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers, Ui};

use super::files::ReportFormat;
use super::{Command, Theme, labels};

/// A menu item showing its shortcut, with a tooltip saying what it does and the shortcut again.
fn item(ui: &mut Ui, label: &str, shortcut: &KeyboardShortcut, hint: &str) -> bool {
    let text = ui.ctx().format_shortcut(shortcut);
    ui.add(egui::Button::new(label).shortcut_text(text.clone()))
        .on_hover_text(format!("{hint} ({text})"))
        .clicked()
}

pub const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
pub const SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
pub const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
pub const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
pub const CHOOSER: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::G);
pub const ADD_LINE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::L);
pub const ADD_DIAGNOSIS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::D);
pub const EXPORT_MARKDOWN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
pub const EXPORT_HTML: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::E);
/// Ctrl+Shift+C: plain Ctrl+C stays the text copy of the focused field.
pub const COPY_REPORT: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::C);
pub const ZOOM_IN: KeyboardShortcut = egui::gui_zoom::kb_shortcuts::ZOOM_IN;
/// Ctrl+= zooms in too: on many keyboards + needs Shift.
pub const ZOOM_IN_SECONDARY: KeyboardShortcut = egui::gui_zoom::kb_shortcuts::ZOOM_IN_SECONDARY;
pub const ZOOM_OUT: KeyboardShortcut = egui::gui_zoom::kb_shortcuts::ZOOM_OUT;
pub const ZOOM_RESET: KeyboardShortcut = egui::gui_zoom::kb_shortcuts::ZOOM_RESET;
pub const ABOUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F1);

/// The shortcut pressed this frame, if any. A shortcut with Shift is checked before the same one
/// without (Save As before Save), since egui's matching ignores an extra Shift.
pub fn consume_shortcuts(ctx: &egui::Context) -> Option<Command> {
    let table = [
        (SAVE_AS, Command::SaveAs),
        (SAVE, Command::Save),
        (EXPORT_HTML, Command::ExportReport(ReportFormat::Html)),
        (
            EXPORT_MARKDOWN,
            Command::ExportReport(ReportFormat::Markdown),
        ),
        (COPY_REPORT, Command::CopyReport),
        (NEW, Command::New),
        (OPEN, Command::Open),
        (QUIT, Command::Quit),
        (FIND, Command::FocusSearch),
        (CHOOSER, Command::OpenChooser),
        (ADD_LINE, Command::AddLine),
        (ADD_DIAGNOSIS, Command::AddDiagnosis),
        (ZOOM_IN, Command::ZoomIn),
        (ZOOM_IN_SECONDARY, Command::ZoomIn),
        (ZOOM_OUT, Command::ZoomOut),
        (ZOOM_RESET, Command::ZoomReset),
        (ABOUT, Command::ShowAbout),
    ];
    ctx.input_mut(|input| {
        table
            .into_iter()
            .find(|(shortcut, _)| input.consume_shortcut(shortcut))
            .map(|(_, command)| command)
    })
}

/// File, View, Tools and Help menus, and the toolbar button of the chooser.
pub fn menu_bar_ui(ui: &mut Ui, recent: &[PathBuf], theme: Theme, commands: &mut Vec<Command>) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(labels::MENU_FILE, |ui| {
            if item(ui, labels::NEW, &NEW, "Start an empty claim draft") {
                commands.push(Command::New);
            }
            if item(ui, labels::OPEN, &OPEN, "Open a claim draft file") {
                commands.push(Command::Open);
            }
            ui.menu_button(labels::OPEN_RECENT, |ui| {
                if recent.is_empty() {
                    ui.label(labels::NO_RECENT_FILES);
                }
                for path in recent {
                    if ui.button(path.display().to_string()).clicked() {
                        commands.push(Command::OpenPath(path.clone()));
                    }
                }
                if !recent.is_empty() {
                    ui.separator();
                    if ui.button(labels::CLEAR_RECENT_FILES).clicked() {
                        commands.push(Command::ClearRecentFiles);
                    }
                }
            });
            ui.separator();
            if item(ui, labels::SAVE, &SAVE, "Save the draft") {
                commands.push(Command::Save);
            }
            if item(
                ui,
                labels::SAVE_AS,
                &SAVE_AS,
                "Save the draft to a new file",
            ) {
                commands.push(Command::SaveAs);
            }
            ui.separator();
            let hint = "Save the checked claim and its findings as a Markdown report";
            if item(ui, labels::EXPORT_MARKDOWN, &EXPORT_MARKDOWN, hint) {
                commands.push(Command::ExportReport(ReportFormat::Markdown));
            }
            let hint = "Save the checked claim and its findings as a print-ready HTML page";
            if item(ui, labels::EXPORT_HTML, &EXPORT_HTML, hint) {
                commands.push(Command::ExportReport(ReportFormat::Html));
            }
            let hint = "Copy the Markdown report, to paste into an email or a ticket";
            if item(ui, labels::COPY_REPORT, &COPY_REPORT, hint) {
                commands.push(Command::CopyReport);
            }
            ui.separator();
            if item(ui, labels::QUIT, &QUIT, "Close the app") {
                commands.push(Command::Quit);
            }
        });
        ui.menu_button(labels::MENU_VIEW, |ui| {
            let hint = "Search the reference text";
            if item(ui, labels::FIND_IN_REFERENCE, &FIND, hint) {
                commands.push(Command::FocusSearch);
            }
            ui.separator();
            if item(ui, labels::ZOOM_IN, &ZOOM_IN, "Make everything larger") {
                commands.push(Command::ZoomIn);
            }
            if item(ui, labels::ZOOM_OUT, &ZOOM_OUT, "Make everything smaller") {
                commands.push(Command::ZoomOut);
            }
            if item(
                ui,
                labels::ZOOM_RESET,
                &ZOOM_RESET,
                "Back to the normal size",
            ) {
                commands.push(Command::ZoomReset);
            }
            ui.separator();
            for choice in Theme::ALL {
                if ui.radio(theme == choice, choice.label()).clicked() {
                    commands.push(Command::SetTheme(choice));
                }
            }
        });
        ui.menu_button(labels::MENU_TOOLS, |ui| {
            let hint = "Which guidance code to report for a procedure, and why";
            if item(ui, labels::MENU_CHOOSER, &CHOOSER, hint) {
                commands.push(Command::OpenChooser);
            }
            ui.separator();
            let hint = "Add an empty service line and type its code";
            if item(ui, labels::MENU_ADD_LINE, &ADD_LINE, hint) {
                commands.push(Command::AddLine);
            }
            let hint = "Type a diagnosis code or words in the new-diagnosis field";
            if item(ui, labels::MENU_ADD_DIAGNOSIS, &ADD_DIAGNOSIS, hint) {
                commands.push(Command::AddDiagnosis);
            }
        });
        ui.menu_button(labels::MENU_HELP, |ui| {
            let hint = "Version, reference data and copyright notices";
            if item(ui, labels::ABOUT, &ABOUT, hint) {
                commands.push(Command::ShowAbout);
            }
        });
        ui.separator();
        let shortcut = ui.ctx().format_shortcut(&CHOOSER);
        if ui
            .button(labels::TOOLBAR_CHOOSER)
            .on_hover_text(format!(
                "Which guidance code to report for a procedure, and why ({shortcut})"
            ))
            .clicked()
        {
            commands.push(Command::OpenChooser);
        }
    });
}
