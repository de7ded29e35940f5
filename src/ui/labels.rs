//! Every label the tests look widgets up by, in one place, so renaming a button cannot silently
//! break a test: the UI and `tests/gui.rs` both use these.

// Menu.
pub const MENU_FILE: &str = "File";
pub const MENU_VIEW: &str = "View";
pub const NEW: &str = "New";
pub const OPEN: &str = "Open…";
pub const OPEN_RECENT: &str = "Open Recent";
pub const NO_RECENT_FILES: &str = "No recent files";
pub const CLEAR_RECENT_FILES: &str = "Clear Recent Files";
pub const SAVE: &str = "Save";
pub const SAVE_AS: &str = "Save As…";
pub const QUIT: &str = "Quit";
pub const FIND_IN_REFERENCE: &str = "Find in Reference";
pub const THEME_SYSTEM: &str = "System theme";
pub const THEME_LIGHT: &str = "Light theme";
pub const THEME_DARK: &str = "Dark theme";

// Claim form.
pub const CLAIM_HEADING: &str = "Claim";
pub const TITLE: &str = "Title";
pub const DATE_OF_SERVICE: &str = "Date of service";
pub const PLACE_OF_SERVICE: &str = "Place of service";
pub const DIAGNOSES_HEADING: &str = "Diagnoses";
pub const NEW_DIAGNOSIS: &str = "New diagnosis";
pub const ADD_DIAGNOSIS: &str = "Add diagnosis";
pub const LINES_HEADING: &str = "Service lines";
pub const ADD_LINE: &str = "Add line";
pub const DOCUMENTATION_HEADING: &str = "Documentation";
pub const MEDICAL_NECESSITY: &str = "Medical necessity documented";
pub const TARGET_SITE: &str = "Target lesion or site";
pub const PROCEDURE_PERFORMED: &str = "Procedure performed documented";
pub const SUPERVISION: &str = "Supervision and interpretation documented";
pub const NOTES: &str = "Notes";

/// "Diagnosis 2": the code field of the second diagnosis (numbers are 1-based, as on a claim).
pub fn diagnosis(index: usize) -> String {
    format!("Diagnosis {}", index + 1)
}
pub fn remove_diagnosis(index: usize) -> String {
    format!("Remove diagnosis {}", index + 1)
}
pub fn move_diagnosis_up(index: usize) -> String {
    format!("Move diagnosis {} up", index + 1)
}
pub fn move_diagnosis_down(index: usize) -> String {
    format!("Move diagnosis {} down", index + 1)
}
/// A search-as-you-type suggestion under the new-diagnosis field ("Suggestion R91.1").
pub fn suggestion(dotted_code: &str) -> String {
    format!("Suggestion {dotted_code}")
}

pub fn line_code(index: usize) -> String {
    format!("Line {} code", index + 1)
}
pub fn line_modifiers(index: usize) -> String {
    format!("Line {} modifiers", index + 1)
}
pub fn line_units(index: usize) -> String {
    format!("Line {} units", index + 1)
}
pub fn line_pointers(index: usize) -> String {
    format!("Line {} diagnosis pointers", index + 1)
}
pub fn remove_line(index: usize) -> String {
    format!("Remove line {}", index + 1)
}
pub fn duplicate_line(index: usize) -> String {
    format!("Duplicate line {}", index + 1)
}
pub fn move_line_up(index: usize) -> String {
    format!("Move line {} up", index + 1)
}
pub fn move_line_down(index: usize) -> String {
    format!("Move line {} down", index + 1)
}

// Findings panel.
pub const FINDINGS_HEADING: &str = "Validation";
pub const NO_FINDINGS: &str = "No errors or warnings";
/// A finding's accessible name: "Finding GUIDANCE_UNITS: 77014 (line 2) reports 2 units…".
pub fn finding(rule: &str, message: &str) -> String {
    format!("{} {message}", finding_prefix(rule))
}
/// The start of a finding's accessible name, to look it up by rule.
pub fn finding_prefix(rule: &str) -> String {
    format!("Finding {rule}:")
}
pub const LOADING_CODE_SETS: &str = "Loading the ICD-10-CM code sets…";

// Reference panel.
pub const REFERENCE_HEADING: &str = "Reference";
pub const SEARCH_REFERENCE: &str = "Search reference";
pub const CLEAR_SEARCH: &str = "Clear search";
pub const RELATED_CODES: &str = "Related codes";
/// The picker button of a code ("Show 77012").
pub fn show_code(code: &str) -> String {
    format!("Show {code}")
}

// Dialogs.
pub const UNSAVED_TITLE: &str = "Unsaved changes";
pub const DIALOG_SAVE: &str = "Save changes";
pub const DIALOG_DISCARD: &str = "Discard";
pub const DIALOG_CANCEL: &str = "Cancel";
pub const OPEN_FAILED_TITLE: &str = "The draft could not be opened";
pub const SAVE_FAILED_TITLE: &str = "The draft could not be saved";
pub const DIALOG_OK: &str = "OK";
pub const EXPORT_FAILED_TITLE: &str = "The report could not be exported";

// Menus and toolbar added with the chooser, reports, zoom and the About box.
pub const MENU_TOOLS: &str = "Tools";
pub const MENU_HELP: &str = "Help";
pub const EXPORT_MARKDOWN: &str = "Export report as Markdown…";
pub const EXPORT_HTML: &str = "Export report as HTML…";
pub const COPY_REPORT: &str = "Copy report to clipboard";
pub const MENU_CHOOSER: &str = "Which guidance code?…";
pub const TOOLBAR_CHOOSER: &str = "Guidance code chooser";
pub const MENU_ADD_LINE: &str = "Add service line";
pub const MENU_ADD_DIAGNOSIS: &str = "Add a diagnosis";
pub const ZOOM_IN: &str = "Zoom in";
pub const ZOOM_OUT: &str = "Zoom out";
pub const ZOOM_RESET: &str = "Reset zoom";
pub const ABOUT: &str = "About cpt-guidance";

// The "Which guidance code?" chooser.
pub const CHOOSER_TITLE: &str = "Which guidance code?";
pub const CHOOSER_MODALITY: &str = "Imaging";
pub const CHOOSER_CT: &str = "CT";
pub const CHOOSER_FLUOROSCOPY: &str = "Fluoroscopy";
pub const CHOOSER_ULTRASOUND: &str = "Ultrasound";
pub const CHOOSER_MR: &str = "MR";
pub const CHOOSER_SPINE: &str = "Spine or paraspinous target";
pub const CHOOSER_PRIMARY: &str = "Primary procedure code";
pub const CHOOSER_PLACE_OF_SERVICE: &str = "Place of service (optional)";
pub const CHOOSER_USE_CODE: &str = "Use this code";
pub const CHOOSER_CLOSE: &str = "Close chooser";
/// The start of the decision diagram's accessible name ("Decision diagram: path …").
pub const DECISION_DIAGRAM: &str = "Decision diagram";
/// The button that shows a step's reference text ("Show the reference for step 2").
pub fn chooser_step_reference(step: usize) -> String {
    format!("Show the reference for step {}", step + 1)
}

// Status bar.
/// "2 errors", "1 warning", "0 info": the status bar's counts.
pub fn status_count(count: usize, word: &str) -> String {
    if count == 1 || word == "info" {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}

// About box.
pub const ABOUT_CLOSE: &str = "Close";
/// The About box line naming the reference data ("Reference data 2026.1, effective 2026-01-01").
pub fn about_reference(version: &str, effective_date: &str) -> String {
    format!("Reference data {version}, effective {effective_date}")
}

// Never losing work: restoring after a crash, a file changed on disk, read-only drafts.
pub const RECOVERY_TITLE: &str = "Restore unsaved work?";
pub const DIALOG_RESTORE: &str = "Restore";
pub const CHANGED_ON_DISK_TITLE: &str = "The file changed on disk";
pub const DIALOG_OVERWRITE: &str = "Overwrite";
pub const DIALOG_SAVE_AS: &str = "Save As…";
pub const READ_ONLY_TITLE: &str = "This draft is read-only";
pub const READ_ONLY_BANNER: &str = "Read-only: written by a newer version of cpt-guidance";
