//! Hostile inputs: every way a draft file or a reference folder can be wrong gets a clear,
//! specific error, never a panic or a hang; absurd but valid drafts load, validate in linear time
//! and round-trip unchanged; the command line checks every file it is given and writes to none.
//!
//! Each catalogue below is a const list of the inputs tried, and each test checks that it tried
//! exactly its list, so docs/RELIABILITY.md can cite the count (a test checks it does). A crash
//! input found by `cargo fuzz` (fuzz/) belongs in `BAD_DRAFT_CONTENTS`, or in `ODD_VALID_DRAFTS`
//! if it parses; none has been found so far.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use cpt_guidance::claim::{ClaimDraft, Documentation, ServiceLine};
use cpt_guidance::date::Date;
use cpt_guidance::draft::{self, DraftError, MAX_DRAFT_BYTES};
use cpt_guidance::reference::{Reference, ReferenceError};
use cpt_guidance::rules::{self, Finding};

mod common;
use common::REFERENCE_FILES;

// ------------------------------------------------------------------------------------------------
// The catalogues

/// Draft contents that are not a draft: each is refused by `draft::parse_bytes`, by `draft::load`
/// from a file, and by the command line's `check_file`, with the reason and the position.
const BAD_DRAFT_CONTENTS: &[&str] = &[
    "Latin-1 text",
    "UTF-16 with its byte-order mark",
    "a multi-byte character cut short at the end",
    "binary (a PNG header)",
    "an empty file",
    "only spaces and newlines",
    "only a comment",
    "JSON instead of RON",
    "TOML instead of RON",
    "another struct name",
    "a list instead of a draft",
    "an unclosed parenthesis",
    "an unclosed string",
    "text after the draft",
    "the draft twice",
    "a NUL byte between fields",
    "a control character outside a string",
    "an unknown escape in a string",
    "an escape for a UTF-16 surrogate",
    "an escape past U+10FFFF",
    "an unterminated raw string",
    "format_version as text",
    "format_version negative",
    "format_version past u32::MAX",
    "format_version 0",
    "format_version u32::MAX (newer)",
    "format_version missing from a full draft",
    "a line without its code",
    "a field given twice",
    "an unknown field in a line",
    "an unknown field in documentation",
    "diagnoses as numbers",
    "a line as a bare string",
    "modifiers as one string",
    "units past u32::MAX",
    "units as a fraction",
    "a negative diagnosis pointer",
    "a checklist answer as text",
    "a text field as a number",
    "brackets 100,000 deep in lines",
    "brackets 100,000 deep before the version",
    "parentheses 10,000 deep in documentation",
    "a byte-order mark, then not RON",
    "two byte-order marks",
    "CRLF line endings with a mistake on line 3",
];

/// Paths that are not a readable draft file: `draft::load` refuses each without hanging.
const BAD_DRAFT_PATHS: &[&str] = &[
    "a folder",
    "a path that does not exist",
    "an empty path",
    "a symbolic link to nowhere",
    "a symbolic link loop",
    "a symbolic link to a folder",
    "a symbolic link to /dev/zero",
    "/dev/null",
    "a named pipe (FIFO)",
    "a symbolic link to a named pipe",
    "a path through a file",
    "one byte over the size limit",
    "a sparse 1 GiB file",
    "100,000 real service lines (1.6 MB)",
];

/// Unusual or absurd drafts that are valid: each loads, validates without panicking (every
/// finding's target exists) and round-trips.
const ODD_VALID_DRAFTS: &[&str] = &[
    "a UTF-8 byte-order mark at the start",
    "CRLF line endings",
    "CRLF line endings and a byte-order mark",
    "CR-only line endings",
    "the whole draft on one line with tabs",
    "comments everywhere",
    "raw strings",
    "a newline typed inside a string",
    "every control character in every text field",
    "bidi overrides, zero-width characters, emoji and combining marks",
    "120,000 bytes of text in every text field",
    "1.2 MB once written: save refuses it and keeps the old file",
    "exactly 1 MiB",
    "units and pointers at u32::MAX",
    "a file name that is not UTF-8",
];

/// Drafts of absurd size that still fit under the size limit: they load and validate in linear
/// time with a proportionate number of findings.
const ABSURD_SIZES: &[&str] = &[
    "100,000 service lines (just under 1 MiB)",
    "10,000 diagnoses",
    "131,000 pointers on one line, 130,000 of them different",
    "121,000 modifiers on one line, 120,000 of them different",
    "2,000 guidance lines on 2,000 primaries that include guidance",
    "2,000 CT guidance lines beside 2,000 needle biopsies",
];

/// Reference folders that are wrong: `Reference::load_dir` refuses each and names the file (and
/// the line and column when the problem is inside it).
const BAD_REFERENCES: &[&str] = &[
    "no manifest.ron",
    "the folder does not exist",
    "the folder is a file",
    "cut in half: manifest.ron",
    "cut in half: 77014.ron",
    "cut in half: 77012.ron",
    "cut in half: 77003.ron",
    "cut in half: codes.ron",
    "cut in half: rules.ron",
    "cut in half: modifiers.ron",
    "cut in half: places_of_service.ron",
    "cut in half: icd10.ron",
    "a stray character: manifest.ron",
    "a stray character: 77014.ron",
    "a stray character: 77012.ron",
    "a stray character: 77003.ron",
    "a stray character: codes.ron",
    "a stray character: rules.ron",
    "a stray character: modifiers.ron",
    "a stray character: places_of_service.ron",
    "a stray character: icd10.ron",
    "codes.ron is not UTF-8",
    "rules.ron is a folder",
    "modifiers.ron is a named pipe",
    "icd10.ron is a symbolic link to /dev/zero",
    "the manifest names a file that is not there",
    "the manifest's version is a number",
    "the manifest lacks a field",
    "a code kind the app does not know",
    "a code with two entries in different files",
    "a modifier listed twice",
    "a place of service listed twice",
    "a diagnosis listed twice",
    "a rule id listed twice",
    "a guidance code listed twice",
    "a rule's entry names a missing code",
    "indications_from names a missing code",
    "a use_instead pair names a missing code",
    "a range written backwards",
    "a range of more than 1,000 codes",
    "a range with a four-digit end",
    "a range whose end has no entry",
    "an impossible date in icd10.ron",
    "a date in the wrong form in icd10.ron",
    "codes.ron emptied",
];

/// Reference folders that look odd but are right: they load like the bundled data.
const ODD_VALID_REFERENCES: &[&str] = &["byte-order marks on every file", "CRLF line endings"];

/// Every hostile input tried; docs/RELIABILITY.md cites this number.
const HOSTILE_INPUTS: usize = BAD_DRAFT_CONTENTS.len()
    + BAD_DRAFT_PATHS.len()
    + ODD_VALID_DRAFTS.len()
    + ABSURD_SIZES.len()
    + BAD_REFERENCES.len()
    + ODD_VALID_REFERENCES.len();

#[test]
fn the_reliability_doc_cites_the_number_of_hostile_inputs() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/RELIABILITY.md"))
            .unwrap();
    let said = format!("{HOSTILE_INPUTS} hostile inputs");
    assert!(
        doc.contains(&said),
        "docs/RELIABILITY.md should say {said:?}"
    );
}

/// Checks that a test tried exactly the inputs its catalogue lists, in order.
fn assert_tried(catalogue: &[&str], tried: &[String]) {
    assert_eq!(
        tried, catalogue,
        "the catalogue and the inputs tried differ"
    );
}

// ------------------------------------------------------------------------------------------------
// Helpers

fn reference() -> &'static Reference {
    static REFERENCE: OnceLock<Reference> = OnceLock::new();
    REFERENCE.get_or_init(|| Reference::embedded().unwrap())
}

fn today() -> Date {
    Date::new(2026, 3, 20).unwrap()
}

/// Validates and checks that every finding's target is a line or diagnosis the draft has.
fn validate(draft: &ClaimDraft) -> Vec<Finding> {
    let findings = rules::validate_at(draft, reference(), today());
    for finding in &findings {
        if let Some(i) = finding.target.line_index() {
            assert!(i < draft.lines.len(), "{finding:?}");
        }
        if let Some(i) = finding.target.diagnosis_index() {
            assert!(i < draft.diagnoses.len(), "{finding:?}");
        }
    }
    findings
}

fn count(findings: &[Finding], rule: &str) -> usize {
    findings.iter().filter(|f| f.rule == rule).count()
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Runs `f` on another thread and fails the test if it does not return within `limit`: a read
/// that blocks (a pipe) must be refused, not waited on.
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || send.send(f()).ok());
    receive
        .recv_timeout(limit)
        .unwrap_or_else(|_| panic!("still running after {limit:?}: it hangs"))
}

/// A plausible draft to build odd ones from.
fn clean_draft() -> ClaimDraft {
    ClaimDraft {
        title: "CT-guided liver biopsy".into(),
        date_of_service: "2026-03-14".into(),
        place_of_service: "22".into(),
        diagnoses: vec!["C78.7".into()],
        lines: vec![
            ServiceLine {
                code: "47000".into(),
                ..ServiceLine::default()
            },
            ServiceLine {
                code: "77012".into(),
                modifiers: vec!["26".into()],
                ..ServiceLine::default()
            },
        ],
        documentation: Documentation {
            medical_necessity: true,
            target_site: "segment 6".into(),
            procedure_performed: true,
            supervision_and_interpretation: true,
        },
        ..ClaimDraft::default()
    }
}

const CLEAN_TEXT: &str = "(\n    format_version: 1,\n    title: \"CT-guided liver biopsy\",\n    date_of_service: \"2026-03-14\",\n    place_of_service: \"22\",\n    diagnoses: [\"C78.7\"],\n    lines: [\n        (code: \"47000\", diagnosis_pointers: [1]),\n        (code: \"77012\", modifiers: [\"26\"], diagnosis_pointers: [1]),\n    ],\n    documentation: (\n        medical_necessity: true,\n        target_site: \"segment 6\",\n        procedure_performed: true,\n        supervision_and_interpretation: true,\n    ),\n)\n";

// ------------------------------------------------------------------------------------------------
// Bad draft contents

/// What the refusal must be.
#[derive(Debug)]
enum Want {
    /// Not UTF-8, at this line and column.
    NotUtf8(usize, usize),
    /// Not a draft: a syntax or type error on this line whose message has these words.
    Syntax(usize, &'static str),
    /// Format version 0.
    BadVersion,
    /// A newer format version.
    Newer(u32),
}

fn bad_draft_contents() -> Vec<(&'static str, Vec<u8>, Want)> {
    use Want::*;
    let text = |s: &str| s.as_bytes().to_vec();
    let with_draft = |middle: &str| format!("(format_version: 1, {middle})").into_bytes();
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(
        "(format_version: 1)"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let mut crlf_mistake = CLEAN_TEXT.replace('\n', "\r\n");
    crlf_mistake = crlf_mistake.replacen("title: \"CT-guided liver biopsy\"", "title: CT", 1);
    vec![
        (
            "Latin-1 text",
            b"(format_version: 1,\n title: \"Caf\xe9 biopsy\")".to_vec(),
            NotUtf8(2, 13),
        ),
        ("UTF-16 with its byte-order mark", utf16, NotUtf8(1, 1)),
        (
            "a multi-byte character cut short at the end",
            b"(format_version: 1, title: \"\xe2\x82".to_vec(),
            NotUtf8(1, 29),
        ),
        (
            "binary (a PNG header)",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            NotUtf8(1, 1),
        ),
        ("an empty file", Vec::new(), Syntax(1, "the file is empty")),
        (
            "only spaces and newlines",
            text("  \n\t\r\n  \n"),
            Syntax(1, "the file is empty"),
        ),
        (
            "only a comment",
            text("// a draft will go here\n"),
            Syntax(1, "Expected opening `(`"),
        ),
        (
            "JSON instead of RON",
            text("{\"format_version\": 1, \"title\": \"x\"}"),
            Syntax(1, "Expected opening `(`"),
        ),
        (
            "TOML instead of RON",
            text("format_version = 1\ntitle = \"x\"\n"),
            Syntax(1, "format_version"),
        ),
        (
            "another struct name",
            text("Invoice(format_version: 1)"),
            Syntax(1, "Invoice"),
        ),
        (
            "a list instead of a draft",
            text("[1, 2, 3]"),
            Syntax(1, "Expected opening `(`"),
        ),
        (
            "an unclosed parenthesis",
            text("(format_version: 1,\n title: \"x\",\n"),
            Syntax(2, "Unexpected end of RON"),
        ),
        (
            "an unclosed string",
            text("(format_version: 1,\n title: \"x,\n notes: \"\")\n"),
            Syntax(3, "Expected comma"),
        ),
        (
            "text after the draft",
            text("(format_version: 1)\nthank you"),
            Syntax(1, "trailing characters"),
        ),
        (
            "the draft twice",
            format!("{CLEAN_TEXT}{CLEAN_TEXT}").into_bytes(),
            Syntax(17, "trailing characters"),
        ),
        (
            "a NUL byte between fields",
            text("(format_version: 1,\0 title: \"x\")"),
            Syntax(1, "Expected identifier"),
        ),
        (
            "a control character outside a string",
            text("(format_version: 1,\n\x07title: \"x\")"),
            Syntax(2, "Expected identifier"),
        ),
        (
            "an unknown escape in a string",
            with_draft("title: \"\\q\""),
            Syntax(1, "Unknown escape character"),
        ),
        (
            "an escape for a UTF-16 surrogate",
            with_draft("title: \"\\u{d800}\""),
            Syntax(1, "Not a valid Unicode"),
        ),
        (
            "an escape past U+10FFFF",
            with_draft("title: \"\\u{110000}\""),
            Syntax(1, "Not a valid Unicode"),
        ),
        (
            "an unterminated raw string",
            with_draft("title: r#\"x\")"),
            Syntax(1, "Expected end of string"),
        ),
        (
            "format_version as text",
            text("(format_version: \"1\")"),
            Syntax(1, "Expected integer"),
        ),
        (
            "format_version negative",
            text("(format_version: -1)"),
            Syntax(1, "out of bounds"),
        ),
        (
            "format_version past u32::MAX",
            text("(format_version: 4294967296)"),
            Syntax(1, "out of bounds"),
        ),
        ("format_version 0", text("(format_version: 0)"), BadVersion),
        (
            "format_version u32::MAX (newer)",
            text("(format_version: 4294967295, lines: 7)"),
            Newer(u32::MAX),
        ),
        (
            "format_version missing from a full draft",
            CLEAN_TEXT
                .replacen("format_version: 1,", "", 1)
                .into_bytes(),
            Syntax(17, "missing field named `format_version`"),
        ),
        (
            "a line without its code",
            with_draft("lines: [(units: 1)]"),
            Syntax(1, "missing field named `code`"),
        ),
        (
            "a field given twice",
            with_draft("title: \"a\",\n title: \"b\""),
            Syntax(2, "duplicate field named `title`"),
        ),
        (
            "an unknown field in a line",
            with_draft("lines: [(code: \"47000\",\n unit: 2)]"),
            Syntax(2, "field named `unit`"),
        ),
        (
            "an unknown field in documentation",
            with_draft("documentation: (\n reviewed: true)"),
            Syntax(2, "field named `reviewed`"),
        ),
        (
            "diagnoses as numbers",
            with_draft("diagnoses: [787]"),
            Syntax(1, "Expected string"),
        ),
        (
            "a line as a bare string",
            with_draft("lines: [\"47000\"]"),
            Syntax(1, "Expected opening `(`"),
        ),
        (
            "modifiers as one string",
            with_draft("lines: [(code: \"77012\", modifiers: \"26\")]"),
            Syntax(1, "Expected opening `[`"),
        ),
        (
            "units past u32::MAX",
            with_draft("lines: [(code: \"77012\", units: 4294967296)]"),
            Syntax(1, "out of bounds"),
        ),
        (
            "units as a fraction",
            with_draft("lines: [(code: \"77012\", units: 1.5)]"),
            Syntax(1, "Expected comma"),
        ),
        (
            "a negative diagnosis pointer",
            with_draft("lines: [(code: \"77012\", diagnosis_pointers: [-1])]"),
            Syntax(1, "out of bounds"),
        ),
        (
            "a checklist answer as text",
            with_draft("documentation: (medical_necessity: \"yes\")"),
            Syntax(1, "Expected boolean"),
        ),
        (
            "a text field as a number",
            with_draft("notes: 42"),
            Syntax(1, "Expected string"),
        ),
        (
            "brackets 100,000 deep in lines",
            with_draft(&format!(
                "lines: {}{}",
                "[".repeat(100_000),
                "]".repeat(100_000)
            )),
            // The typed field refuses the first bracket; nothing recurses.
            Syntax(1, "Expected opening `(` for struct `ServiceLine`"),
        ),
        (
            "brackets 100,000 deep before the version",
            format!(
                "(future: {}{}, format_version: 2)",
                "[".repeat(100_000),
                "]".repeat(100_000)
            )
            .into_bytes(),
            // The version probe stops at the nesting limit, so the full parse's reason is given.
            Syntax(1, "Unexpected field named `future`"),
        ),
        (
            "parentheses 10,000 deep in documentation",
            with_draft(&format!(
                "documentation: {}{}",
                "(a: ".repeat(10_000),
                ")".repeat(10_000)
            )),
            Syntax(1, "Unexpected field named `a`"),
        ),
        (
            "a byte-order mark, then not RON",
            text("\u{feff}{\"format_version\": 1}"),
            Syntax(1, "Expected opening `(`"),
        ),
        (
            "two byte-order marks",
            text("\u{feff}\u{feff}(format_version: 1)"),
            Syntax(1, "Expected opening `(`"),
        ),
        (
            "CRLF line endings with a mistake on line 3",
            crlf_mistake.into_bytes(),
            Syntax(3, "Expected string"),
        ),
    ]
}

fn assert_refused(name: &str, error: &DraftError, want: &Want, path: &Path) {
    let shown = error.to_string();
    assert!(
        shown.starts_with(&path.display().to_string()),
        "{name}: the message does not start with the file: {shown}"
    );
    match (want, error) {
        (Want::NotUtf8(l, c), DraftError::NotUtf8 { line, column, .. }) => {
            assert_eq!((line, column), (l, c), "{name}: {shown}");
            assert!(shown.contains("not UTF-8"), "{name}: {shown}");
        }
        (Want::Syntax(l, words), DraftError::Syntax { line, message, .. }) => {
            assert_eq!(line, l, "{name}: {shown}");
            assert!(!message.trim().is_empty(), "{name}: no reason given");
            assert!(
                message.contains(words),
                "{name}: {shown:?} does not say {words:?}"
            );
            assert!(shown.contains(&format!(":{line}:")), "{name}: {shown}");
        }
        (Want::BadVersion, DraftError::BadFormatVersion { .. }) => {
            assert!(shown.contains("version 0"), "{name}: {shown}");
        }
        (Want::Newer(v), DraftError::NewerFormat { found, .. }) => {
            assert_eq!(found, v, "{name}");
            assert!(shown.contains("newer"), "{name}: {shown}");
        }
        _ => panic!("{name}: wanted {want:?}, got {error:?}"),
    }
}

#[test]
fn every_bad_draft_content_is_refused_with_its_reason_and_position() {
    let dir = tempfile::tempdir().unwrap();
    let mut tried = Vec::new();
    for (n, (name, bytes, want)) in bad_draft_contents().into_iter().enumerate() {
        tried.push(name.to_string());
        let label = Path::new("hostile.ron");
        let error = draft::parse_bytes(label, &bytes)
            .map(|d| panic!("{name}: parsed as {d:?}"))
            .unwrap_err();
        assert_refused(name, &error, &want, label);

        // The same bytes in a file: `load` and the command line's per-file check agree.
        let path = dir.path().join(format!("bad-{n}.ron"));
        std::fs::write(&path, &bytes).unwrap();
        let error = draft::load(&path).unwrap_err();
        assert_refused(name, &error, &want, &path);
        let report = cpt_guidance::cli::check_file(&path, reference());
        assert_eq!(report.outcome.unwrap_err(), error.to_string(), "{name}");
    }
    assert_tried(BAD_DRAFT_CONTENTS, &tried);
}

// ------------------------------------------------------------------------------------------------
// Bad draft paths

/// A valid draft padded with a note to exactly `size` bytes.
fn draft_of_size(size: usize) -> Vec<u8> {
    let head = "(format_version: 1, notes: \"";
    let tail = "\")";
    let mut text = String::with_capacity(size);
    text.push_str(head);
    text.push_str(&"x".repeat(size - head.len() - tail.len()));
    text.push_str(tail);
    assert_eq!(text.len(), size);
    text.into_bytes()
}

#[test]
fn every_bad_draft_path_is_refused_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = d.join("good.ron");
    std::fs::write(&good, CLEAN_TEXT).unwrap();
    let fifo = d.join("pipe.ron");
    mkfifo(&fifo);

    type Check = fn(&DraftError) -> bool;
    let not_a_file: Check = |e| matches!(e, DraftError::NotAFile { .. });
    let unreadable: Check = |e| matches!(e, DraftError::Read { .. });
    let too_large: Check = |e| matches!(e, DraftError::TooLarge { .. });
    let link = |name: &str, to: &Path| {
        let path = d.join(name);
        std::os::unix::fs::symlink(to, &path).unwrap();
        path
    };
    let over = d.join("over.ron");
    std::fs::write(&over, draft_of_size(MAX_DRAFT_BYTES as usize + 1)).unwrap();
    let sparse = d.join("sparse.ron");
    std::fs::File::create(&sparse)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let real_lines = d.join("real-lines.ron");
    let mut text = String::from("(format_version: 1, lines: [");
    for _ in 0..100_000 {
        text.push_str("(code:\"47000\"),");
    }
    text.push_str("])");
    std::fs::write(&real_lines, &text).unwrap();
    let loop_a = d.join("loop-a.ron");
    let loop_b = d.join("loop-b.ron");
    std::os::unix::fs::symlink(&loop_b, &loop_a).unwrap();
    std::os::unix::fs::symlink(&loop_a, &loop_b).unwrap();

    let cases: Vec<(&str, PathBuf, Check)> = vec![
        ("a folder", d.to_path_buf(), not_a_file),
        ("a path that does not exist", d.join("nope.ron"), unreadable),
        ("an empty path", PathBuf::new(), unreadable),
        (
            "a symbolic link to nowhere",
            link("dangling.ron", &d.join("gone.ron")),
            unreadable,
        ),
        ("a symbolic link loop", loop_a, unreadable),
        (
            "a symbolic link to a folder",
            link("folder.ron", d),
            not_a_file,
        ),
        (
            "a symbolic link to /dev/zero",
            link("zero.ron", Path::new("/dev/zero")),
            not_a_file,
        ),
        ("/dev/null", PathBuf::from("/dev/null"), not_a_file),
        ("a named pipe (FIFO)", fifo.clone(), not_a_file),
        (
            "a symbolic link to a named pipe",
            link("to-pipe.ron", &fifo),
            not_a_file,
        ),
        ("a path through a file", good.join("child.ron"), unreadable),
        ("one byte over the size limit", over, too_large),
        ("a sparse 1 GiB file", sparse, too_large),
        ("100,000 real service lines (1.6 MB)", real_lines, too_large),
    ];
    let mut tried = Vec::new();
    for (name, path, check) in cases {
        tried.push(name.to_string());
        let shown_path = path.display().to_string();
        let error = within(Duration::from_secs(20), move || draft::load(&path))
            .map(|_| panic!("{name}: loaded"))
            .unwrap_err();
        assert!(check(&error), "{name}: {error:?}");
        let shown = error.to_string();
        assert!(shown.starts_with(&shown_path), "{name}: {shown}");
        if let DraftError::TooLarge { size, .. } = error {
            assert!(size > MAX_DRAFT_BYTES, "{name}: {size}");
            assert!(shown.contains("1 MiB"), "{name}: {shown}");
        }
    }
    assert_tried(BAD_DRAFT_PATHS, &tried);
}

// ------------------------------------------------------------------------------------------------
// Odd but valid drafts

/// Saves, loads and compares: the draft comes back equal.
fn assert_round_trip(name: &str, dir: &Path, draft: &ClaimDraft) {
    let path = dir.join("round-trip.ron");
    draft::save(&path, draft).unwrap_or_else(|e| panic!("{name}: {e}"));
    let loaded = draft::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(
        loaded == *draft,
        "{name}: the draft changed on save and load"
    );
}

/// Every text field set to `text`.
fn with_text_everywhere(text: &str) -> ClaimDraft {
    let mut draft = clean_draft();
    draft.title = text.into();
    draft.date_of_service = text.into();
    draft.place_of_service = text.into();
    draft.notes = text.into();
    draft.diagnoses.push(text.into());
    draft.lines[0].code = text.into();
    draft.lines[1].modifiers.push(text.into());
    draft.documentation.target_site = text.into();
    draft
}

/// Drafts built as text: each parses to `expected`.
fn odd_texts() -> Vec<(&'static str, Vec<u8>, ClaimDraft)> {
    let clean = || draft::parse_str(Path::new("clean.ron"), CLEAN_TEXT).unwrap();
    let mut newline_inside = clean();
    newline_inside.notes = "first line\nsecond line".into();
    let mut raw = clean();
    raw.title = "quote \" and backslash \\ kept as typed".into();
    vec![
        (
            "a UTF-8 byte-order mark at the start",
            format!("\u{feff}{CLEAN_TEXT}").into_bytes(),
            clean(),
        ),
        (
            "CRLF line endings",
            CLEAN_TEXT.replace('\n', "\r\n").into_bytes(),
            clean(),
        ),
        (
            "CRLF line endings and a byte-order mark",
            format!("\u{feff}{}", CLEAN_TEXT.replace('\n', "\r\n")).into_bytes(),
            clean(),
        ),
        (
            "CR-only line endings",
            CLEAN_TEXT.replace('\n', "\r").into_bytes(),
            clean(),
        ),
        (
            "the whole draft on one line with tabs",
            CLEAN_TEXT.replace('\n', "\t").into_bytes(),
            clean(),
        ),
        (
            "comments everywhere",
            CLEAN_TEXT
                .replace(",\n", ", // note\n")
                .replace("(\n", "( /* block */\n")
                .into_bytes(),
            clean(),
        ),
        (
            "raw strings",
            CLEAN_TEXT
                .replacen(
                    "title: \"CT-guided liver biopsy\"",
                    "title: r#\"quote \" and backslash \\ kept as typed\"#",
                    1,
                )
                .into_bytes(),
            raw,
        ),
        (
            "a newline typed inside a string",
            CLEAN_TEXT
                .replacen("\n)", "\n    notes: \"first line\nsecond line\",\n)", 1)
                .into_bytes(),
            newline_inside,
        ),
    ]
}

#[test]
fn odd_but_valid_drafts_load_validate_and_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let mut tried = Vec::new();
    for (name, bytes, expected) in odd_texts() {
        tried.push(name.to_string());
        let path = dir.path().join("odd.ron");
        std::fs::write(&path, &bytes).unwrap();
        let loaded = draft::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(loaded, expected, "{name}");
        validate(&loaded);
        assert_round_trip(name, dir.path(), &loaded);
    }

    let controls: String = (0u32..0x20)
        .chain(0x7f..0xa0)
        .chain([0x2028, 0x2029, 0xfeff, 0xfffe, 0xffff])
        .filter_map(char::from_u32)
        .collect();
    let unicode = "\u{202e}evil\u{202c} \u{200b}\u{200d}\u{2060} 👩‍⚕️🩻 e\u{301} \u{10ffff} \"#";
    let long: String = "Segment 6 lesion, é ✓ ".repeat(6_000);
    let long = &long[..long.floor_char_boundary(120_000)];
    let mut maxed = clean_draft();
    maxed.lines[0].units = u32::MAX;
    maxed.lines[0].diagnosis_pointers = vec![u32::MAX, 0, 1];
    let built: Vec<(&str, ClaimDraft)> = vec![
        (
            "every control character in every text field",
            with_text_everywhere(&controls),
        ),
        (
            "bidi overrides, zero-width characters, emoji and combining marks",
            with_text_everywhere(unicode),
        ),
        (
            "120,000 bytes of text in every text field",
            with_text_everywhere(long),
        ),
    ];
    for (name, draft) in built {
        tried.push(name.to_string());
        validate(&draft);
        assert_round_trip(name, dir.path(), &draft);
        // The saved text is plain printable text: every control character is escaped.
        let saved = std::fs::read_to_string(dir.path().join("round-trip.ron")).unwrap();
        assert!(
            !saved.chars().any(|c| c.is_control() && c != '\n'),
            "{name}: a raw control character in the saved file"
        );
    }

    let name = "1.2 MB once written: save refuses it and keeps the old file";
    tried.push(name.into());
    let path = dir.path().join("kept.ron");
    draft::save(&path, &clean_draft()).unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut huge = clean_draft();
    huge.notes = "\0".repeat(600_000); // 600 kB in memory, 1.2 MB as `\0` escapes
    let error = draft::save(&path, &huge).unwrap_err();
    assert!(matches!(error, DraftError::Write { .. }), "{error:?}");
    let shown = error.to_string();
    assert!(
        shown.contains("1 MiB") && shown.contains("kept.ron"),
        "{shown}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "{name}");
    assert_eq!(
        listing(dir.path())
            .iter()
            .filter(|n| n.ends_with(".tmp"))
            .count(),
        0
    );

    let name = "exactly 1 MiB";
    tried.push(name.into());
    let path = dir.path().join("exact.ron");
    std::fs::write(&path, draft_of_size(MAX_DRAFT_BYTES as usize)).unwrap();
    let exact = draft::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(exact.notes.len(), MAX_DRAFT_BYTES as usize - 30);

    let name = "units and pointers at u32::MAX";
    tried.push(name.into());
    let findings = validate(&maxed);
    assert_eq!(count(&findings, "GUIDANCE_UNITS"), 0, "{findings:#?}");
    assert_eq!(count(&findings, "POINTER_MISSING_DIAGNOSIS"), 2);
    assert!(
        findings
            .iter()
            .any(|f| f.message.contains(&u32::MAX.to_string()))
    );
    assert_round_trip(name, dir.path(), &maxed);

    let name = "a file name that is not UTF-8";
    tried.push(name.into());
    use std::os::unix::ffi::OsStrExt;
    let odd_name = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"claim-\xff\xfe.ron"));
    std::fs::write(&odd_name, CLEAN_TEXT).unwrap();
    assert_eq!(draft::load(&odd_name).unwrap(), clean_draft());
    let missing = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"gone-\xff.ron"));
    let error = draft::load(&missing).unwrap_err();
    assert!(error.to_string().contains("gone-\u{fffd}.ron"), "{error}");

    assert_tried(ODD_VALID_DRAFTS, &tried);
}

/// Absurd sizes: validation takes time linear in the draft (a generous bound a quadratic pass
/// would overshoot many times), and the findings stay proportionate.
fn assert_linear(name: &str, draft: &ClaimDraft, started: Instant) -> Vec<Finding> {
    let findings = validate(draft);
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(10),
        "{name}: validation took {elapsed:?}"
    );
    let items = draft.lines.len()
        + draft.diagnoses.len()
        + draft
            .lines
            .iter()
            .map(|l| l.modifiers.len() + l.diagnosis_pointers.len())
            .sum::<usize>();
    assert!(
        findings.len() <= 4 * items + 40,
        "{name}: {} findings for {items} items",
        findings.len()
    );
    let text: usize = findings.iter().map(|f| f.message.len()).sum();
    assert!(
        text <= 1_000 * (items + 40),
        "{name}: {text} bytes of messages for {items} items"
    );
    findings
}

/// Writes `text`, checks it fits under the limit, loads it.
fn load_big(dir: &Path, name: &str, text: &str) -> ClaimDraft {
    assert!(
        text.len() as u64 <= MAX_DRAFT_BYTES,
        "{name}: {} bytes",
        text.len()
    );
    let path = dir.join("big.ron");
    std::fs::write(&path, text).unwrap();
    draft::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn draft_text(middle: &str) -> String {
    format!(
        "(format_version: 1, date_of_service: \"2026-03-14\", place_of_service: \"22\", {middle})"
    )
}

#[test]
fn absurd_sizes_load_and_validate_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The embedded ICD-10-CM releases are parsed once, before any clock starts.
    validate(&clean_draft());
    let mut tried: Vec<String> = Vec::new();

    let name = "100,000 service lines (just under 1 MiB)";
    tried.push(name.into());
    let text = draft_text(&format!("lines: [{}]", "(code:\"\"),".repeat(100_000)));
    let started = Instant::now();
    let big = load_big(d, name, &text);
    assert_eq!(big.lines.len(), 100_000);
    let findings = assert_linear(name, &big, started);
    assert_eq!(count(&findings, "CODE_FORMAT"), 100_000);
    assert_eq!(count(&findings, "POINTER_NONE"), 100_000);

    let name = "10,000 diagnoses";
    tried.push(name.into());
    // 5,000 distinct well-formed codes, each listed twice.
    let diagnoses: Vec<String> = (0..10_000)
        .map(|i| format!("\"C{:02}.{}\"", i % 100, (i / 100) % 50))
        .collect();
    let text = draft_text(&format!(
        "diagnoses: [{}], lines: [(code: \"47000\", diagnosis_pointers: [1])]",
        diagnoses.join(",")
    ));
    let started = Instant::now();
    let big = load_big(d, name, &text);
    let findings = assert_linear(name, &big, started);
    let too_many: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == "DX_TOO_MANY")
        .collect();
    assert_eq!(too_many.len(), 1, "one DX_TOO_MANY for the claim");
    assert!(too_many[0].message.contains("10000"), "{:?}", too_many[0]);
    assert_eq!(too_many[0].target.diagnosis_index(), Some(12));
    assert_eq!(count(&findings, "DX_DUPLICATE"), 5_000);

    // Different values are the worst case for a duplicate check that compares with every
    // earlier value (it was quadratic: 120,000 modifiers took 20 s).
    let name = "131,000 pointers on one line, 130,000 of them different";
    tried.push(name.into());
    let pointers: Vec<String> = (1..=130_000)
        .chain(1..=1_000)
        .map(|i: u32| i.to_string())
        .collect();
    let text = draft_text(&format!(
        "diagnoses: [\"C78.7\"], lines: [(code: \"47000\", diagnosis_pointers: [{}])]",
        pointers.join(",")
    ));
    let started = Instant::now();
    let big = load_big(d, name, &text);
    let findings = assert_linear(name, &big, started);
    assert_eq!(count(&findings, "POINTER_TOO_MANY"), 1);
    assert_eq!(
        count(&findings, "POINTER_MISSING_DIAGNOSIS"),
        130_000 - 1 + 1_000 - 1
    );
    assert_eq!(count(&findings, "POINTER_DUPLICATE"), 1_000);

    let name = "121,000 modifiers on one line, 120,000 of them different";
    tried.push(name.into());
    let distinct: Vec<String> = (0..120_000u32).map(|i| format!("{i:x}")).collect();
    let modifiers: Vec<String> = distinct
        .iter()
        .chain(&distinct[..1_000])
        .map(|m| format!("\"{m}\""))
        .collect();
    let text = draft_text(&format!(
        "diagnoses: [\"C78.7\"], lines: [(code: \"47000\", modifiers: [{}])]",
        modifiers.join(",")
    ));
    let started = Instant::now();
    let big = load_big(d, name, &text);
    let findings = assert_linear(name, &big, started);
    assert_eq!(count(&findings, "MODIFIER_DUPLICATE"), 1_000);
    let known = distinct
        .iter()
        .filter(|m| reference().modifier(&m.to_ascii_uppercase()).is_some())
        .count();
    assert_eq!(count(&findings, "MODIFIER_UNKNOWN"), 120_000 - known);

    let name = "2,000 guidance lines on 2,000 primaries that include guidance";
    tried.push(name.into());
    let text = draft_text(&format!(
        "diagnoses: [\"M54.50\"], lines: [{}]",
        "(code:\"62323\"),(code:\"77003\"),".repeat(2_000)
    ));
    let started = Instant::now();
    let big = load_big(d, name, &text);
    let findings = assert_linear(name, &big, started);
    // One per guidance line, naming the repeated primary code once (it was one per pair of
    // lines: 4,000,000 findings and 1.3 GB of messages here, and out of memory at 30,000).
    assert_eq!(count(&findings, "GUIDANCE_INCLUDED_IN_PRIMARY"), 2_000);
    assert_eq!(count(&findings, "GUIDANCE_UNITS"), 2_000 - 1);

    let name = "2,000 CT guidance lines beside 2,000 needle biopsies";
    tried.push(name.into());
    let text = draft_text(&format!(
        "diagnoses: [\"C78.7\"], lines: [{}]",
        "(code:\"47000\"),(code:\"77014\"),".repeat(2_000)
    ));
    let started = Instant::now();
    let big = load_big(d, name, &text);
    let findings = assert_linear(name, &big, started);
    // Each names the first needle procedures and counts the rest (each listed all 2,000).
    let needle = findings
        .iter()
        .find(|f| f.rule == "CT_77014_NEEDLE")
        .unwrap();
    assert!(
        needle.message.contains("47000 (line 1), 47000 (line 3)")
            && needle.message.contains("and 1992 more lines"),
        "{}",
        needle.message
    );
    assert_eq!(count(&findings, "CT_77014_NEEDLE"), 2_000);

    assert_tried(ABSURD_SIZES, &tried);
}

// ------------------------------------------------------------------------------------------------
// Reference folders

/// The reference files (not the ICD-10-CM releases, which have their own tests).
fn copy_reference() -> tempfile::TempDir {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("reference");
    let dir = tempfile::tempdir().unwrap();
    for name in REFERENCE_FILES {
        std::fs::copy(source.join(name), dir.path().join(name)).unwrap();
    }
    dir
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap()
}

/// Replaces the `nth` (1-based) occurrence of `from` in `file`.
fn edit_nth(dir: &Path, file: &str, from: &str, nth: usize, to: &str) {
    let text = read(dir, file);
    let (at, _) = text
        .match_indices(from)
        .nth(nth - 1)
        .unwrap_or_else(|| panic!("{file} has no occurrence {nth} of {from:?}"));
    let edited = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
    std::fs::write(dir.join(file), edited).unwrap();
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    edit_nth(dir, file, from, 1, to);
}

/// The first value of `key: "..."` in `file`.
fn first_value(dir: &Path, file: &str, key: &str) -> String {
    let text = read(dir, file);
    let start = text.find(&format!("{key}: \"")).unwrap() + key.len() + 3;
    let end = start + text[start..].find('"').unwrap();
    text[start..end].to_string()
}

/// Makes the second `key: "..."` of `file` repeat the first.
fn duplicate_first(dir: &Path, file: &str, key: &str) -> String {
    let text = read(dir, file);
    let first = first_value(dir, file, key);
    let needle = format!("{key}: \"");
    let (second, _) = text.match_indices(&needle).nth(1).unwrap();
    let start = second + needle.len();
    let end = start + text[start..].find('"').unwrap();
    let edited = format!("{}{first}{}", &text[..start], &text[end..]);
    std::fs::write(dir.join(file), edited).unwrap();
    first
}

/// What a refusal must name: the file, the line (when known) and words of the message.
struct Expect {
    file: &'static str,
    /// The text the reported line must contain, when the problem has a position.
    line_has: Option<String>,
    words: Vec<String>,
}

fn expect(file: &'static str, line_has: Option<&str>, words: &[&str]) -> Expect {
    Expect {
        file,
        line_has: line_has.map(str::to_string),
        words: words.iter().map(|w| w.to_string()).collect(),
    }
}

fn assert_reference_refused(name: &str, dir: &Path, error: &ReferenceError, want: &Expect) {
    let shown = error.to_string();
    assert!(
        shown.contains(want.file),
        "{name}: {shown} does not name {}",
        want.file
    );
    for word in &want.words {
        assert!(
            shown.contains(word),
            "{name}: {shown} does not say {word:?}"
        );
    }
    if let Some(at) = error.position() {
        assert_eq!(at.file, want.file, "{name}: {shown}");
        let text = std::fs::read_to_string(dir.join(want.file)).unwrap_or_default();
        let lines = text.lines().count().max(1);
        assert!(
            (1..=lines + 1).contains(&at.line) && at.column >= 1,
            "{name}: {shown} is outside the file ({lines} lines)"
        );
        if let Some(has) = &want.line_has {
            let line = text.lines().nth(at.line - 1).unwrap_or("");
            assert!(
                line.contains(has.as_str()),
                "{name}: {shown} points at {line:?}, not at {has:?}"
            );
        }
    } else {
        assert!(
            want.line_has.is_none(),
            "{name}: {shown} has no line and column"
        );
    }
}

fn load_dir_within(dir: &Path) -> Result<Reference, ReferenceError> {
    let dir = dir.to_path_buf();
    within(Duration::from_secs(20), move || Reference::load_dir(&dir))
}

#[test]
fn every_broken_reference_folder_is_refused_with_file_line_and_column() {
    let mut tried = Vec::new();
    let mut check = |name: &str, dir: &Path, want: Expect| {
        tried.push(name.to_string());
        let error = load_dir_within(dir)
            .map(|_| panic!("{name}: the broken reference loaded"))
            .unwrap_err();
        assert_reference_refused(name, dir, &error, &want);
    };

    let dir = copy_reference();
    std::fs::remove_file(dir.path().join("manifest.ron")).unwrap();
    check(
        "no manifest.ron",
        dir.path(),
        expect("manifest.ron", None, &["cannot read"]),
    );
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("gone");
    check(
        "the folder does not exist",
        &gone,
        expect("manifest.ron", None, &["gone"]),
    );
    let file = dir.path().join("reference.ron");
    std::fs::write(&file, "(").unwrap();
    check(
        "the folder is a file",
        &file,
        expect("manifest.ron", None, &["reference.ron"]),
    );

    for file in REFERENCE_FILES {
        let dir = copy_reference();
        let text = read(dir.path(), file);
        let mut half = text.len() / 2;
        while !text.is_char_boundary(half) {
            half -= 1;
        }
        std::fs::write(dir.path().join(file), &text[..half]).unwrap();
        check(
            &format!("cut in half: {file}"),
            dir.path(),
            Expect {
                file,
                line_has: None,
                words: vec![],
            },
        );
    }
    for file in REFERENCE_FILES {
        let dir = copy_reference();
        // A stray `@` right after the first `(` outside a comment: the error points at that line.
        let text = read(dir.path(), file);
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let code = line.split("//").next().unwrap_or("");
            if let Some(paren) = code.find('(') {
                at += paren + 1;
                break;
            }
            at += line.len();
        }
        let edited = format!("{}@{}", &text[..at], &text[at..]);
        std::fs::write(dir.path().join(file), &edited).unwrap();
        let line = edited[..at].lines().last().unwrap_or("").to_string() + "@";
        check(
            &format!("a stray character: {file}"),
            dir.path(),
            Expect {
                file,
                line_has: Some(line.trim().to_string()),
                words: vec![],
            },
        );
    }

    let dir = copy_reference();
    let mut bytes = std::fs::read(dir.path().join("codes.ron")).unwrap();
    let at = bytes.len() / 2;
    bytes.insert(at, 0xff);
    std::fs::write(dir.path().join("codes.ron"), bytes).unwrap();
    check(
        "codes.ron is not UTF-8",
        dir.path(),
        expect("codes.ron", None, &["not UTF-8", "line"]),
    );

    let dir = copy_reference();
    std::fs::remove_file(dir.path().join("rules.ron")).unwrap();
    std::fs::create_dir(dir.path().join("rules.ron")).unwrap();
    check(
        "rules.ron is a folder",
        dir.path(),
        expect("rules.ron", None, &["not a regular file"]),
    );

    let dir = copy_reference();
    std::fs::remove_file(dir.path().join("modifiers.ron")).unwrap();
    mkfifo(&dir.path().join("modifiers.ron"));
    check(
        "modifiers.ron is a named pipe",
        dir.path(),
        expect("modifiers.ron", None, &["not a regular file"]),
    );

    let dir = copy_reference();
    std::fs::remove_file(dir.path().join("icd10.ron")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("icd10.ron")).unwrap();
    check(
        "icd10.ron is a symbolic link to /dev/zero",
        dir.path(),
        expect("icd10.ron", None, &["not a regular file"]),
    );

    let dir = copy_reference();
    edit(
        dir.path(),
        "manifest.ron",
        "short_entries: [\"codes.ron\"",
        "short_entries: [\"codes.ron\", \"more-codes.ron\"",
    );
    check(
        "the manifest names a file that is not there",
        dir.path(),
        expect("more-codes.ron", None, &["cannot read"]),
    );

    let dir = copy_reference();
    let version = first_value(dir.path(), "manifest.ron", "version");
    edit(
        dir.path(),
        "manifest.ron",
        &format!("version: \"{version}\""),
        "version: 2026",
    );
    check(
        "the manifest's version is a number",
        dir.path(),
        expect("manifest.ron", Some("version: 2026"), &["Expected string"]),
    );

    let dir = copy_reference();
    edit(dir.path(), "manifest.ron", "diagnoses: \"icd10.ron\",", "");
    check(
        "the manifest lacks a field",
        dir.path(),
        expect("manifest.ron", None, &["diagnoses"]),
    );

    let dir = copy_reference();
    edit(dir.path(), "codes.ron", "kind: Procedure", "kind: Surgery");
    check(
        "a code kind the app does not know",
        dir.path(),
        expect("codes.ron", Some("Surgery"), &["Surgery"]),
    );

    let dir = copy_reference();
    // The first short entry takes the code of a full entry (77003.ron).
    let short = first_value(dir.path(), "codes.ron", "code");
    edit(
        dir.path(),
        "codes.ron",
        &format!("code: \"{short}\""),
        "code: \"77003\"",
    );
    check(
        "a code with two entries in different files",
        dir.path(),
        expect(
            "codes.ron",
            Some("code: \"77003\""),
            &["77003", "two entries"],
        ),
    );

    for (name, file, key) in [
        ("a modifier listed twice", "modifiers.ron", "modifier"),
        (
            "a place of service listed twice",
            "places_of_service.ron",
            "code",
        ),
        ("a diagnosis listed twice", "icd10.ron", "code"),
        ("a rule id listed twice", "rules.ron", "id"),
        ("a guidance code listed twice", "rules.ron", "code"),
    ] {
        let dir = copy_reference();
        let value = duplicate_first(dir.path(), file, key);
        let line = format!("{key}: \"{value}\"");
        check(
            name,
            dir.path(),
            expect(file, Some(&line), &[&value, "listed twice"]),
        );
    }

    let dir = copy_reference();
    edit(
        dir.path(),
        "rules.ron",
        "entry: Some(\"77012\")",
        "entry: Some(\"77099\")",
    );
    check(
        "a rule's entry names a missing code",
        dir.path(),
        expect("rules.ron", Some("77099"), &["77099", "no reference entry"]),
    );

    let dir = copy_reference();
    edit(
        dir.path(),
        "rules.ron",
        "indications_from: Some(\"77014\")",
        "indications_from: Some(\"77098\")",
    );
    check(
        "indications_from names a missing code",
        dir.path(),
        expect("rules.ron", Some("77098"), &["77098", "no reference entry"]),
    );

    let dir = copy_reference();
    edit(
        dir.path(),
        "rules.ron",
        "use_instead: [(\"",
        "use_instead: [(\"0",
    );
    let pair_code = {
        let text = read(dir.path(), "rules.ron");
        let at = text.find("use_instead: [(\"0").unwrap() + "use_instead: [(\"".len();
        text[at..at + text[at..].find('"').unwrap()].to_string()
    };
    check(
        "a use_instead pair names a missing code",
        dir.path(),
        expect(
            "rules.ron",
            Some(&pair_code),
            &[&pair_code, "no reference entry"],
        ),
    );

    for (name, from, to, words) in [
        (
            "a range written backwards",
            "\"62320-62327\"",
            "\"62327-62320\"",
            "ascending",
        ),
        (
            "a range of more than 1,000 codes",
            "\"62320-62327\"",
            "\"62320-64327\"",
            "at most 1,000",
        ),
        (
            "a range with a four-digit end",
            "\"62320-62327\"",
            "\"6232-62327\"",
            "five-digit",
        ),
        (
            "a range whose end has no entry",
            "\"62320-62327\"",
            "\"62320-62330\"",
            "no reference entry",
        ),
    ] {
        let dir = copy_reference();
        edit(dir.path(), "rules.ron", from, to);
        check(
            name,
            dir.path(),
            expect("rules.ron", Some(&to[1..to.len() - 1]), &[words]),
        );
    }

    let dir = copy_reference();
    edit(dir.path(), "icd10.ron", "\"2017-09-30\"", "\"2017-02-30\"");
    check(
        "an impossible date in icd10.ron",
        dir.path(),
        expect(
            "icd10.ron",
            Some("2017-02-30"),
            &["2017-02-30", "not a date"],
        ),
    );

    let dir = copy_reference();
    edit(dir.path(), "icd10.ron", "\"2021-10-01\"", "\"10/01/2021\"");
    check(
        "a date in the wrong form in icd10.ron",
        dir.path(),
        expect(
            "icd10.ron",
            Some("10/01/2021"),
            &["10/01/2021", "not a date"],
        ),
    );

    let dir = copy_reference();
    std::fs::write(dir.path().join("codes.ron"), "[]").unwrap();
    check(
        "codes.ron emptied",
        dir.path(),
        expect("rules.ron", None, &["no reference entry"]),
    );

    assert_tried(BAD_REFERENCES, &tried);
}

#[test]
fn odd_but_valid_reference_folders_load_like_the_bundled_data() {
    let bundled = Reference::load_dir(copy_reference().path()).unwrap();
    let mut tried = Vec::new();
    for name in ["byte-order marks on every file", "CRLF line endings"] {
        tried.push(name.to_string());
        let dir = copy_reference();
        for file in REFERENCE_FILES {
            let text = read(dir.path(), file);
            let odd = if name.starts_with("byte") {
                format!("\u{feff}{text}")
            } else {
                text.replace('\n', "\r\n")
            };
            std::fs::write(dir.path().join(file), odd).unwrap();
        }
        let loaded = Reference::load_dir(dir.path()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(loaded.entries(), bundled.entries(), "{name}");
        assert_eq!(loaded.tables, bundled.tables, "{name}");
        assert_eq!(loaded.diagnoses, bundled.diagnoses, "{name}");
    }
    assert_tried(ODD_VALID_REFERENCES, &tried);
}

// ------------------------------------------------------------------------------------------------
// The command line

/// The files of a mixed batch: (file name, Some(words of its error) or None for a good draft).
fn mixed_batch(dir: &Path) -> Vec<(PathBuf, Option<&'static str>)> {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples");
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let good = |name: &str| {
        let path = dir.join(name);
        std::fs::copy(examples.join(name), &path).unwrap();
        path
    };
    let folder = dir.join("folder.ron");
    std::fs::create_dir(&folder).unwrap();
    let fifo = dir.join("pipe.ron");
    mkfifo(&fifo);
    vec![
        (good("ct-liver-biopsy.ron"), None),
        (
            write("latin1.ron", b"(format_version: 1, title: \"Caf\xe9\")"),
            Some("not UTF-8"),
        ),
        (
            write("crlf.ron", CLEAN_TEXT.replace('\n', "\r\n").as_bytes()),
            None,
        ),
        (folder, Some("is not a file")),
        (
            write("bom.ron", format!("\u{feff}{CLEAN_TEXT}").as_bytes()),
            None,
        ),
        (fifo, Some("is not a file")),
        (dir.join("missing.ron"), Some("cannot read")),
        (good("lumbar-epidural-77003.ron"), None),
        (
            write("big.ron", &draft_of_size(MAX_DRAFT_BYTES as usize + 1)),
            Some("1 MiB"),
        ),
        (write("empty.ron", b""), Some("empty")),
        (
            write("newer.ron", b"(format_version: 99, hologram: true)"),
            Some("newer"),
        ),
        (good("lung-biopsy-77014.ron"), None),
    ]
}

/// Bytes and modification time of each path that is a regular file.
fn snapshot(paths: &[PathBuf]) -> Vec<Option<(Vec<u8>, SystemTime)>> {
    paths
        .iter()
        .map(|p| {
            let meta = std::fs::symlink_metadata(p).ok()?;
            meta.is_file()
                .then(|| (std::fs::read(p).unwrap(), meta.modified().unwrap()))
        })
        .collect()
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_command_line_checks_every_file_in_order_and_writes_to_none() {
    let dir = tempfile::tempdir().unwrap();
    let batch = mixed_batch(dir.path());
    let paths: Vec<PathBuf> = batch.iter().map(|(p, _)| p.clone()).collect();
    // Old modification times, so that even a same-second rewrite would show.
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    for path in &paths {
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
            let file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
            file.set_modified(old).unwrap();
        }
    }
    let before = snapshot(&paths);
    let files_before = listing(dir.path());

    let run = |json: bool| {
        let mut command = assert_cmd::Command::cargo_bin("cpt-guidance").unwrap();
        command.arg("check");
        if json {
            command.arg("--json");
        }
        command
            .args(&paths)
            .timeout(Duration::from_secs(120))
            .output()
            .unwrap()
    };

    let output = run(true);
    assert_eq!(output.status.code(), Some(2), "a file could not be read");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let reports = json.as_array().unwrap();
    assert_eq!(reports.len(), batch.len(), "one entry per file");
    for (report, (path, bad)) in reports.iter().zip(&batch) {
        assert_eq!(
            report["file"].as_str().unwrap(),
            path.display().to_string(),
            "argument order"
        );
        match bad {
            Some(words) => {
                let error = report["error"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{}: no error in {report}", path.display()));
                assert!(error.contains(words), "{error}");
                let name = path.file_name().unwrap().to_string_lossy();
                assert!(error.contains(name.as_ref()), "{error}");
            }
            None => {
                assert!(report.get("error").is_none(), "{report}");
                assert!(report["findings"].is_array(), "{report}");
            }
        }
    }

    let output = run(false);
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8(output.stdout).unwrap();
    let mut from = 0;
    for path in &paths {
        let name = path.display().to_string();
        let at = text[from..]
            .find(&name)
            .unwrap_or_else(|| panic!("{name} is missing or out of order in:\n{text}"));
        from += at + name.len();
    }

    assert_eq!(snapshot(&paths), before, "a checked file changed");
    assert_eq!(
        listing(dir.path()),
        files_before,
        "a file appeared or vanished"
    );
}
