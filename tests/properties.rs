//! Properties over generated input (proptest): any draft validates without panicking and every
//! finding points at a line or diagnosis the draft has; any draft saves and loads back equal;
//! no bytes make the draft parser panic; no reference file text makes the reference loader panic.
//!
//! Case counts are kept small so `cargo test` stays fast (see `CASES`); set `PROPTEST_CASES` for
//! a longer run, e.g. `PROPTEST_CASES=20000 cargo test --release --test properties`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use cpt_guidance::claim::{ClaimDraft, Documentation, FORMAT_VERSION, ServiceLine};
use cpt_guidance::date::Date;
use cpt_guidance::draft;
use cpt_guidance::reference::Reference;
use cpt_guidance::rules::{self, FieldPath};

mod common;
use common::REFERENCE_FILES;

/// Default cases per property, as cited in docs/RELIABILITY.md.
const CASES: &[(&str, u32)] = &[
    ("validation_never_panics_and_targets_exist", 300),
    ("ron_text_round_trips", 300),
    ("save_then_load_round_trips", 40),
    ("arbitrary_bytes_never_panic_the_parser", 1000),
    ("mutated_drafts_never_panic_parser_or_rules", 300),
    ("reference_file_text_never_panics_the_loader", 60),
    ("fast_reader_answers_as_ron_does", 600),
];

fn runner(property: &str) -> TestRunner {
    let default = CASES
        .iter()
        .find(|(name, _)| *name == property)
        .map(|&(_, cases)| cases)
        .expect("every property has a case count");
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    TestRunner::new(Config {
        cases,
        // Failures are reported with their minimal input; nothing is written into tests/.
        failure_persistence: None,
        ..Config::default()
    })
}

fn reference() -> &'static Reference {
    static REFERENCE: OnceLock<Reference> = OnceLock::new();
    REFERENCE.get_or_init(|| Reference::embedded().unwrap())
}

fn curated_reference() -> &'static Reference {
    static REFERENCE: OnceLock<Reference> = OnceLock::new();
    REFERENCE.get_or_init(|| Reference::embedded().unwrap().without_icd10cm())
}

// ------------------------------------------------------------------------------------------------
// Strategies

/// Values the rules know, so generated drafts reach the rules' interesting branches.
const KNOWN: &[&str] = &[
    "77012",
    "77003",
    "77014",
    "77002",
    "76942",
    "47000",
    "62323",
    "62320",
    "62284",
    "64483",
    "32408",
    "77412",
    "0627T",
    "G6001",
    "26",
    "TC",
    "59",
    "XS",
    "XU",
    "XE",
    "22",
    "11",
    "24",
    "C78.7",
    "M54.50",
    "M54.5",
    "m545",
    "R91.1",
    "C7A.00",
    "M48.06",
    "S72.001A",
    "2026-03-14",
    "2016-02-29",
    "2026-02-30",
    "2099-01-01",
    "",
];

/// Any text: a known value (perhaps with odd case and spaces), typed text, or any characters at
/// all, control characters, surrogates' neighbours and U+10FFFF included.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (prop::sample::select(KNOWN), any::<bool>(), any::<bool>()).prop_map(
            |(known, lower, padded)| {
                let s = if lower { known.to_ascii_lowercase() } else { known.to_string() };
                if padded { format!(" \t{s} ") } else { s }
            }
        ),
        2 => prop::collection::vec(any::<char>(), 0..24).prop_map(String::from_iter),
        1 => "[ -~]{0,12}",
        // What people type: printable text with quotes, backslashes, line breaks and tabs.
        3 => "[ -~éü°\n\t]{0,16}",
    ]
}

fn number() -> impl Strategy<Value = u32> {
    prop_oneof![
        Just(0u32),
        Just(1u32),
        Just(u32::MAX),
        0u32..30,
        any::<u32>(),
    ]
}

fn line() -> impl Strategy<Value = ServiceLine> {
    (
        text(),
        prop::collection::vec(text(), 0..5),
        number(),
        prop::collection::vec(number(), 0..6),
    )
        .prop_map(|(code, modifiers, units, diagnosis_pointers)| ServiceLine {
            code,
            modifiers,
            units,
            diagnosis_pointers,
        })
}

fn documentation() -> impl Strategy<Value = Documentation> {
    (any::<bool>(), text(), any::<bool>(), any::<bool>()).prop_map(|(a, target_site, c, d)| {
        Documentation {
            medical_necessity: a,
            target_site,
            procedure_performed: c,
            supervision_and_interpretation: d,
        }
    })
}

/// Any draft: every text field any text, up to 30 lines and 20 diagnoses.
fn any_draft() -> impl Strategy<Value = ClaimDraft> {
    (
        (text(), text(), text(), text()),
        prop::collection::vec(text(), 0..20),
        prop::collection::vec(line(), 0..30),
        documentation(),
        number(),
    )
        .prop_map(
            |(
                (title, date_of_service, place_of_service, notes),
                diagnoses,
                lines,
                documentation,
                version,
            )| {
                ClaimDraft {
                    format_version: version,
                    title,
                    date_of_service,
                    place_of_service,
                    diagnoses,
                    lines,
                    documentation,
                    notes,
                }
            },
        )
}

/// A draft this build can save and open again: any content, a version it reads.
fn saveable_draft() -> impl Strategy<Value = ClaimDraft> {
    (any_draft(), 1..=FORMAT_VERSION).prop_map(|(mut draft, version)| {
        draft.format_version = version;
        draft
    })
}

/// Any date from 2014 to 2031: before, inside and after the bundled ICD-10-CM releases.
fn any_date() -> impl Strategy<Value = Date> {
    (16_071i64..22_645).prop_map(Date::from_days_since_epoch)
}

// ------------------------------------------------------------------------------------------------
// Properties

#[test]
fn validation_never_panics_and_targets_exist() {
    reference().icd10cm(); // parse the embedded releases before the cases run
    runner("validation_never_panics_and_targets_exist")
        .run(
            &(any_draft(), any_date(), any::<bool>()),
            |(draft, today, curated)| {
                let reference = if curated {
                    curated_reference()
                } else {
                    reference()
                };
                let findings = rules::validate_at(&draft, reference, today);
                for finding in &findings {
                    let target = finding.target;
                    let exists = match target {
                        FieldPath::LineCode(i)
                        | FieldPath::LineModifiers(i)
                        | FieldPath::LineUnits(i)
                        | FieldPath::LinePointers(i) => i < draft.lines.len(),
                        FieldPath::Diagnosis(i) => i < draft.diagnoses.len(),
                        FieldPath::Claim
                        | FieldPath::DateOfService
                        | FieldPath::PlaceOfService
                        | FieldPath::Diagnoses
                        | FieldPath::Lines
                        | FieldPath::Documentation(_) => true,
                    };
                    prop_assert!(exists, "{finding:?} points past the draft");
                    prop_assert!(!finding.message.trim().is_empty(), "{finding:?}");
                    prop_assert!(rules::RULE_IDS.contains(&finding.rule), "{finding:?}");
                }
                // Sorted by severity, as promised.
                prop_assert!(findings.windows(2).all(|w| w[0].severity <= w[1].severity));
                Ok(())
            },
        )
        .unwrap();
}

#[test]
fn ron_text_round_trips() {
    runner("ron_text_round_trips")
        .run(&saveable_draft(), |draft| {
            let text = draft::to_ron_string(&draft).unwrap();
            let back = draft::parse_str(Path::new("generated.ron"), &text)
                .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
            prop_assert_eq!(back, draft);
            Ok(())
        })
        .unwrap();
}

#[test]
fn save_then_load_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.ron");
    runner("save_then_load_round_trips")
        .run(&saveable_draft(), |draft| {
            draft::save(&path, &draft).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let back = draft::load(&path).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(back, draft);
            Ok(())
        })
        .unwrap();
    // Only the draft is left: every temporary file was renamed or removed.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["draft.ron"]);
}

#[test]
fn arbitrary_bytes_never_panic_the_parser() {
    runner("arbitrary_bytes_never_panic_the_parser")
        .run(&prop::collection::vec(any::<u8>(), 0..512), |bytes| {
            let label = Path::new("bytes.ron");
            match draft::parse_bytes(label, &bytes) {
                Ok(draft) => {
                    rules::validate_at(&draft, reference(), Date::today_utc());
                }
                Err(error) => prop_assert!(error.to_string().starts_with("bytes.ron")),
            }
            Ok(())
        })
        .unwrap();
}

/// Edits to a text: insert, delete or overwrite a few bytes somewhere.
#[derive(Clone, Debug)]
enum Mutation {
    Insert(prop::sample::Index, Vec<u8>),
    Delete(prop::sample::Index, usize),
    Overwrite(prop::sample::Index, u8),
    /// A whole line, as a person deletes a field of a saved draft.
    DeleteLine(prop::sample::Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let tokens = prop::sample::select(vec![
        "(",
        ")",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\\",
        "r#\"",
        "//",
        "/*",
        "0",
        "-1",
        "4294967296",
        "\u{feff}",
        "\r\n",
        "\0",
        "é",
        "code",
        "lines",
        "units",
        "Some(",
        "true",
        "false",
        "ClaimDraft",
        "r",
        "+",
        "_",
        "0x1",
        "1e3",
        "1.0",
        "'",
        "()",
        "\\u{41}",
        "\\x41",
        "\\/",
        "\t",
        "\u{85}",
        "\u{2028}",
        "#![enable(implicit_some)]",
    ]);
    prop_oneof![
        (any::<prop::sample::Index>(), tokens).prop_map(|(i, t)| Mutation::Insert(i, t.into())),
        (
            any::<prop::sample::Index>(),
            prop::collection::vec(any::<u8>(), 1..4)
        )
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<prop::sample::Index>(), 1usize..40).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Overwrite(i, b)),
        any::<prop::sample::Index>().prop_map(Mutation::DeleteLine),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len();
        match m {
            Mutation::Insert(at, new) => {
                let at = at.index(len + 1);
                bytes.splice(at..at, new.iter().copied());
            }
            Mutation::Delete(at, n) if len > 0 => {
                let at = at.index(len);
                bytes.drain(at..(at + n).min(len));
            }
            Mutation::Overwrite(at, b) if len > 0 => bytes[at.index(len)] = *b,
            Mutation::DeleteLine(at) => {
                let starts: Vec<usize> = std::iter::once(0)
                    .chain(
                        bytes
                            .iter()
                            .enumerate()
                            .filter(|(_, b)| **b == b'\n')
                            .map(|(i, _)| i + 1),
                    )
                    .filter(|&i| i < len)
                    .collect();
                if !starts.is_empty() {
                    let start = starts[at.index(starts.len())];
                    let end = bytes[start..]
                        .iter()
                        .position(|b| *b == b'\n')
                        .map_or(len, |i| start + i + 1);
                    bytes.drain(start..end);
                }
            }
            _ => {}
        }
    }
    bytes
}

#[test]
fn mutated_drafts_never_panic_parser_or_rules() {
    let today = Date::new(2026, 3, 20).unwrap();
    runner("mutated_drafts_never_panic_parser_or_rules")
        .run(
            &(saveable_draft(), prop::collection::vec(mutation(), 1..6)),
            |(draft, mutations)| {
                let text = draft::to_ron_string(&draft).unwrap();
                let bytes = mutate(text.into_bytes(), &mutations);
                if let Ok(parsed) = draft::parse_bytes(Path::new("mutated.ron"), &bytes) {
                    let findings = rules::validate_at(&parsed, reference(), today);
                    for f in &findings {
                        prop_assert!(f.target.line_index().is_none_or(|i| i < parsed.lines.len()));
                        prop_assert!(
                            f.target
                                .diagnosis_index()
                                .is_none_or(|i| i < parsed.diagnoses.len())
                        );
                    }
                }
                Ok(())
            },
        )
        .unwrap();
}

/// `draft` with every character outside printable ASCII, a few accented letters, line breaks
/// and tabs replaced: the text people type, all of which the fast reader reads.
fn typed(mut draft: ClaimDraft) -> ClaimDraft {
    let clean = |s: &mut String| {
        *s = s
            .chars()
            .map(|c| match c {
                ' '..='~' | 'é' | 'ü' | '°' | '\n' | '\t' => c,
                _ => 'x',
            })
            .collect();
    };
    for s in [
        &mut draft.title,
        &mut draft.date_of_service,
        &mut draft.place_of_service,
        &mut draft.notes,
        &mut draft.documentation.target_site,
    ] {
        clean(s);
    }
    draft.diagnoses.iter_mut().for_each(clean);
    for line in &mut draft.lines {
        clean(&mut line.code);
        line.modifiers.iter_mut().for_each(clean);
    }
    draft
}

/// `text` (a pretty draft) without some of its one-line fields (`units: 2,`), as a person
/// writes a draft that leaves fields to their defaults.
fn omit_fields(text: &str, picks: &[prop::sample::Index]) -> String {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    for pick in picks {
        let one_line_fields: Vec<usize> = (0..lines.len())
            .filter(|&i| {
                let line = lines[i].trim();
                line.ends_with(',')
                    && line.split_once(": ").is_some_and(|(name, _)| {
                        name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                    })
            })
            .collect();
        if !one_line_fields.is_empty() {
            lines.remove(one_line_fields[pick.index(one_line_fields.len())]);
        }
    }
    lines.concat()
}

/// The fast reader for drafts in this program's own form (`src/draft/fast.rs`) must give what
/// the general RON parser gives, value or error, for any text: drafts as saved (pretty) and on one
/// line, then edited at random.
#[test]
fn fast_reader_answers_as_ron_does() {
    runner("fast_reader_answers_as_ron_does")
        .run(
            &(
                prop_oneof![
                    1 => any_draft(),
                    1 => saveable_draft(),
                    3 => saveable_draft().prop_map(typed),
                ],
                any::<bool>(),
                prop::collection::vec(any::<prop::sample::Index>(), 0..4),
                prop::collection::vec(mutation(), 0..4),
            ),
            |(draft, pretty, omitted, mutations)| {
                let text = if pretty {
                    omit_fields(&draft::to_ron_string(&draft).unwrap(), &omitted)
                } else {
                    ron::to_string(&draft).unwrap()
                };
                let bytes = mutate(text.into_bytes(), &mutations);
                let text = String::from_utf8_lossy(&bytes);
                let label = Path::new("edited.ron");
                let fast = draft::parse_str(label, &text).map_err(|e| e.to_string());
                let ron = draft::parse_str_ron_only(label, &text).map_err(|e| e.to_string());
                prop_assert_eq!(fast, ron, "{}", text);
                Ok(())
            },
        )
        .unwrap();
}

/// The reference files a folder holds (the ICD-10-CM releases are left out: without them the
/// curated list is used, and their loader has its own tests).
#[test]
fn reference_file_text_never_panics_the_loader() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("reference");
    let dir = tempfile::tempdir().unwrap();
    let originals: Vec<(PathBuf, Vec<u8>)> = REFERENCE_FILES
        .iter()
        .map(|name| {
            let bytes = std::fs::read(source.join(name)).unwrap();
            std::fs::write(dir.path().join(name), &bytes).unwrap();
            (dir.path().join(name), bytes)
        })
        .collect();
    Reference::load_dir(dir.path()).expect("the copy loads before any change");
    let folder = dir.path().display().to_string();

    let replacement = prop_oneof![
        // Small edits to the real file: most still parse and reach the cross-checks.
        2 => prop::collection::vec(mutation(), 1..5).prop_map(Some),
        // Or any text at all in its place.
        1 => Just(None),
    ];
    runner("reference_file_text_never_panics_the_loader")
        .run(
            &(
                any::<prop::sample::Index>(),
                replacement,
                prop::collection::vec(any::<char>(), 0..200).prop_map(String::from_iter),
            ),
            |(which, mutations, random)| {
                let (path, original) = &originals[which.index(originals.len())];
                let bytes = match &mutations {
                    Some(mutations) => mutate(original.clone(), mutations),
                    None => random.into_bytes(),
                };
                std::fs::write(path, &bytes).unwrap();
                let result = Reference::load_dir(dir.path());
                std::fs::write(path, original).unwrap();
                if let Err(error) = result {
                    // It names a reference file, or a path in the folder (the manifest may have
                    // been edited to name another file).
                    let shown = error.to_string();
                    prop_assert!(
                        REFERENCE_FILES.iter().any(|f| shown.contains(f))
                            || shown.contains(&folder),
                        "the error names no file: {shown}"
                    );
                    if let Some(at) = error.position() {
                        prop_assert!(at.line >= 1 && at.column >= 1, "{shown}");
                    }
                }
                Ok(())
            },
        )
        .unwrap();
}
