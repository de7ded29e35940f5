//! The reference data: it loads, cross-checks, and refuses broken tables with file, line, column.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use cpt_guidance::reference::{Reference, ReferenceError};
use cpt_guidance::rules::{self, guideline};

mod common;
use common::copy_reference;

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn embedded_and_folder_references_agree() {
    let embedded = Reference::embedded().unwrap();
    let dir = copy_reference();
    let folder = Reference::load_dir(dir.path()).unwrap();
    assert_eq!(embedded.entries(), folder.entries());
    assert_eq!(embedded.tables, folder.tables);
    assert!(folder.icd10cm().is_none(), "no icd10cm/ was copied");
    assert!(embedded.icd10cm().is_some());
}

#[test]
fn every_rule_the_validator_emits_is_described_and_every_description_is_used() {
    let reference = Reference::embedded().unwrap();
    for id in rules::RULE_IDS {
        let rule = reference
            .rule(id)
            .unwrap_or_else(|| panic!("{id} is not in rules.ron"));
        assert!(
            !rule.source.is_empty() && !rule.explanation.is_empty(),
            "{id}"
        );
    }
    for rule in &reference.tables.rules {
        assert!(
            rules::RULE_IDS.contains(&rule.id.as_str()),
            "{} is described but never emitted",
            rule.id
        );
    }
}

#[test]
fn guideline_positions_point_at_the_guideline_that_says_it() {
    let reference = Reference::embedded().unwrap();
    for code in ["77012", "77014"] {
        let guidelines = &reference.entry(code).unwrap().coding_guidelines;
        let at = |i: usize| guidelines[i].to_lowercase();
        assert!(at(guideline::STANDALONE).contains("standalone"), "{code}");
        assert!(
            at(guideline::SINGLE_SESSION).contains("single session"),
            "{code}"
        );
        assert!(
            at(guideline::MODIFIER_26_TC).contains("modifier 26"),
            "{code}"
        );
        assert!(
            at(guideline::ONE_MODALITY).contains("other imaging guidance"),
            "{code}"
        );
        assert!(
            at(guideline::DOCUMENTATION).contains("documentation must"),
            "{code}"
        );
    }
}

#[test]
fn the_77014_entry_carries_the_banner_pointing_to_77012() {
    let reference = Reference::embedded().unwrap();
    let banner = reference.entry("77014").unwrap().banner.clone().unwrap();
    assert!(banner.contains("77012"), "{banner}");
    assert!(reference.entry("77012").unwrap().is_full());
    let guidance = reference.guidance("77014").unwrap();
    assert_eq!(guidance.use_instead.as_deref(), Some("77012"));
}

#[test]
fn every_table_row_cites_a_source() {
    let reference = Reference::embedded().unwrap();
    let t = &reference.tables;
    let sources = t
        .guidance_codes
        .iter()
        .map(|g| &g.source)
        .chain(t.guidance_included.iter().map(|g| &g.source))
        .chain(reference.modifiers.iter().map(|m| &m.source))
        .chain(reference.places_of_service.iter().map(|p| &p.source))
        .chain(reference.diagnoses.iter().map(|d| &d.source))
        .chain(reference.entries().iter().map(|e| &e.source));
    for source in sources {
        assert!(source.trim().len() > 3, "empty source");
    }
}

fn load_error(dir: &Path) -> ReferenceError {
    match Reference::load_dir(dir) {
        Ok(_) => panic!("the broken reference loaded"),
        Err(error) => error,
    }
}

#[test]
fn a_syntax_error_names_file_line_and_column() {
    let dir = copy_reference();
    edit(
        dir.path(),
        "places_of_service.ron",
        "(code: \"11\", name:",
        "(code: \"11\" name:",
    );
    let error = load_error(dir.path());
    let at = error.position().unwrap();
    assert_eq!(at.file, "places_of_service.ron");
    assert!(at.line > 1 && at.column > 1, "{error}");
}

#[test]
fn a_rule_naming_a_code_without_entry_is_refused() {
    let dir = copy_reference();
    edit(
        dir.path(),
        "rules.ron",
        "codes: [\"27096\"]",
        "codes: [\"27097\"]",
    );
    let error = load_error(dir.path());
    assert!(error.to_string().contains("27097"), "{error}");
    let at = error.position().unwrap();
    assert_eq!(at.file, "rules.ron");
    let text = std::fs::read_to_string(dir.path().join("rules.ron")).unwrap();
    let line = text.lines().nth(at.line - 1).unwrap();
    assert!(line.contains("27097"), "{error} points at {line:?}");
}

#[test]
fn a_duplicate_code_is_refused_at_its_second_place() {
    let dir = copy_reference();
    edit(
        dir.path(),
        "codes.ron",
        "code: \"60100\"",
        "code: \"47000\"",
    );
    let error = load_error(dir.path());
    assert!(error.to_string().contains("47000"), "{error}");
    assert!(error.to_string().contains("two entries"), "{error}");
    assert_eq!(error.position().unwrap().file, "codes.ron");
}

#[test]
fn a_missing_file_is_named() {
    let dir = copy_reference();
    std::fs::remove_file(dir.path().join("77003.ron")).unwrap();
    let error = load_error(dir.path());
    assert!(error.to_string().contains("77003.ron"), "{error}");
}

#[test]
fn a_manifest_naming_a_file_outside_the_folder_is_refused_at_that_name() {
    for outside in [
        "/",
        "//",
        "/etc/hostname",
        "../modifiers.ron",
        "sub/modifiers.ron",
        "",
    ] {
        let dir = copy_reference();
        edit(
            dir.path(),
            "manifest.ron",
            "modifiers: \"modifiers.ron\"",
            &format!("modifiers: \"{outside}\""),
        );
        let error = load_error(dir.path());
        let shown = error.to_string();
        assert!(
            shown.contains("not the name of a file"),
            "{outside}: {shown}"
        );
        let at = error.position().unwrap();
        assert_eq!(at.file, "manifest.ron", "{outside}: {shown}");
        let text = std::fs::read_to_string(dir.path().join("manifest.ron")).unwrap();
        let line = text.lines().nth(at.line - 1).unwrap();
        assert!(
            line.contains("modifiers:"),
            "{outside}: {shown} points at {line:?}"
        );
    }
    // A plain name stays a plain name: the unchanged copy loads.
    assert!(Reference::load_dir(copy_reference().path()).is_ok());
}

#[test]
fn adding_a_primary_that_includes_guidance_is_a_data_change() {
    use cpt_guidance::claim::{ClaimDraft, ServiceLine};
    let dir = copy_reference();
    // A made-up primary code, added to codes.ron and to a guidance_included row.
    edit(
        dir.path(),
        "codes.ron",
        "[",
        "[\n    (code: \"0999T\", kind: Procedure, description: \"test procedure with guidance included\", source: \"test\"),",
    );
    edit(
        dir.path(),
        "rules.ron",
        "codes: [\"27096\"]",
        "codes: [\"27096\", \"0999T\"]",
    );
    let reference = Reference::load_dir(dir.path()).unwrap();
    let draft = ClaimDraft {
        date_of_service: "2026-03-14".into(),
        place_of_service: "11".into(),
        diagnoses: vec!["C78.7".into()],
        lines: vec![
            ServiceLine {
                code: "0999T".into(),
                ..ServiceLine::default()
            },
            ServiceLine {
                code: "77012".into(),
                ..ServiceLine::default()
            },
        ],
        ..ClaimDraft::default()
    };
    let findings = rules::validate(&draft, &reference);
    assert!(
        findings
            .iter()
            .any(|f| f.rule == "GUIDANCE_INCLUDED_IN_PRIMARY" && f.message.contains("0999T"))
    );
}

#[test]
fn a_pipe_in_place_of_the_icd10cm_data_is_refused_without_blocking() {
    let dir = copy_reference();
    let icd = dir.path().join("icd10cm");
    std::fs::create_dir(&icd).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("reference/icd10cm/manifest.ron");
    std::fs::copy(source, icd.join("manifest.ron")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(icd.join("codes.tsv"))
        .status();
    assert!(
        made.is_ok_and(|s| s.success()),
        "mkfifo is needed for this test"
    );
    let (done, finished) = std::sync::mpsc::channel();
    let folder = dir.path().to_path_buf();
    std::thread::spawn(move || {
        done.send(Reference::load_dir(&folder).err().map(|e| e.to_string()))
    });
    let error = finished
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("loading blocked on the pipe")
        .expect("a pipe must not load");
    assert!(
        error.contains("codes.tsv") && error.contains("not a regular file"),
        "{error}"
    );
}
