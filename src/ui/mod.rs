//! The desktop app's panels and dialogs. Each panel is a struct owning only its own UI state, with
//! a `ui` method that reads the domain data it needs and pushes [`Command`]s; `crate::app::App`
//! applies the commands in one place, so file I/O and dialogs never happen inside a panel.

pub mod about;
pub mod background;
pub mod chooser_panel;
pub mod claim_form;
pub mod diagnoses;
pub mod dialogs;
pub mod files;
pub mod findings_panel;
pub mod labels;
pub mod menu;
pub mod recovery_dialogs;
pub mod reference_entry;
pub mod reference_panel;
pub mod rows;
pub mod service_lines;
pub mod text;

use std::path::PathBuf;

use crate::rules::{FieldPath, Finding, ReferenceLink, Severity};

/// Something a panel asks the app to do.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Start an empty draft (asks about unsaved changes first).
    New,
    /// Pick a draft with the file dialog (asks about unsaved changes first).
    Open,
    /// Open this draft (recent files, drag and drop; asks about unsaved changes first).
    OpenPath(PathBuf),
    Save,
    SaveAs,
    /// Close the window (asks about unsaved changes first).
    Quit,
    /// Scroll the claim form to a field and highlight it.
    JumpTo(FieldPath),
    /// Show and highlight the reference text behind a finding.
    ShowReference(ReferenceLink),
    /// Show the rule a clicked finding comes from, above the reference entry.
    ShowRule(&'static str),
    /// Show a code's entry (a code typed on a claim line), without highlighting.
    ShowEntry(String),
    /// Focus the reference search box (Ctrl+F).
    FocusSearch,
    SetTheme(Theme),
    ClearRecentFiles,
    /// Open the "Which guidance code?" chooser, prefilled from the claim (Ctrl+G).
    OpenChooser,
    /// Add a guidance line (the chooser's "Use this code") with these modifiers.
    AddGuidanceLine {
        code: String,
        modifiers: Vec<String>,
    },
    /// Add an empty service line and put the cursor in its code field (Ctrl+L).
    AddLine,
    /// Put the cursor in the new-diagnosis field (Ctrl+D).
    AddDiagnosis,
    /// Export the checked claim as a report file (save dialog first).
    ExportReport(files::ReportFormat),
    /// Copy the checked claim's Markdown report to the clipboard.
    CopyReport,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    ShowAbout,
}

/// The colour scheme the user chose; persisted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Theme {
    /// Follow the operating system.
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => labels::THEME_SYSTEM,
            Theme::Light => labels::THEME_LIGHT,
            Theme::Dark => labels::THEME_DARK,
        }
    }

    pub fn preference(self) -> egui::ThemePreference {
        match self {
            Theme::System => egui::ThemePreference::System,
            Theme::Light => egui::ThemePreference::Light,
            Theme::Dark => egui::ThemePreference::Dark,
        }
    }
}

/// The colour a severity is drawn in, readable in both themes.
pub fn severity_color(ui: &egui::Ui, severity: Severity) -> egui::Color32 {
    match severity {
        Severity::Error => ui.visuals().error_fg_color,
        Severity::Warning => ui.visuals().warn_fg_color,
        Severity::Info => {
            if ui.visuals().dark_mode {
                egui::Color32::from_rgb(110, 170, 255)
            } else {
                egui::Color32::from_rgb(20, 90, 200)
            }
        }
    }
}

/// The most serious error or warning about exactly `path`, if any: fields outline themselves in
/// its colour. Info findings are left out; an outline would read as "something is wrong".
pub fn severity_at(findings: &[Finding], path: FieldPath) -> Option<Severity> {
    findings
        .iter()
        .filter(|f| f.target == path && f.severity < Severity::Info)
        .map(|f| f.severity)
        .min()
}

/// Gives a widget an accessible name when there is no visible label beside it (table cells), so
/// screen readers and the tests can find it.
pub fn name_widget(ui: &egui::Ui, response: &egui::Response, name: &str) {
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.clear_labelled_by();
        node.set_label(name);
    });
}

/// Marks a widget the user jumped to (thick selection outline) or one with a finding (thin outline
/// in the severity colour), and scrolls to it once when asked.
pub fn mark_field(
    ui: &egui::Ui,
    response: &egui::Response,
    severity: Option<Severity>,
    highlighted: bool,
    scroll: &mut bool,
) {
    let rect = response.rect.expand(2.0);
    if highlighted {
        let color = ui.visuals().selection.stroke.color;
        ui.painter().rect_stroke(
            rect.expand(1.0),
            3.0,
            egui::Stroke::new(2.5, color),
            egui::StrokeKind::Outside,
        );
        if std::mem::take(scroll) {
            response.scroll_to_me(Some(egui::Align::Center));
            // The keyboard follows the jump, so Enter on a finding leads straight to the field.
            if response.sense.is_focusable() {
                response.request_focus();
            }
        }
    } else if let Some(severity) = severity {
        ui.painter().rect_stroke(
            rect,
            3.0,
            egui::Stroke::new(1.0, severity_color(ui, severity)),
            egui::StrokeKind::Outside,
        );
    }
}
