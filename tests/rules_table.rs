//! Every rule, both ways: it fires on a case built for it, and stays quiet on a clean claim and on
//! a near miss. A clean, correct claim produces no error and no warning.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use cpt_guidance::claim::{ClaimDraft, Documentation, ServiceLine};
use cpt_guidance::date::Date;
use cpt_guidance::reference::Reference;
use cpt_guidance::rules::{self, Finding, Severity};

fn today() -> Date {
    Date::parse("2026-11-22").unwrap()
}

fn line(code: &str, modifiers: &[&str], units: u32, pointers: &[u32]) -> ServiceLine {
    ServiceLine {
        code: code.into(),
        modifiers: modifiers.iter().map(|m| m.to_string()).collect(),
        units,
        diagnosis_pointers: pointers.to_vec(),
    }
}

/// CT-guided liver biopsy in the hospital outpatient department, professional component.
fn clean_ct() -> ClaimDraft {
    ClaimDraft {
        title: "clean CT".into(),
        date_of_service: "2026-03-14".into(),
        place_of_service: "22".into(),
        diagnoses: vec!["C78.7".into()],
        lines: vec![line("47000", &[], 1, &[1]), line("77012", &["26"], 1, &[1])],
        documentation: Documentation {
            medical_necessity: true,
            target_site: "segment 6 liver lesion".into(),
            procedure_performed: true,
            supervision_and_interpretation: true,
        },
        ..ClaimDraft::default()
    }
}

/// Myelography injection with +77003 in an ambulatory surgical center.
fn clean_fluoro() -> ClaimDraft {
    ClaimDraft {
        diagnoses: vec!["M48.062".into()],
        place_of_service: "24".into(),
        lines: vec![line("62284", &[], 1, &[1]), line("77003", &["26"], 1, &[1])],
        ..clean_ct()
    }
}

fn check(draft: &ClaimDraft) -> Vec<Finding> {
    let reference = Reference::embedded().expect("embedded reference loads");
    rules::validate_at(draft, &reference, today())
}

/// As `check`, with a reference that has only the curated diagnoses (no ICD-10-CM code sets).
fn check_curated(draft: &ClaimDraft) -> Vec<Finding> {
    let reference = Reference::embedded()
        .expect("embedded reference loads")
        .without_icd10cm();
    rules::validate_at(draft, &reference, today())
}

fn fired(findings: &[Finding], rule: &str) -> Vec<Severity> {
    findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.severity)
        .collect()
}

struct Case {
    name: &'static str,
    rule: &'static str,
    /// `Some(severity)`: the rule fires with it; `None`: the rule stays quiet.
    expect: Option<Severity>,
    draft: ClaimDraft,
    /// Check with only the curated diagnoses, as a reference folder without `icd10cm/`.
    curated_only: bool,
}

impl Case {
    fn curated_only(mut self) -> Case {
        self.curated_only = true;
        self
    }
}

fn fires(name: &'static str, rule: &'static str, severity: Severity, draft: ClaimDraft) -> Case {
    Case {
        name,
        rule,
        expect: Some(severity),
        draft,
        curated_only: false,
    }
}

fn quiet(name: &'static str, rule: &'static str, draft: ClaimDraft) -> Case {
    Case {
        name,
        rule,
        expect: None,
        draft,
        curated_only: false,
    }
}

fn with(base: ClaimDraft, change: impl FnOnce(&mut ClaimDraft)) -> ClaimDraft {
    let mut draft = base;
    change(&mut draft);
    draft
}

fn cases() -> Vec<Case> {
    use Severity::*;
    let ct = clean_ct;
    let fl = clean_fluoro;
    vec![
        // Guidance never standalone.
        fires(
            "77012 alone",
            "GUIDANCE_STANDALONE",
            Error,
            with(ct(), |d| d.lines.remove(0).code.clear()),
        ),
        fires(
            "77003 alone",
            "GUIDANCE_STANDALONE",
            Error,
            with(fl(), |d| d.lines.remove(0).code.clear()),
        ),
        fires(
            "77014 alone",
            "GUIDANCE_STANDALONE",
            Error,
            with(ct(), |d| d.lines = vec![line("77014", &["26"], 1, &[1])]),
        ),
        quiet("77012 with its biopsy", "GUIDANCE_STANDALONE", ct()),
        // Two modalities.
        fires(
            "US + CT, no modifier",
            "GUIDANCE_MULTIPLE_MODALITIES",
            Error,
            with(ct(), |d| d.lines.push(line("76942", &["26"], 1, &[1]))),
        ),
        fires(
            "CT + fluoro, XS",
            "GUIDANCE_MULTIPLE_MODALITIES",
            Warning,
            with(ct(), |d| {
                d.lines.push(line("77002", &["26", "XS"], 1, &[1]))
            }),
        ),
        fires(
            "CT + MR, 59",
            "GUIDANCE_MULTIPLE_MODALITIES",
            Warning,
            with(ct(), |d| {
                d.lines.push(line("77021", &["26", "59"], 1, &[1]))
            }),
        ),
        quiet("one modality", "GUIDANCE_MULTIPLE_MODALITIES", ct()),
        // One session per target.
        fires(
            "2 units",
            "GUIDANCE_UNITS",
            Error,
            with(ct(), |d| d.lines[1].units = 2),
        ),
        fires(
            "2 units with XU",
            "GUIDANCE_UNITS",
            Warning,
            with(ct(), |d| {
                d.lines[1].units = 2;
                d.lines[1].modifiers.push("XU".into())
            }),
        ),
        fires(
            "second line, no modifier",
            "GUIDANCE_UNITS",
            Error,
            with(ct(), |d| d.lines.push(line("77012", &["26"], 1, &[1]))),
        ),
        fires(
            "second line, 59",
            "GUIDANCE_UNITS",
            Warning,
            with(ct(), |d| {
                d.lines.push(line("77012", &["26", "59"], 1, &[1]))
            }),
        ),
        fires(
            "second line, XP is not a lesion modifier",
            "GUIDANCE_UNITS",
            Error,
            with(ct(), |d| {
                d.lines.push(line("77012", &["26", "XP"], 1, &[1]))
            }),
        ),
        quiet("one unit", "GUIDANCE_UNITS", ct()),
        // Guidance included in the primary.
        fires(
            "62323 + 77003",
            "GUIDANCE_INCLUDED_IN_PRIMARY",
            Error,
            with(fl(), |d| d.lines[0].code = "62323".into()),
        ),
        fires(
            "62320 + 77003 (use 62321)",
            "GUIDANCE_INCLUDED_IN_PRIMARY",
            Error,
            with(fl(), |d| d.lines[0].code = "62320".into()),
        ),
        fires(
            "64483 + 77003",
            "GUIDANCE_INCLUDED_IN_PRIMARY",
            Error,
            with(fl(), |d| d.lines[0].code = "64483".into()),
        ),
        fires(
            "32408 + 77012",
            "GUIDANCE_INCLUDED_IN_PRIMARY",
            Error,
            with(ct(), |d| d.lines[0].code = "32408".into()),
        ),
        fires(
            "10009 + 77012",
            "GUIDANCE_INCLUDED_IN_PRIMARY",
            Error,
            with(ct(), |d| d.lines[0].code = "10009".into()),
        ),
        fires(
            "49406 + 77012",
            "GUIDANCE_INCLUDED_IN_PRIMARY",
            Error,
            with(ct(), |d| d.lines[0].code = "49406".into()),
        ),
        fires(
            "22513 + 77012",
            "GUIDANCE_INCLUDED_IN_PRIMARY",
            Error,
            with(ct(), |d| d.lines[0].code = "22513".into()),
        ),
        fires(
            "20611 + 76942",
            "GUIDANCE_INCLUDED_IN_PRIMARY",
            Error,
            with(ct(), |d| {
                d.lines = vec![line("20611", &[], 1, &[1]), line("76942", &["26"], 1, &[1])]
            }),
        ),
        fires(
            "62270 + 77003",
            "GUIDANCE_INCLUDED_IN_PRIMARY",
            Error,
            with(fl(), |d| d.lines[0].code = "62270".into()),
        ),
        fires(
            "64447 + 77003",
            "GUIDANCE_INCLUDED_IN_PRIMARY",
            Error,
            with(fl(), |d| d.lines[0].code = "64447".into()),
        ),
        quiet(
            "62270 + 77012 (the 62270 row is for 77003 only)",
            "GUIDANCE_INCLUDED_IN_PRIMARY",
            with(ct(), |d| d.lines[0].code = "62270".into()),
        ),
        quiet(
            "20610 + 77002",
            "GUIDANCE_INCLUDED_IN_PRIMARY",
            with(ct(), |d| {
                d.lines = vec![line("20610", &[], 1, &[1]), line("77002", &["26"], 1, &[1])]
            }),
        ),
        quiet("47000 + 77012", "GUIDANCE_INCLUDED_IN_PRIMARY", ct()),
        // 77003's family.
        fires(
            "47000 + 77003",
            "FLUORO_77003_PRIMARY",
            Warning,
            with(ct(), |d| d.lines[1].code = "77003".into()),
        ),
        quiet("62284 + 77003", "FLUORO_77003_PRIMARY", fl()),
        quiet(
            "64520 + 77003",
            "FLUORO_77003_PRIMARY",
            with(fl(), |d| d.lines[0].code = "64520".into()),
        ),
        quiet(
            "62323 + 77003 is the bundling error, not this",
            "FLUORO_77003_PRIMARY",
            with(fl(), |d| d.lines[0].code = "62323".into()),
        ),
        // 77014 versus 77012.
        fires(
            "77014 with liver biopsy",
            "CT_77014_NEEDLE",
            Warning,
            with(ct(), |d| d.lines[1].code = "77014".into()),
        ),
        quiet("77012 with liver biopsy", "CT_77014_NEEDLE", ct()),
        quiet(
            "77014 with treatment delivery",
            "CT_77014_NEEDLE",
            with(ct(), |d| d.lines[0].code = "77412".into()),
        ),
        fires(
            "77014 in 2026",
            "GUIDANCE_STATUS_VERIFY",
            Info,
            with(ct(), |d| d.lines[1].code = "77014".into()),
        ),
        quiet(
            "77014 in 2025",
            "GUIDANCE_STATUS_VERIFY",
            with(ct(), |d| {
                d.lines[1].code = "77014".into();
                d.date_of_service = "2025-12-31".into()
            }),
        ),
        quiet("77012 in 2026", "GUIDANCE_STATUS_VERIFY", ct()),
        // Modifiers.
        fires(
            "26 and TC",
            "MODIFIER_26_TC",
            Error,
            with(ct(), |d| d.lines[1].modifiers.push("TC".into())),
        ),
        quiet("26 alone", "MODIFIER_26_TC", ct()),
        fires(
            "59 with XU",
            "MODIFIER_59_WITH_X",
            Error,
            with(ct(), |d| {
                d.lines[1].modifiers.extend(["59".into(), "XU".into()])
            }),
        ),
        quiet(
            "XU alone",
            "MODIFIER_59_WITH_X",
            with(ct(), |d| d.lines[1].modifiers.push("XU".into())),
        ),
        fires(
            "unknown modifier",
            "MODIFIER_UNKNOWN",
            Error,
            with(ct(), |d| d.lines[1].modifiers.push("Q9".into())),
        ),
        quiet(
            "lower-case known modifier",
            "MODIFIER_UNKNOWN",
            with(ct(), |d| {
                d.lines[1].modifiers = vec!["26".into(), "xs".into()]
            }),
        ),
        fires(
            "modifier twice",
            "MODIFIER_DUPLICATE",
            Warning,
            with(ct(), |d| d.lines[1].modifiers.push("26".into())),
        ),
        quiet("modifier once", "MODIFIER_DUPLICATE", ct()),
        fires(
            "POS 22 without 26",
            "FACILITY_NEEDS_26",
            Warning,
            with(ct(), |d| d.lines[1].modifiers.clear()),
        ),
        fires(
            "POS 24 with TC only",
            "FACILITY_NEEDS_26",
            Warning,
            with(fl(), |d| d.lines[1].modifiers = vec!["TC".into()]),
        ),
        quiet(
            "POS 11 global billing",
            "FACILITY_NEEDS_26",
            with(ct(), |d| {
                d.place_of_service = "11".into();
                d.lines[1].modifiers.clear()
            }),
        ),
        quiet("POS 22 with 26", "FACILITY_NEEDS_26", ct()),
        // Diagnoses.
        fires(
            "no diagnosis",
            "DX_NONE",
            Error,
            with(ct(), |d| d.diagnoses.clear()),
        ),
        quiet("one diagnosis", "DX_NONE", ct()),
        fires(
            "13 diagnoses",
            "DX_TOO_MANY",
            Error,
            with(ct(), |d| {
                d.diagnoses = (0..13).map(|i| format!("C78.{i}")).collect()
            }),
        ),
        quiet(
            "12 diagnoses",
            "DX_TOO_MANY",
            with(ct(), |d| {
                d.diagnoses = (0..12).map(|i| format!("C78.{i}")).collect()
            }),
        ),
        fires(
            "malformed diagnosis",
            "DX_FORMAT",
            Error,
            with(ct(), |d| d.diagnoses[0] = "78.7".into()),
        ),
        fires(
            "empty diagnosis",
            "DX_FORMAT",
            Error,
            with(ct(), |d| d.diagnoses[0] = " ".into()),
        ),
        quiet(
            "lower case, no dot",
            "DX_FORMAT",
            with(ct(), |d| d.diagnoses[0] = "c787".into()),
        ),
        fires(
            "diagnosis twice",
            "DX_DUPLICATE",
            Warning,
            with(ct(), |d| d.diagnoses.push("c78.7".into())),
        ),
        quiet(
            "distinct diagnoses",
            "DX_DUPLICATE",
            with(ct(), |d| d.diagnoses.push("R91.1".into())),
        ),
        fires(
            "M54.5 on 2021-10-01",
            "DX_NOT_BILLABLE",
            Error,
            with(fl(), |d| {
                d.diagnoses[0] = "M54.5".into();
                d.date_of_service = "2021-10-01".into()
            }),
        ),
        quiet(
            "M54.5 on 2021-09-30",
            "DX_NOT_BILLABLE",
            with(fl(), |d| {
                d.diagnoses[0] = "M54.5".into();
                d.date_of_service = "2021-09-30".into()
            }),
        ),
        quiet(
            "M54.50 on 2021-10-01",
            "DX_NOT_BILLABLE",
            with(fl(), |d| {
                d.diagnoses[0] = "M54.50".into();
                d.date_of_service = "2021-10-01".into()
            }),
        ),
        fires(
            "M48.06 in 2026",
            "DX_NOT_BILLABLE",
            Error,
            with(fl(), |d| d.diagnoses[0] = "M48.06".into()),
        ),
        quiet(
            "M48.06 on 2017-09-30",
            "DX_NOT_BILLABLE",
            with(fl(), |d| {
                d.diagnoses[0] = "M48.06".into();
                d.date_of_service = "2017-09-30".into()
            }),
        ),
        fires(
            "M89.75 header",
            "DX_NOT_BILLABLE",
            Error,
            with(ct(), |d| d.diagnoses[0] = "M89.75".into()),
        ),
        quiet(
            "M89.751",
            "DX_NOT_BILLABLE",
            with(ct(), |d| d.diagnoses[0] = "M89.751".into()),
        ),
        fires(
            "unknown diagnosis, curated list only",
            "DX_UNKNOWN",
            Info,
            with(ct(), |d| d.diagnoses.push("Z99.89".into())),
        )
        .curated_only(),
        quiet("known diagnosis, curated list only", "DX_UNKNOWN", ct()).curated_only(),
        quiet(
            "with the code sets an unknown code is not DX_UNKNOWN",
            "DX_UNKNOWN",
            with(ct(), |d| d.diagnoses.push("Z99.999".into())),
        ),
        fires(
            "M54.5 on 2021-10-01, curated list only",
            "DX_NOT_BILLABLE",
            Error,
            with(fl(), |d| {
                d.diagnoses[0] = "M54.5".into();
                d.date_of_service = "2021-10-01".into()
            }),
        )
        .curated_only(),
        fires(
            "made-up code",
            "DX_NOT_IN_CODE_SET",
            Error,
            with(ct(), |d| d.diagnoses.push("Z99.999".into())),
        ),
        fires(
            "deleted by 2025",
            "DX_NOT_IN_CODE_SET",
            Error,
            with(ct(), |d| {
                d.diagnoses.push("T40.7X1A".into());
                d.date_of_service = "2025-06-01".into()
            }),
        ),
        quiet(
            "in FY2021",
            "DX_NOT_IN_CODE_SET",
            with(ct(), |d| {
                d.diagnoses.push("T40.7X1A".into());
                d.date_of_service = "2021-06-01".into()
            }),
        ),
        quiet("valid code", "DX_NOT_IN_CODE_SET", ct()),
        fires(
            "G35 changed between the 2025 and 2026 releases",
            "DX_NOT_BILLABLE",
            Warning,
            with(ct(), |d| {
                d.diagnoses.push("G35".into());
                d.date_of_service = "2026-03-01".into()
            }),
        ),
        quiet(
            "G35 in April 2025",
            "DX_NOT_BILLABLE",
            with(ct(), |d| {
                d.diagnoses.push("G35".into());
                d.date_of_service = "2025-05-01".into()
            }),
        ),
        fires(
            "date between releases",
            "DX_RELEASE_NEAREST",
            Info,
            with(ct(), |d| d.date_of_service = "2026-03-14".into()),
        ),
        quiet(
            "date in the April 2026 release",
            "DX_RELEASE_NEAREST",
            with(ct(), |d| d.date_of_service = "2026-05-01".into()),
        ),
        fires(
            "no listed indication",
            "DX_INDICATION",
            Info,
            with(ct(), |d| d.diagnoses[0] = "M17.11".into()),
        ),
        quiet("listed indication", "DX_INDICATION", ct()),
        quiet(
            "child of a listed indication",
            "DX_INDICATION",
            with(ct(), |d| d.diagnoses[0] = "M48.061".into()),
        ),
        // Pointers.
        fires(
            "pointer to diagnosis 3 of 1",
            "POINTER_MISSING_DIAGNOSIS",
            Error,
            with(ct(), |d| d.lines[0].diagnosis_pointers = vec![3]),
        ),
        fires(
            "pointer 0",
            "POINTER_MISSING_DIAGNOSIS",
            Error,
            with(ct(), |d| d.lines[0].diagnosis_pointers = vec![0]),
        ),
        quiet("pointer 1 of 1", "POINTER_MISSING_DIAGNOSIS", ct()),
        fires(
            "no pointer",
            "POINTER_NONE",
            Error,
            with(ct(), |d| d.lines[1].diagnosis_pointers.clear()),
        ),
        quiet("a pointer", "POINTER_NONE", ct()),
        fires(
            "five pointers",
            "POINTER_TOO_MANY",
            Error,
            with(ct(), |d| {
                d.diagnoses = ["C78.7", "R91.1", "C34.90", "J86.9", "N28.89"]
                    .map(String::from)
                    .to_vec();
                d.lines[0].diagnosis_pointers = vec![1, 2, 3, 4, 5]
            }),
        ),
        quiet(
            "four pointers",
            "POINTER_TOO_MANY",
            with(ct(), |d| {
                d.diagnoses = ["C78.7", "R91.1", "C34.90", "J86.9"]
                    .map(String::from)
                    .to_vec();
                d.lines[0].diagnosis_pointers = vec![1, 2, 3, 4]
            }),
        ),
        fires(
            "pointer twice",
            "POINTER_DUPLICATE",
            Warning,
            with(ct(), |d| d.lines[0].diagnosis_pointers = vec![1, 1]),
        ),
        quiet("pointer once", "POINTER_DUPLICATE", ct()),
        // Codes, lines, units.
        fires(
            "four-digit code",
            "CODE_FORMAT",
            Error,
            with(ct(), |d| d.lines[0].code = "4700".into()),
        ),
        fires(
            "empty code",
            "CODE_FORMAT",
            Error,
            with(ct(), |d| d.lines[0].code = "".into()),
        ),
        quiet(
            "Category III form",
            "CODE_FORMAT",
            with(ct(), |d| d.lines.push(line("0628T", &[], 1, &[1]))),
        ),
        fires(
            "unknown code",
            "CODE_UNKNOWN",
            Info,
            with(ct(), |d| d.lines.push(line("99213", &[], 1, &[1]))),
        ),
        quiet("known codes", "CODE_UNKNOWN", ct()),
        fires(
            "no lines",
            "LINES_NONE",
            Error,
            with(ct(), |d| d.lines.clear()),
        ),
        quiet("two lines", "LINES_NONE", ct()),
        fires(
            "0 units",
            "UNITS_MIN",
            Error,
            with(ct(), |d| d.lines[0].units = 0),
        ),
        quiet("1 unit", "UNITS_MIN", ct()),
        // Date and place of service.
        fires(
            "no date",
            "DOS_MISSING",
            Error,
            with(ct(), |d| d.date_of_service.clear()),
        ),
        fires(
            "no such day",
            "DOS_MISSING",
            Error,
            with(ct(), |d| d.date_of_service = "2026-02-30".into()),
        ),
        fires(
            "US date order",
            "DOS_MISSING",
            Error,
            with(ct(), |d| d.date_of_service = "03/14/2026".into()),
        ),
        quiet("valid date", "DOS_MISSING", ct()),
        fires(
            "tomorrow",
            "DOS_FUTURE",
            Warning,
            with(ct(), |d| d.date_of_service = "2026-11-23".into()),
        ),
        quiet(
            "today",
            "DOS_FUTURE",
            with(ct(), |d| d.date_of_service = "2026-11-22".into()),
        ),
        fires(
            "no place of service",
            "POS_UNKNOWN",
            Error,
            with(ct(), |d| d.place_of_service.clear()),
        ),
        fires(
            "unassigned place of service",
            "POS_UNKNOWN",
            Error,
            with(ct(), |d| d.place_of_service = "30".into()),
        ),
        quiet(
            "office",
            "POS_UNKNOWN",
            with(ct(), |d| d.place_of_service = "11".into()),
        ),
        // Documentation.
        fires(
            "necessity",
            "DOC_MEDICAL_NECESSITY",
            Warning,
            with(ct(), |d| d.documentation.medical_necessity = false),
        ),
        fires(
            "target",
            "DOC_TARGET_SITE",
            Warning,
            with(ct(), |d| d.documentation.target_site = "  ".into()),
        ),
        fires(
            "procedure",
            "DOC_PROCEDURE",
            Warning,
            with(ct(), |d| d.documentation.procedure_performed = false),
        ),
        fires(
            "S&I",
            "DOC_SUPERVISION",
            Warning,
            with(fl(), |d| {
                d.documentation.supervision_and_interpretation = false
            }),
        ),
        quiet("all documented", "DOC_MEDICAL_NECESSITY", ct()),
        quiet("target documented", "DOC_TARGET_SITE", ct()),
        quiet("procedure documented", "DOC_PROCEDURE", fl()),
        quiet(
            "no guidance, no documentation asked",
            "DOC_SUPERVISION",
            with(ct(), |d| {
                d.lines.truncate(1);
                d.documentation = Documentation::default()
            }),
        ),
    ]
}

#[test]
fn each_rule_fires_and_stays_quiet() {
    let mut failures = Vec::new();
    for case in cases() {
        let findings = if case.curated_only {
            check_curated(&case.draft)
        } else {
            check(&case.draft)
        };
        let got = fired(&findings, case.rule);
        let ok = match case.expect {
            Some(severity) => got.contains(&severity),
            None => got.is_empty(),
        };
        if !ok {
            failures.push(format!(
                "{} / {}: expected {:?}, got {:?}\n    all: {:#?}",
                case.name,
                case.rule,
                case.expect,
                got,
                findings
                    .iter()
                    .map(|f| format!("{} {}: {}", f.severity, f.rule, f.message))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_a_firing_case_and_a_quiet_case() {
    let cases = cases();
    for rule in rules::RULE_IDS {
        assert!(
            cases.iter().any(|c| c.rule == *rule && c.expect.is_some()),
            "{rule} has no case where it fires"
        );
        assert!(
            cases.iter().any(|c| c.rule == *rule && c.expect.is_none()),
            "{rule} has no case where it stays quiet"
        );
    }
}

#[test]
fn clean_claims_have_no_error_or_warning() {
    for draft in [clean_ct(), clean_fluoro()] {
        let findings = check(&draft);
        let serious: Vec<_> = findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .collect();
        assert!(serious.is_empty(), "{serious:#?}");
    }
}

#[test]
fn messages_name_the_codes_involved() {
    let findings = check(&with(clean_fluoro(), |d| d.lines[0].code = "62320".into()));
    let bundled = findings
        .iter()
        .find(|f| f.rule == "GUIDANCE_INCLUDED_IN_PRIMARY")
        .expect("fires");
    for code in ["77003", "62320", "62321"] {
        assert!(bundled.message.contains(code), "{}", bundled.message);
    }
    let findings = check(&with(clean_fluoro(), |d| {
        d.diagnoses[0] = "m545".into();
        d.date_of_service = "2026-01-02".into()
    }));
    let dx = findings
        .iter()
        .find(|f| f.rule == "DX_NOT_BILLABLE")
        .expect("fires");
    for code in ["M54.5", "M54.50", "M54.51", "M54.59"] {
        assert!(dx.message.contains(code), "{}", dx.message);
    }
}

#[test]
fn findings_come_sorted_by_severity() {
    let findings = check(&with(clean_ct(), |d| {
        d.lines[1].code = "77014".into();
        d.lines[0].units = 0
    }));
    let severities: Vec<Severity> = findings.iter().map(|f| f.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort();
    assert_eq!(severities, sorted);
    assert!(severities.len() >= 3);
}
