//! Draft files: round trip, the documented layout, and each way a file can be refused.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use cpt_guidance::claim::{ClaimDraft, FORMAT_VERSION};
use cpt_guidance::draft::{self, DraftError, MAX_DRAFT_BYTES};

const ISSUE_EXAMPLE: &str = r#"(
    format_version: 1,
    title: "CT-guided liver biopsy",           // optional
    date_of_service: "2026-03-14",             // YYYY-MM-DD
    place_of_service: "22",                    // CMS place-of-service code
    diagnoses: ["C78.7"],                      // ICD-10-CM, claim order, 1..12
    lines: [                                   // service lines, claim order
        (code: "47000", modifiers: [], units: 1, diagnosis_pointers: [1]),
        (code: "77012", modifiers: ["26"], units: 1, diagnosis_pointers: [1]),
    ],
    documentation: (                           // optional; what the record documents
        medical_necessity: true,
        target_site: "segment 6 liver lesion",
        procedure_performed: true,
        supervision_and_interpretation: true,
    ),
    notes: "",                                 // optional
)"#;

fn parse(text: &str) -> Result<ClaimDraft, DraftError> {
    draft::parse_str(Path::new("test.ron"), text)
}

#[test]
fn reads_the_documented_layout() {
    let draft = parse(ISSUE_EXAMPLE).unwrap();
    assert_eq!(draft.format_version, 1);
    assert_eq!(draft.title, "CT-guided liver biopsy");
    assert_eq!(draft.diagnoses, ["C78.7"]);
    assert_eq!(draft.lines.len(), 2);
    assert_eq!(draft.lines[1].code, "77012");
    assert_eq!(draft.lines[1].modifiers, ["26"]);
    assert_eq!(draft.documentation.target_site, "segment 6 liver lesion");
}

#[test]
fn struct_names_are_optional_and_optional_fields_default() {
    let named = parse(&format!("ClaimDraft{}", ISSUE_EXAMPLE)).unwrap();
    assert_eq!(named, parse(ISSUE_EXAMPLE).unwrap());
    let minimal = parse(r#"(format_version: 1, date_of_service: "2026-01-01", place_of_service: "11", diagnoses: [], lines: [(code: "47000")])"#).unwrap();
    assert_eq!(minimal.title, "");
    assert_eq!(minimal.lines[0].units, 1);
    assert!(!minimal.documentation.medical_necessity);
}

#[test]
fn save_then_load_gives_back_the_same_draft() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.ron");
    let mut original = parse(ISSUE_EXAMPLE).unwrap();
    original.notes = "quote \" backslash \\ newline\n unicode é → ✓".into();
    draft::save(&path, &original).unwrap();
    let loaded = draft::load(&path).unwrap();
    assert_eq!(loaded, original);
    // Saved text is pretty, without struct names, and saves identically again.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("(\n"), "{text}");
    assert!(text.contains("    format_version: 1,"), "{text}");
    draft::save(&path, &loaded).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn every_example_draft_opens_and_round_trips() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples");
    let mut count = 0;
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ron") {
            let loaded = draft::load(&path).unwrap_or_else(|e| panic!("{e}"));
            let text = draft::to_ron_string(&loaded).unwrap();
            assert_eq!(parse(&text).unwrap(), loaded, "{}", path.display());
            count += 1;
        }
    }
    assert!(count >= 3, "only {count} example drafts");
}

#[test]
fn not_ron_reports_line_and_column() {
    let error = parse("(\n    format_version: 1,\n    title: oops,\n)").unwrap_err();
    let (line, column) = error.position().expect("a position");
    assert_eq!(line, 3, "{error}");
    assert!((10..=13).contains(&column), "{error}");
    let text = error.to_string();
    assert!(text.starts_with("test.ron:3:"), "{text}");
}

#[test]
fn wrong_types_and_unknown_fields_are_refused_with_a_position() {
    let error = parse("(format_version: 1, diagnoses: \"C78.7\")").unwrap_err();
    assert!(matches!(error, DraftError::Syntax { .. }), "{error}");
    let error = parse("(format_version: 1,\n diagnosis: [\"C78.7\"])").unwrap_err();
    assert!(error.to_string().contains("diagnosis"), "{error}");
    assert_eq!(error.position().map(|p| p.0), Some(2), "{error}");
    let error = parse("(format_version: 1, lines: [(code: \"47000\", units: -1)])").unwrap_err();
    assert!(matches!(error, DraftError::Syntax { .. }), "{error}");
}

#[test]
fn missing_format_version_is_refused() {
    let error = parse("(title: \"x\")").unwrap_err();
    assert!(error.to_string().contains("format_version"), "{error}");
}

#[test]
fn newer_format_version_is_refused_clearly() {
    let newer = FORMAT_VERSION + 1;
    let text = format!("(format_version: {newer}, title: \"x\", a_field_from_the_future: [1, 2])");
    let error = parse(&text).unwrap_err();
    assert!(
        matches!(error, DraftError::NewerFormat { found, .. } if found == newer),
        "{error}"
    );
    assert!(error.to_string().contains("newer"), "{error}");
}

#[test]
fn not_utf8_is_refused_with_a_position() {
    let mut bytes = b"(format_version: 1,\n title: \"".to_vec();
    bytes.extend([0xff, 0xfe]);
    bytes.extend(b"\")");
    let error = draft::parse_bytes(Path::new("bad.ron"), &bytes).unwrap_err();
    assert!(
        matches!(
            error,
            DraftError::NotUtf8 {
                line: 2,
                column: 10,
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn files_over_the_limit_are_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    let mut text = String::from("(format_version: 1, notes: \"");
    text.push_str(&"x".repeat(MAX_DRAFT_BYTES as usize));
    text.push_str("\")");
    std::fs::write(&path, text).unwrap();
    let error = draft::load(&path).unwrap_err();
    assert!(matches!(error, DraftError::TooLarge { .. }), "{error}");
    assert!(error.to_string().contains("1 MiB"), "{error}");
}

#[test]
fn a_folder_or_missing_path_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        draft::load(dir.path()),
        Err(DraftError::NotAFile { .. })
    ));
    let missing = dir.path().join("nope.ron");
    let error = draft::load(&missing).unwrap_err();
    assert!(matches!(error, DraftError::Read { .. }));
    assert!(error.to_string().contains("nope.ron"), "{error}");
}

#[test]
fn a_failed_save_leaves_the_old_file_intact_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("claim.ron");
    let original = parse(ISSUE_EXAMPLE).unwrap();
    draft::save(&path, &original).unwrap();
    let before = std::fs::read(&path).unwrap();

    // Saving over a path that is a folder fails; so does saving into a folder that is a file.
    let folder_path = dir.path().join("folder.ron");
    std::fs::create_dir(&folder_path).unwrap();
    assert!(draft::save(&folder_path, &original).is_err());
    let under_file = path.join("child.ron");
    let error = draft::save(&under_file, &original).unwrap_err();
    assert!(matches!(error, DraftError::Write { .. }), "{error}");

    assert_eq!(std::fs::read(&path).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let text = format!(
        "(format_version: 1, notes: {}1{})",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(parse(&text).is_err());
}
