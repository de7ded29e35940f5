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
