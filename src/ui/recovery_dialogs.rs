//! The "never lose work" dialogs and banner: restore unsaved work after a crash, the file
//! changed on disk before Save, and the read-only banner of a draft from a newer version.
//! Like every dialog they only return the user's choice; `App` acts on it.

use std::path::Path;

use egui::{RichText, Ui};

use crate::claim::FORMAT_VERSION;

use super::dialogs::Choice;
use super::labels;

/// What the restore question shows about another instance's unsaved work.
#[derive(Clone, Debug, PartialEq)]
pub struct RecoveryOffer {
    /// The draft's file, or "untitled draft".
    pub file: String,
    /// The draft's title (may be empty).
    pub title: String,
    /// When it was autosaved ("2026-11-22 14:03 UTC (12 minutes ago)").
    pub when: String,
}

/// Restore / Discard. Escape (or a click beside the dialog) decides later: the recovery file is
/// kept and offered again at the next start.
pub fn recovery_ui(ui: &mut Ui, offer: &RecoveryOffer) -> Option<Choice> {
    let mut choice = None;
    ui.heading(labels::RECOVERY_TITLE);
    ui.add_space(4.0);
    ui.label("cpt-guidance did not close normally last time. It had kept a copy of unsaved work:");
    ui.add_space(4.0);
    egui::Grid::new("recovery-offer")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.strong("File");
            ui.label(&offer.file);
            ui.end_row();
            if !offer.title.trim().is_empty() {
                ui.strong("Title");
                ui.label(&offer.title);
                ui.end_row();
            }
            ui.strong("Autosaved");
            ui.label(&offer.when);
            ui.end_row();
        });
    ui.add_space(4.0);
    ui.label(
        RichText::new("Restore opens it as unsaved changes; Discard deletes the copy.").weak(),
    );
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button(labels::DIALOG_RESTORE).clicked() {
            choice = Some(Choice::Restore);
        }
        if ui.button(labels::DIALOG_DISCARD).clicked() {
            choice = Some(Choice::Discard);
        }
    });
    choice
}

/// Overwrite / Save As… / Cancel, before Save replaces a file another program changed.
pub fn changed_on_disk_ui(ui: &mut Ui, path: &Path) -> Option<Choice> {
    let mut choice = None;
    ui.heading(RichText::new(labels::CHANGED_ON_DISK_TITLE).color(ui.visuals().warn_fg_color));
    ui.add_space(4.0);
    ui.label(format!(
        "The file changed on disk since you opened it: {} was changed by another program or \
         window. Overwrite it with the draft shown here, save the draft under another name, or \
         cancel?",
        path.display()
    ));
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button(labels::DIALOG_OVERWRITE).clicked() {
            choice = Some(Choice::Overwrite);
        }
        if ui.button(labels::DIALOG_SAVE_AS).clicked() {
            choice = Some(Choice::SaveAs);
        }
        if ui.button(labels::DIALOG_CANCEL).clicked() {
            choice = Some(Choice::Cancel);
        }
    });
    choice
}

/// The banner above a draft from a newer format version, which is shown read-only.
pub fn read_only_banner(ui: &mut Ui, found: u32) {
    let warn = ui.visuals().warn_fg_color;
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.0, warn))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(labels::READ_ONLY_BANNER).strong().color(warn));
            ui.label(format!(
                "This draft was written by a newer version of cpt-guidance (draft format \
                 {found}; this version reads up to {FORMAT_VERSION}). You can read it here but \
                 not edit or save it: saving would drop what this version does not understand. \
                 Update cpt-guidance to edit it."
            ));
        });
    ui.add_space(6.0);
}
