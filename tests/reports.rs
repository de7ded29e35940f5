//! Markdown and HTML reports (`cpt_guidance::export`): snapshots of whole documents, escaping,
//! citations and footer, and `cpt-guidance check --format` on the command line.
//!
//! Snapshots live in `tests/snapshots/`; after an intended change, review and accept them with
//! `INSTA_UPDATE=always cargo test --test reports` (or `cargo insta review`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use assert_cmd::Command;
use cpt_guidance::claim::ClaimDraft;
use cpt_guidance::date::Date;
use cpt_guidance::export::{self, CPT_NOTICE, ExportFile};
use cpt_guidance::reference::Reference;
use cpt_guidance::report::{describe_link, rule_source};
use cpt_guidance::rules::{self, Finding};
use predicates::prelude::*;

mod common;
use common::example;

/// A fixed "today", so DOS_FUTURE and the ICD-10-CM release never move under the snapshots.
fn today() -> Date {
    Date::new(2026, 6, 1).unwrap()
}

fn reference() -> Reference {
    Reference::embedded().unwrap()
}

const CLEAN: &str = r#"(
    format_version: 1,
    title: "CT-guided liver biopsy",
    date_of_service: "2026-03-14",
    place_of_service: "22",
    diagnoses: ["C78.7"],
    lines: [
        (code: "47000", modifiers: [], units: 1, diagnosis_pointers: [1]),
        (code: "77012", modifiers: ["26"], units: 1, diagnosis_pointers: [1]),
    ],
    documentation: (
        medical_necessity: true,
        target_site: "segment 6 liver lesion",
        procedure_performed: true,
        supervision_and_interpretation: true,
    ),
    notes: "Core biopsy x3 passes from one lesion: one unit of guidance.",
)"#;

const WITH_FINDINGS: &str = r#"(
    format_version: 1,
    title: "Lumbar epidural steroid injection under fluoroscopy",
    date_of_service: "2026-01-20",
    place_of_service: "24",
    diagnoses: ["M54.5", "M48.061"],
    lines: [
        (code: "62323", modifiers: [], units: 1, diagnosis_pointers: [2, 1]),
        (code: "77003", modifiers: ["26"], units: 1, diagnosis_pointers: [2]),
        (code: "77014", modifiers: ["59", "XS"], units: 2, diagnosis_pointers: [2]),
    ],
    documentation: (
        medical_necessity: true,
        target_site: "",
        procedure_performed: true,
        supervision_and_interpretation: false,
    ),
    notes: "Two levels.\nSecond line of notes.",
)"#;

/// Text a user typed that Markdown and HTML must not interpret.
const HOSTILE: &str = r#"(
    format_version: 1,
    title: "<script>alert('x')</script> *bold* | pipe & \"quotes\"",
    date_of_service: "2026-03-14",
    place_of_service: "11",
    diagnoses: ["C78.7"],
    lines: [
        (code: "<b>", modifiers: ["<i>"], units: 1, diagnosis_pointers: [1]),
    ],
    documentation: (target_site: "<img src=x onerror=alert(1)>"),
    notes: "</blockquote><h1>injected</h1> [link](http://example.com) `code`",
)"#;

fn parse(text: &str) -> ClaimDraft {
    cpt_guidance::draft::parse_str(Path::new("test.ron"), text).unwrap()
}

fn checked(text: &str, reference: &Reference) -> (ClaimDraft, Vec<Finding>) {
    let draft = parse(text);
    let findings = rules::validate_at(&draft, reference, today());
    (draft, findings)
}

fn files(reference: &Reference) -> Vec<ExportFile> {
    vec![
        ExportFile {
            file: "ct-liver-biopsy.ron".into(),
            outcome: Ok(checked(CLEAN, reference)),
        },
        ExportFile {
            file: "lumbar-epidural.ron".into(),
            outcome: Ok(checked(WITH_FINDINGS, reference)),
        },
        ExportFile {
            file: "missing.ron".into(),
            outcome: Err("missing.ron: cannot read: No such file or directory (os error 2)".into()),
        },
    ]
}

#[test]
fn markdown_clean_claim() {
    let reference = reference();
    let (draft, findings) = checked(CLEAN, &reference);
    assert!(
        findings
            .iter()
            .all(|f| f.severity == cpt_guidance::rules::Severity::Info),
        "{findings:#?}"
    );
    insta::assert_snapshot!(export::markdown(
        &draft,
        &findings,
        &reference,
        Some("ct-liver-biopsy.ron")
    ));
}

#[test]
fn markdown_claim_with_findings() {
    let reference = reference();
    let (draft, findings) = checked(WITH_FINDINGS, &reference);
    insta::assert_snapshot!(export::markdown(
        &draft,
        &findings,
        &reference,
        Some("lumbar-epidural.ron")
    ));
}

#[test]
fn html_claim_with_findings() {
    let reference = reference();
    let (draft, findings) = checked(WITH_FINDINGS, &reference);
    insta::assert_snapshot!(export::html(
        &draft,
        &findings,
        &reference,
        Some("lumbar-epidural.ron")
    ));
}

#[test]
fn html_clean_claim_without_file_name() {
    let reference = reference();
    let (draft, findings) = checked(CLEAN, &reference);
    insta::assert_snapshot!(export::html(&draft, &findings, &reference, None));
}

#[test]
fn markdown_several_files() {
    let reference = reference();
    insta::assert_snapshot!(export::markdown_files(&files(&reference), &reference));
}

#[test]
fn html_several_files() {
    let reference = reference();
    insta::assert_snapshot!(export::html_files(&files(&reference), &reference));
}

#[test]
fn every_finding_is_cited_with_rule_title_source_and_reference() {
    let reference = reference();
    let (draft, findings) = checked(WITH_FINDINGS, &reference);
    assert!(findings.len() >= 5, "{findings:#?}");
    let markdown = export::markdown(&draft, &findings, &reference, None);
    let html = export::html(&draft, &findings, &reference, None);
    for finding in &findings {
        let rule = reference.rule(finding.rule).unwrap();
        assert!(html.contains(&export::escape(&rule.title)), "{}", rule.id);
        assert!(html.contains(&export::escape(rule_source(&reference, finding))));
        assert!(html.contains(&export::escape(&describe_link(&finding.link))));
        assert!(html.contains(&export::escape(&finding.message)));
        assert!(markdown.contains(&format!("`{}`", finding.rule)));
    }
    assert!(markdown.contains(&cpt_guidance::report::counts_line(&findings)));
}

#[test]
fn footer_names_the_reference_version_and_the_ama_notice() {
    let reference = reference();
    let (draft, findings) = checked(CLEAN, &reference);
    let version = &reference.manifest.version;
    let effective = &reference.manifest.effective_date;
    for document in [
        export::markdown(&draft, &findings, &reference, None),
        export::html(&draft, &findings, &reference, None),
        export::markdown_files(&files(&reference), &reference),
        export::html_files(&files(&reference), &reference),
    ] {
        assert!(document.contains(version.as_str()));
        assert!(document.contains(effective.as_str()));
        assert!(document.contains("American Medical Association"));
    }
    assert!(
        export::html(&draft, &findings, &reference, None).contains(&export::escape(CPT_NOTICE))
    );
}

#[test]
fn html_escapes_everything_the_user_typed() {
    let reference = reference();
    let (draft, findings) = checked(HOSTILE, &reference);
    let html = export::html(&draft, &findings, &reference, Some("<evil>.ron"));
    for raw in [
        "<script>",
        "<img src",
        "<h1>injected",
        "</blockquote><h1>",
        "<b>",
        "<i>",
        "<evil>",
    ] {
        assert!(!html.contains(raw), "{raw} must be escaped");
    }
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains("&amp; &quot;quotes&quot;"));
    assert_eq!(
        export::escape(r#"<a href="x">&'"#),
        "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
    );
}

#[test]
fn markdown_escapes_everything_the_user_typed() {
    let reference = reference();
    let (draft, findings) = checked(HOSTILE, &reference);
    let markdown = export::markdown(&draft, &findings, &reference, Some("a`b.ron"));
    assert!(markdown.contains(r"\<script\>alert('x')\</script\> \*bold\* \| pipe"));
    assert!(markdown.contains(r"\[link\](http://example.com) \`code\`"));
    assert!(markdown.contains(r"\<img src=x onerror=alert(1)\>"));
    assert!(!markdown.contains(" <img"));
    assert!(markdown.contains("``a`b.ron``") || markdown.contains("`` a`b.ron ``"));
    // Table rows keep their column count: a pipe in a cell is escaped.
    for line in markdown.lines().filter(|l| l.starts_with("| Title |")) {
        assert_eq!(line.matches(" | ").count(), 1, "{line}");
    }
}

#[test]
fn html_is_self_contained_and_print_ready() {
    let reference = reference();
    let (draft, findings) = checked(WITH_FINDINGS, &reference);
    let html = export::html(&draft, &findings, &reference, None);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("@media print"));
    assert!(html.trim_end().ends_with("</html>"));
    for external in ["<script", "<link", "src=\"http", "href=\"http", "@import"] {
        assert!(!html.contains(external), "{external}");
    }
}

// ---------------------------------------------------------------------------------------------
// The command line.

fn bin() -> Command {
    Command::cargo_bin("cpt-guidance").unwrap()
}

#[test]
fn check_format_markdown_prints_one_document() {
    bin()
        .args(["check", "--format", "markdown"])
        .arg(example("ct-liver-biopsy.ron"))
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("# CT-guided liver biopsy"))
        .stdout(predicate::str::contains("American Medical Association"));
}

#[test]
fn check_format_html_with_several_files_keeps_the_exit_code() {
    bin()
        .args(["check", "--format", "html"])
        .arg(example("ct-liver-biopsy.ron"))
        .arg(example("lumbar-epidural-77003.ron"))
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("<!DOCTYPE html>"))
        .stdout(predicate::str::contains("GUIDANCE_INCLUDED_IN_PRIMARY"))
        .stdout(predicate::str::contains("Claim check report"));
    bin()
        .args(["check", "--format", "html"])
        .arg(example("ct-liver-biopsy.ron"))
        .arg("no-such-draft.ron")
        .assert()
        .code(2)
        .stdout(predicate::str::contains("could not be checked"));
}

#[test]
fn check_format_json_is_the_json_shorthand_and_conflicts_with_it() {
    let with_format = bin()
        .args(["check", "--format", "json"])
        .arg(example("lumbar-epidural-77003.ron"))
        .output()
        .unwrap();
    let with_flag = bin()
        .args(["check", "--json"])
        .arg(example("lumbar-epidural-77003.ron"))
        .output()
        .unwrap();
    assert_eq!(with_format.status.code(), Some(1));
    assert_eq!(with_format.stdout, with_flag.stdout);
    let text = bin()
        .args(["check", "--format", "text"])
        .arg(example("lumbar-epidural-77003.ron"))
        .output()
        .unwrap();
    let default = bin()
        .arg("check")
        .arg(example("lumbar-epidural-77003.ron"))
        .output()
        .unwrap();
    assert_eq!(text.stdout, default.stdout);
    bin()
        .args(["check", "--json", "--format", "html"])
        .arg(example("ct-liver-biopsy.ron"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
}
