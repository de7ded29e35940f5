//! The command line, run as a real process: check (text and JSON, exit codes, a bad file among
//! good ones), codes, show, icd, --reference and --help.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

mod common;
use common::example;

fn bin() -> Command {
    Command::cargo_bin("cpt-guidance").unwrap()
}

fn json_of(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output).unwrap()
}

#[test]
fn a_clean_example_exits_0() {
    bin()
        .args(["check"])
        .arg(example("ct-liver-biopsy.ron"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ct-liver-biopsy.ron"));
}

#[test]
fn an_example_with_errors_exits_1_and_names_rules_and_codes() {
    bin()
        .arg("check")
        .arg(example("lumbar-epidural-77003.ron"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("GUIDANCE_INCLUDED_IN_PRIMARY"))
        .stdout(predicate::str::contains("62323"))
        .stdout(predicate::str::contains("DX_NOT_BILLABLE"));
}

#[test]
fn json_lists_every_file_in_argument_order_with_severities() {
    let output = bin()
        .args(["check", "--json"])
        .arg(example("lung-biopsy-77014.ron"))
        .arg(example("ct-liver-biopsy.ron"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json = json_of(&output.stdout);
    let files = json.as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert!(
        files[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("lung-biopsy-77014.ron")
    );
    assert!(
        files[1]["file"]
            .as_str()
            .unwrap()
            .ends_with("ct-liver-biopsy.ron")
    );
    let findings = files[0]["findings"].as_array().unwrap();
    let needle = findings
        .iter()
        .find(|f| f["rule"] == "CT_77014_NEEDLE")
        .unwrap();
    assert_eq!(needle["severity"], "warning");
    assert_eq!(needle["line"], 2);
    assert!(needle["message"].as_str().unwrap().contains("77012"));
    assert!(!needle["source"].as_str().unwrap().is_empty());
    for f in findings {
        assert!(["error", "warning", "info"].contains(&f["severity"].as_str().unwrap()));
    }
}

#[test]
fn a_broken_file_is_reported_and_the_others_still_checked_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(format_version: 1,\n  lines: [oops],\n)").unwrap();
    let before = std::fs::read(&broken).unwrap();
    let missing = dir.path().join("missing.ron");
    let output = bin()
        .args(["check", "--json"])
        .arg(&broken)
        .arg(&missing)
        .arg(example("lumbar-epidural-77003.ron"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let json = json_of(&output.stdout);
    let files = json.as_array().unwrap();
    assert_eq!(files.len(), 3);
    let error = files[0]["error"].as_str().unwrap();
    assert!(error.contains("broken.ron:2:"), "{error}");
    assert!(files[1]["error"].as_str().unwrap().contains("missing.ron"));
    assert!(files[2].get("error").is_none());
    assert!(!files[2]["findings"].as_array().unwrap().is_empty());
    // The checker never writes to the files it checks.
    assert_eq!(std::fs::read(&broken).unwrap(), before);
}

#[test]
fn text_output_reports_the_position_of_a_syntax_error() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(format_version: 1,\n  title: 5,\n)").unwrap();
    bin()
        .arg("check")
        .arg(&broken)
        .assert()
        .code(2)
        .stdout(predicate::str::contains("broken.ron:2:"));
}

#[test]
fn codes_lists_the_guidance_codes_and_show_prints_every_section() {
    bin()
        .arg("codes")
        .assert()
        .success()
        .stdout(predicate::str::contains("77003"))
        .stdout(predicate::str::contains("77012"))
        .stdout(predicate::str::contains("47000"));
    bin()
        .args(["show", "77014"])
        .assert()
        .success()
        .stdout(predicate::str::contains("77012"))
        .stdout(predicate::str::contains("Clinical indications"))
        .stdout(predicate::str::contains("M89.75"));
    bin()
        .args(["show", "77003"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Aetna"))
        .stdout(predicate::str::contains("52-year-old"));
    bin().args(["show", "12345"]).assert().code(2);
}

#[test]
fn icd_looks_up_and_searches() {
    bin()
        .args(["icd", "m545", "--date", "2021-09-30"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("M54.5: billable"));
    bin()
        .args(["icd", "M54.5", "--date", "2021-10-01"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("M54.51"));
    let output = bin()
        .args(["icd", "--search", "low back pain", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json = json_of(&output.stdout);
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .any(|m| m["code"] == "M54.50")
    );
    bin()
        .args(["icd", "M54.5", "--date", "2021-02-30"])
        .assert()
        .code(2);
}

#[test]
fn a_reference_folder_replaces_the_built_in_data_and_errors_name_the_place() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("reference");
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&source).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    // An office-edited description shows up.
    let codes = dir.path().join("codes.ron");
    let text = std::fs::read_to_string(&codes).unwrap();
    let edited = text.replacen("code: \"47000\",", "code: \"47000\", // edited\n", 1);
    assert_ne!(text, edited);
    std::fs::write(&codes, edited).unwrap();
    bin()
        .arg("--reference")
        .arg(dir.path())
        .args(["check"])
        .arg(example("ct-liver-biopsy.ron"))
        .assert()
        .code(0);
    // A broken file is named with line and column.
    std::fs::write(dir.path().join("modifiers.ron"), "[\n  (modifier: 26),\n]").unwrap();
    bin()
        .arg("--reference")
        .arg(dir.path())
        .arg("codes")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("modifiers.ron:2:"));
}

#[test]
fn help_speaks_to_coders() {
    bin()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("check"))
        .stdout(predicate::str::contains("77012"));
    bin()
        .args(["check", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit code"));
}
