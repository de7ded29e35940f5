//! The menu bar and the keyboard shortcuts it shows.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers, Ui};

use super::{Command, Theme, labels};

pub const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
pub const SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
pub const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
pub const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);

/// The shortcut pressed this frame, if any. Save As is checked before Save, which it contains.
pub fn consume_shortcuts(ctx: &egui::Context) -> Option<Command> {
    let table = [
        (SAVE_AS, Command::SaveAs),
        (SAVE, Command::Save),
        (NEW, Command::New),
        (OPEN, Command::Open),
        (QUIT, Command::Quit),
        (FIND, Command::FocusSearch),
    ];
    ctx.input_mut(|input| {
        table
            .into_iter()
            .find(|(shortcut, _)| input.consume_shortcut(shortcut))
            .map(|(_, command)| command)
    })
}

/// File and View menus.
pub fn menu_bar_ui(ui: &mut Ui, recent: &[PathBuf], theme: Theme, commands: &mut Vec<Command>) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(labels::MENU_FILE, |ui| {
            let item = |ui: &mut Ui, label: &str, shortcut: &KeyboardShortcut| {
                let text = ui.ctx().format_shortcut(shortcut);
                ui.add(egui::Button::new(label).shortcut_text(text))
                    .clicked()
            };
            if item(ui, labels::NEW, &NEW) {
                commands.push(Command::New);
            }
            if item(ui, labels::OPEN, &OPEN) {
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
            if item(ui, labels::SAVE, &SAVE) {
                commands.push(Command::Save);
            }
            if item(ui, labels::SAVE_AS, &SAVE_AS) {
                commands.push(Command::SaveAs);
            }
            ui.separator();
            if item(ui, labels::QUIT, &QUIT) {
                commands.push(Command::Quit);
            }
        });
        ui.menu_button(labels::MENU_VIEW, |ui| {
            let text = ui.ctx().format_shortcut(&FIND);
            if ui
                .add(egui::Button::new(labels::FIND_IN_REFERENCE).shortcut_text(text))
                .clicked()
            {
                commands.push(Command::FocusSearch);
            }
            ui.separator();
            for choice in Theme::ALL {
                if ui.radio(theme == choice, choice.label()).clicked() {
                    commands.push(Command::SetTheme(choice));
                }
            }
        });
    });
}
