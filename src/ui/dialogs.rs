//! The app's modal dialogs: the unsaved-changes guard (Save / Discard / Cancel) and error reports
//! for a draft that failed to open or save. A dialog only returns the user's choice; the app acts.

use std::path::PathBuf;

use crate::draft::DraftError;

use super::labels;
use super::recovery_dialogs::{self, RecoveryOffer};

/// What to do once the unsaved-changes question is settled.
#[derive(Clone, Debug, PartialEq)]
pub enum Then {
    New,
    /// Show the file dialog to pick a draft.
    Open,
    OpenPath(PathBuf),
    Quit,
}

/// A dialog waiting for the user.
#[derive(Clone, Debug, PartialEq)]
pub enum Dialog {
    /// The draft has unsaved changes and the user asked for `then`.
    UnsavedChanges { then: Then },
    /// Something failed; the report says what and where.
    Error { title: String, report: ErrorReport },
    /// At start: another instance's unsaved work was found (Restore / Discard).
    Recovery(RecoveryOffer),
    /// Save would overwrite a file another program changed (Overwrite / Save As… / Cancel).
    ChangedOnDisk { path: PathBuf, then: Option<Then> },
}

/// The user's answer to the unsaved-changes question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Save,
    Discard,
    Cancel,
    /// The error dialog was acknowledged.
    Dismiss,
    /// Bring back the unsaved work of the recovery file.
    Restore,
    /// Replace the file that changed on disk.
    Overwrite,
    /// Save under another name instead.
    SaveAs,
}

/// A failure described for people: which file, where in it, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorReport {
    pub file: String,
    /// 1-based line and column, when the problem is inside the file.
    pub position: Option<(usize, usize)>,
    pub reason: String,
}

impl ErrorReport {
    pub fn from_draft_error(error: &DraftError) -> ErrorReport {
        let (file, reason) = match error {
            DraftError::Read { path, source } => (path, source.to_string()),
            DraftError::Write { path, source } => (path, source.to_string()),
            DraftError::Syntax { path, message, .. } => (path, message.clone()),
            DraftError::NotUtf8 { path, .. } => (path, "the file is not UTF-8 text".to_string()),
            DraftError::NotAFile { path } => (path, "it is not a file".to_string()),
            DraftError::TooLarge { path, .. }
            | DraftError::NewerFormat { path, .. }
            | DraftError::BadFormatVersion { path } => {
                // The message starts with the path; keep only the reason after it.
                let text = error.to_string();
                let prefix = format!("{}: ", path.display());
                let reason = text.strip_prefix(&prefix).unwrap_or(&text).to_string();
                (path, reason)
            }
            other => {
                return ErrorReport {
                    file: String::new(),
                    position: None,
                    reason: other.to_string(),
                };
            }
        };
        ErrorReport {
            file: file.display().to_string(),
            position: error.position(),
            reason,
        }
    }
}

impl Dialog {
    /// Shows the dialog as a modal over the window; returns the user's choice once made.
    /// Escape means Cancel (or OK for an error).
    pub fn show(&self, ctx: &egui::Context) -> Option<Choice> {
        let mut choice = None;
        let modal = egui::Modal::new(egui::Id::unique("app-dialog")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            match self {
                Dialog::UnsavedChanges { then } => {
                    ui.heading(labels::UNSAVED_TITLE);
                    ui.add_space(4.0);
                    ui.label(format!(
                        "The draft has changes that are not saved. Save them before {}?",
                        match then {
                            Then::New => "starting a new draft",
                            Then::Open | Then::OpenPath(_) => "opening another draft",
                            Then::Quit => "quitting",
                        }
                    ));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button(labels::DIALOG_SAVE).clicked() {
                            choice = Some(Choice::Save);
                        }
                        if ui.button(labels::DIALOG_DISCARD).clicked() {
                            choice = Some(Choice::Discard);
                        }
                        if ui.button(labels::DIALOG_CANCEL).clicked() {
                            choice = Some(Choice::Cancel);
                        }
                    });
                }
                Dialog::Error { title, report } => {
                    ui.heading(
                        egui::RichText::new(title.as_str()).color(ui.visuals().error_fg_color),
                    );
                    ui.add_space(4.0);
                    egui::Grid::new("error-report")
                        .num_columns(2)
                        .spacing([12.0, 4.0])
                        .show(ui, |ui| {
                            if !report.file.is_empty() {
                                ui.strong("File");
                                ui.label(&report.file);
                                ui.end_row();
                            }
                            if let Some((line, column)) = report.position {
                                ui.strong("Where");
                                ui.label(format!("line {line}, column {column}"));
                                ui.end_row();
                            }
                            ui.strong("Reason");
                            ui.label(&report.reason);
                            ui.end_row();
                        });
                    ui.add_space(8.0);
                    if ui.button(labels::DIALOG_OK).clicked() {
                        choice = Some(Choice::Dismiss);
                    }
                }
                Dialog::Recovery(offer) => choice = recovery_dialogs::recovery_ui(ui, offer),
                Dialog::ChangedOnDisk { path, .. } => {
                    choice = recovery_dialogs::changed_on_disk_ui(ui, path);
                }
            }
        });
        if choice.is_none() && modal.should_close() {
            choice = Some(match self {
                Dialog::UnsavedChanges { .. }
                | Dialog::Recovery(_)
                | Dialog::ChangedOnDisk { .. } => Choice::Cancel,
                Dialog::Error { .. } => Choice::Dismiss,
            });
        }
        choice
    }
}
