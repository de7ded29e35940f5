//! The guidance-code chooser: every path of the decision, table-driven, and proof that the
//! chooser and the validator agree: the claim the chooser builds has no error finding, and adding
//! a guidance code the chooser calls "included" raises GUIDANCE_INCLUDED_IN_PRIMARY.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use cpt_guidance::chooser::{self, Answer, ModifierWhen, Node, Outcome, Question};
use cpt_guidance::claim::{ClaimDraft, Documentation, ServiceLine};
use cpt_guidance::date::Date;
use cpt_guidance::reference::{Modality, Reference};
use cpt_guidance::rules::{self, Finding, ReferenceLink, Severity};

fn reference() -> Reference {
    Reference::embedded().unwrap()
}

fn today() -> Date {
    Date::new(2026, 3, 31).unwrap()
}

fn ask(
    reference: &Reference,
    modality: Modality,
    spine: bool,
    primary: &str,
    pos: Option<&str>,
) -> Answer {
    chooser::choose(
        reference,
        &Question {
            modality,
            spine,
            primary: primary.to_string(),
            place_of_service: pos.map(str::to_string),
        },
    )
}

/// A complete claim: one diagnosis, documentation confirmed, the given lines.
fn claim(pos: &str, lines: &[(&str, Vec<String>)]) -> ClaimDraft {
    ClaimDraft {
        title: "chooser consistency".into(),
        date_of_service: "2026-03-14".into(),
        place_of_service: pos.into(),
        diagnoses: vec!["C78.7".into()],
        lines: lines
            .iter()
            .map(|(code, modifiers)| ServiceLine {
                code: code.to_string(),
                modifiers: modifiers.clone(),
                units: 1,
                diagnosis_pointers: vec![1],
            })
            .collect(),
        documentation: Documentation {
            medical_necessity: true,
            target_site: "target lesion".into(),
            procedure_performed: true,
            supervision_and_interpretation: true,
        },
        ..ClaimDraft::default()
    }
}

fn errors(findings: &[Finding]) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

fn has_rule(findings: &[Finding], rule: &str) -> bool {
    findings.iter().any(|f| f.rule == rule)
}

/// What a path must conclude.
#[derive(Debug)]
enum Expect {
    Report(&'static str),
    Included {
        guidance: &'static str,
        use_instead: Option<&'static str>,
    },
    Unknown {
        code_if_separate: Option<&'static str>,
    },
}

struct Case {
    name: &'static str,
    modality: Modality,
    spine: bool,
    primary: &'static str,
    pos: Option<&'static str>,
    expect: Expect,
    /// Modifiers the answer tells to add.
    add: &'static [&'static str],
    /// A caution on the path (77003 with an unlisted primary, an unknown code).
    caution: bool,
    consider_instead: Option<&'static str>,
    /// Diagram boxes the path visits, in order.
    nodes: &'static [Node],
    /// Rule ids the path names.
    rules: &'static [&'static str],
}

const REPORT_NODES_CT: &[Node] = &[
    Node::Primary,
    Node::Modality,
    Node::NeedleNotRadiationFields,
    Node::IncludedInPrimary,
    Node::PlaceOfService,
];
const REPORT_NODES: &[Node] = &[
    Node::Primary,
    Node::Modality,
    Node::IncludedInPrimary,
    Node::PlaceOfService,
];
const REPORT_NODES_FLUORO: &[Node] = &[
    Node::Primary,
    Node::Modality,
    Node::SpineTarget,
    Node::IncludedInPrimary,
    Node::PlaceOfService,
];
const REPORT_NODES_77003: &[Node] = &[
    Node::Primary,
    Node::Modality,
    Node::SpineTarget,
    Node::IncludedInPrimary,
    Node::Listed77003Primary,
    Node::PlaceOfService,
];
const INCLUDED_NODES: &[Node] = &[Node::Primary, Node::Modality, Node::IncludedInPrimary];
const INCLUDED_NODES_CT: &[Node] = &[
    Node::Primary,
    Node::Modality,
    Node::NeedleNotRadiationFields,
    Node::IncludedInPrimary,
];
const INCLUDED_NODES_FLUORO: &[Node] = &[
    Node::Primary,
    Node::Modality,
    Node::SpineTarget,
    Node::IncludedInPrimary,
];

fn cases() -> Vec<Case> {
    use Modality::*;
    vec![
        Case {
            name: "CT liver biopsy in the hospital: 77012-26, never 77014",
            modality: Ct,
            spine: false,
            primary: "47000",
            pos: Some("22"),
            expect: Expect::Report("77012"),
            add: &["26"],
            caution: false,
            consider_instead: None,
            nodes: REPORT_NODES_CT,
            rules: &[
                "CT_77014_NEEDLE",
                "GUIDANCE_INCLUDED_IN_PRIMARY",
                "FACILITY_NEEDS_26",
            ],
        },
        Case {
            name: "CT biopsy in the office: 77012 global",
            modality: Ct,
            spine: false,
            primary: "47000",
            pos: Some("11"),
            expect: Expect::Report("77012"),
            add: &[],
            caution: false,
            consider_instead: None,
            nodes: REPORT_NODES_CT,
            rules: &["CT_77014_NEEDLE", "FACILITY_NEEDS_26"],
        },
        Case {
            name: "CT, spine target, no place of service: 77012, 26 only in a facility",
            modality: Ct,
            spine: true,
            primary: "20225",
            pos: None,
            expect: Expect::Report("77012"),
            add: &[],
            caution: false,
            consider_instead: None,
            nodes: REPORT_NODES_CT,
            rules: &["CT_77014_NEEDLE", "FACILITY_NEEDS_26"],
        },
        Case {
            name: "CT lung core biopsy 32408 includes guidance",
            modality: Ct,
            spine: false,
            primary: "32408",
            pos: Some("22"),
            expect: Expect::Included {
                guidance: "77012",
                use_instead: None,
            },
            add: &[],
            caution: false,
            consider_instead: None,
            nodes: INCLUDED_NODES_CT,
            rules: &["CT_77014_NEEDLE", "GUIDANCE_INCLUDED_IN_PRIMARY"],
        },
        Case {
            name: "CT-guided FNA 10009 includes guidance",
            modality: Ct,
            spine: false,
            primary: "10009",
            pos: Some("22"),
            expect: Expect::Included {
                guidance: "77012",
                use_instead: None,
            },
            add: &[],
            caution: false,
            consider_instead: None,
            nodes: INCLUDED_NODES_CT,
            rules: &["GUIDANCE_INCLUDED_IN_PRIMARY"],
        },
        Case {
            name: "CT with the with-guidance epidural 62321: included",
            modality: Ct,
            spine: true,
            primary: "62321",
            pos: Some("24"),
            expect: Expect::Included {
                guidance: "77012",
                use_instead: None,
            },
            add: &[],
            caution: false,
            consider_instead: None,
            nodes: INCLUDED_NODES_CT,
            rules: &["GUIDANCE_INCLUDED_IN_PRIMARY"],
        },
        Case {
            name: "fluoroscopy, spine, myelography 62284: 77003-26",
            modality: Fluoroscopy,
            spine: true,
            primary: "62284",
            pos: Some("22"),
            expect: Expect::Report("77003"),
            add: &["26"],
            caution: false,
            consider_instead: None,
            nodes: REPORT_NODES_77003,
            rules: &[
                "GUIDANCE_INCLUDED_IN_PRIMARY",
                "FLUORO_77003_PRIMARY",
                "FACILITY_NEEDS_26",
            ],
        },
        Case {
            name: "fluoroscopy, spine, unlisted primary 47000: 77003 with a caution, consider 77002",
            modality: Fluoroscopy,
            spine: true,
            primary: "47000",
            pos: Some("11"),
            expect: Expect::Report("77003"),
            add: &[],
            caution: true,
            consider_instead: Some("77002"),
            nodes: REPORT_NODES_77003,
            rules: &["FLUORO_77003_PRIMARY"],
        },
        Case {
            name: "fluoroscopy, spine, epidural without guidance 62320: report 62321 instead",
            modality: Fluoroscopy,
            spine: true,
            primary: "62320",
            pos: Some("22"),
            expect: Expect::Included {
                guidance: "77003",
                use_instead: Some("62321"),
            },
            add: &[],
            caution: false,
            consider_instead: None,
            nodes: INCLUDED_NODES_FLUORO,
            rules: &["GUIDANCE_INCLUDED_IN_PRIMARY"],
        },
        Case {
            name: "fluoroscopy, spine, lumbar puncture 62270: report 62328 instead (77003-only row)",
            modality: Fluoroscopy,
            spine: true,
            primary: "62270",
            pos: Some("22"),
            expect: Expect::Included {
                guidance: "77003",
                use_instead: Some("62328"),
            },
            add: &[],
            caution: false,
            consider_instead: None,
            nodes: INCLUDED_NODES_FLUORO,
            rules: &["GUIDANCE_INCLUDED_IN_PRIMARY"],
        },
        Case {
            name: "fluoroscopy, spine, transforaminal 64483 includes imaging",
            modality: Fluoroscopy,
            spine: true,
            primary: "64483",
            pos: Some("24"),
            expect: Expect::Included {
                guidance: "77003",
                use_instead: None,
            },
            add: &[],
            caution: false,
            consider_instead: None,
            nodes: INCLUDED_NODES_FLUORO,
            rules: &["GUIDANCE_INCLUDED_IN_PRIMARY"],
        },
        Case {
            name: "fluoroscopy, spine, nerve block 64415: excluded from 77003",
            modality: Fluoroscopy,
            spine: true,
            primary: "64415",
            pos: Some("22"),
            expect: Expect::Included {
                guidance: "77003",
                use_instead: None,
            },
            add: &[],
            caution: false,
            consider_instead: None,
            nodes: INCLUDED_NODES_FLUORO,
            rules: &["GUIDANCE_INCLUDED_IN_PRIMARY"],
        },
        Case {
            name: "fluoroscopy, not spine, nerve block 64415: 77002 (the row is for 77003 only)",
            modality: Fluoroscopy,
            spine: false,
            primary: "64415",
            pos: Some("22"),
            expect: Expect::Report("77002"),
            add: &["26"],
            caution: false,
            consider_instead: None,
            nodes: REPORT_NODES_FLUORO,
            rules: &["GUIDANCE_INCLUDED_IN_PRIMARY", "FACILITY_NEEDS_26"],
        },
        Case {
            name: "fluoroscopy, not spine, large joint 20610: 77002",
            modality: Fluoroscopy,
            spine: false,
            primary: "20610",
            pos: Some("11"),
            expect: Expect::Report("77002"),
            add: &[],
            caution: false,
            consider_instead: None,
            nodes: REPORT_NODES_FLUORO,
            rules: &["GUIDANCE_INCLUDED_IN_PRIMARY"],
        },
        Case {
            name: "fluoroscopy, not spine, SI joint 27096 includes imaging",
            modality: Fluoroscopy,
            spine: false,
            primary: "27096",
            pos: Some("11"),
            expect: Expect::Included {
                guidance: "77002",
                use_instead: None,
            },
            add: &[],
            caution: false,
            consider_instead: None,
            nodes: INCLUDED_NODES_FLUORO,
            rules: &["GUIDANCE_INCLUDED_IN_PRIMARY"],
        },
        Case {
            name: "ultrasound thyroid biopsy 60100: 76942-26",
            modality: Ultrasound,
            spine: false,
            primary: "60100",
            pos: Some("19"),
            expect: Expect::Report("76942"),
            add: &["26"],
            caution: false,
            consider_instead: None,
            nodes: REPORT_NODES,
            rules: &["GUIDANCE_INCLUDED_IN_PRIMARY", "FACILITY_NEEDS_26"],
        },
        Case {
            name: "ultrasound arthrocentesis 20604 includes ultrasound",
            modality: Ultrasound,
            spine: false,
            primary: "20604",
            pos: Some("11"),
            expect: Expect::Included {
                guidance: "76942",
                use_instead: None,
            },
            add: &[],
            caution: false,
            consider_instead: None,
            nodes: INCLUDED_NODES,
            rules: &["GUIDANCE_INCLUDED_IN_PRIMARY"],
        },
        Case {
            name: "MR renal biopsy 50200: 77021",
            modality: Mr,
            spine: false,
            primary: "50200",
            pos: Some("21"),
            expect: Expect::Report("77021"),
            add: &["26"],
            caution: false,
            consider_instead: None,
            nodes: REPORT_NODES,
            rules: &["GUIDANCE_INCLUDED_IN_PRIMARY", "FACILITY_NEEDS_26"],
        },
        Case {
            name: "MR breast biopsy 19085 includes guidance",
            modality: Mr,
            spine: false,
            primary: "19085",
            pos: Some("22"),
            expect: Expect::Included {
                guidance: "77021",
                use_instead: None,
            },
            add: &[],
            caution: false,
            consider_instead: None,
            nodes: INCLUDED_NODES,
            rules: &["GUIDANCE_INCLUDED_IN_PRIMARY"],
        },
        Case {
            name: "unknown primary: no answer, 77012 if separately reportable",
            modality: Ct,
            spine: false,
            primary: "99999",
            pos: Some("22"),
            expect: Expect::Unknown {
                code_if_separate: Some("77012"),
            },
            add: &[],
            caution: true,
            consider_instead: None,
            nodes: &[
                Node::Primary,
                Node::Modality,
                Node::NeedleNotRadiationFields,
            ],
            rules: &["CODE_UNKNOWN"],
        },
        Case {
            name: "a guidance code as the primary: no answer",
            modality: Ct,
            spine: false,
            primary: "77012",
            pos: None,
            expect: Expect::Unknown {
                code_if_separate: None,
            },
            add: &[],
            caution: true,
            consider_instead: None,
            nodes: &[
                Node::Primary,
                Node::Modality,
                Node::NeedleNotRadiationFields,
            ],
            rules: &["GUIDANCE_STANDALONE"],
        },
        Case {
            name: "a radiation-oncology primary: no answer, points to 77014",
            modality: Ct,
            spine: false,
            primary: "77280",
            pos: None,
            expect: Expect::Unknown {
                code_if_separate: Some("77012"),
            },
            add: &[],
            caution: true,
            consider_instead: None,
            nodes: &[
                Node::Primary,
                Node::Modality,
                Node::NeedleNotRadiationFields,
            ],
            rules: &["CT_77014_NEEDLE"],
        },
    ]
}

#[test]
fn every_path_concludes_as_the_table_says() {
    let reference = reference();
    for case in cases() {
        let answer = ask(
            &reference,
            case.modality,
            case.spine,
            case.primary,
            case.pos,
        );
        let name = case.name;
        match (&case.expect, &answer.outcome) {
            (Expect::Report(code), Outcome::Report { code: got }) => {
                assert_eq!(got, code, "{name}");
                assert_eq!(answer.code(), Some(*code), "{name}");
            }
            (
                Expect::Included {
                    guidance,
                    use_instead,
                },
                Outcome::Included {
                    guidance: got,
                    use_instead: got_instead,
                    what,
                    source,
                },
            ) => {
                assert_eq!(got, guidance, "{name}");
                assert_eq!(got_instead.as_deref(), *use_instead, "{name}");
                assert!(!what.is_empty() && !source.is_empty(), "{name}");
                assert_eq!(answer.code(), None, "{name}");
                assert!(
                    answer.modifiers.is_empty(),
                    "{name}: no modifiers without a code"
                );
            }
            (
                Expect::Unknown { code_if_separate },
                Outcome::Unknown {
                    reason,
                    code_if_separate: got,
                },
            ) => {
                assert_eq!(got.as_deref(), *code_if_separate, "{name}");
                assert!(!reason.is_empty(), "{name}");
            }
            (expect, got) => panic!("{name}: expected {expect:?}, got {got:?}"),
        }
        assert_eq!(
            answer.modifiers_to_add(),
            case.add.iter().map(|m| m.to_string()).collect::<Vec<_>>(),
            "{name}"
        );
        assert_eq!(answer.has_caution(), case.caution, "{name}");
        assert_eq!(
            answer.consider_instead.as_deref(),
            case.consider_instead,
            "{name}"
        );
        let nodes: Vec<Node> = answer.steps.iter().map(|s| s.node).collect();
        assert_eq!(nodes, case.nodes, "{name}");
        for rule in case.rules {
            assert!(
                answer.steps.iter().any(|s| s.rule == Some(*rule)),
                "{name}: path should name {rule}: {:#?}",
                answer.steps
            );
        }
        assert!(!answer.headline().is_empty(), "{name}");
    }
}

#[test]
fn the_chosen_claim_has_no_error_finding() {
    let reference = reference();
    for case in cases() {
        let answer = ask(
            &reference,
            case.modality,
            case.spine,
            case.primary,
            case.pos,
        );
        let Outcome::Report { code } = &answer.outcome else {
            continue;
        };
        // Without a place of service, check it both outside and inside a facility.
        let settings: Vec<(&str, Vec<String>)> = match case.pos {
            Some(pos) => vec![(pos, answer.modifiers_to_add())],
            None => {
                let if_facility: Vec<String> = answer
                    .modifiers
                    .iter()
                    .filter(|m| m.when == ModifierWhen::IfFacility)
                    .flat_map(|m| m.modifiers.clone())
                    .collect();
                assert_eq!(if_facility, ["26"], "{}", case.name);
                vec![("11", Vec::new()), ("22", if_facility)]
            }
        };
        for (pos, modifiers) in settings {
            let draft = claim(pos, &[(case.primary, Vec::new()), (code, modifiers)]);
            let findings = rules::validate_at(&draft, &reference, today());
            assert!(
                errors(&findings).is_empty(),
                "{} (POS {pos}): {:#?}",
                case.name,
                errors(&findings)
            );
            for quiet in [
                "FACILITY_NEEDS_26",
                "CT_77014_NEEDLE",
                "GUIDANCE_INCLUDED_IN_PRIMARY",
            ] {
                assert!(!has_rule(&findings, quiet), "{}: {quiet}", case.name);
            }
            assert_eq!(
                has_rule(&findings, "FLUORO_77003_PRIMARY"),
                case.caution,
                "{}: the validator warns exactly when the chooser cautions",
                case.name
            );
        }
        if let Some(instead) = &answer.consider_instead {
            let draft = claim("11", &[(case.primary, Vec::new()), (instead, Vec::new())]);
            let findings = rules::validate_at(&draft, &reference, today());
            assert!(errors(&findings).is_empty(), "{}", case.name);
            assert!(
                !has_rule(&findings, "FLUORO_77003_PRIMARY"),
                "{}",
                case.name
            );
        }
    }
}

#[test]
fn adding_guidance_the_chooser_calls_included_is_an_error() {
    let reference = reference();
    for case in cases() {
        let answer = ask(
            &reference,
            case.modality,
            case.spine,
            case.primary,
            case.pos,
        );
        let Outcome::Included {
            guidance,
            use_instead,
            ..
        } = &answer.outcome
        else {
            continue;
        };
        let pos = case.pos.unwrap_or("11");
        let modifiers: Vec<String> = reference
            .place_of_service(pos)
            .filter(|p| p.facility)
            .map(|_| vec!["26".to_string()])
            .unwrap_or_default();
        let with_guidance = claim(pos, &[(case.primary, Vec::new()), (guidance, modifiers)]);
        let findings = rules::validate_at(&with_guidance, &reference, today());
        assert!(
            findings
                .iter()
                .any(|f| f.rule == "GUIDANCE_INCLUDED_IN_PRIMARY" && f.severity == Severity::Error),
            "{}: {findings:#?}",
            case.name
        );
        // What the chooser says to report instead: the primary alone, or its with-guidance code.
        let primary = use_instead.as_deref().unwrap_or(case.primary);
        let alone = claim(pos, &[(primary, Vec::new())]);
        let findings = rules::validate_at(&alone, &reference, today());
        assert!(errors(&findings).is_empty(), "{}: {findings:#?}", case.name);
    }
}

/// Every procedure the reference knows, with every modality and target: the chooser and the
/// validator agree on "included", the CT answer is never 77014, and a reported code's claim has
/// no error.
#[test]
fn chooser_and_validator_agree_on_every_reference_code() {
    let reference = reference();
    let modalities = [
        Modality::Ct,
        Modality::Fluoroscopy,
        Modality::Ultrasound,
        Modality::Mr,
    ];
    let mut reported = 0;
    let mut included = 0;
    for entry in reference.entries() {
        for modality in modalities {
            for spine in [false, true] {
                let answer = ask(&reference, modality, spine, &entry.code, Some("22"));
                let code = match &answer.outcome {
                    Outcome::Report { code } => code.clone(),
                    Outcome::Included { guidance, .. } => guidance.clone(),
                    Outcome::Unknown { .. } => continue,
                };
                assert_ne!(code, "77014", "{}: never 77014 for a needle", entry.code);
                let draft = claim(
                    "22",
                    &[(&entry.code, Vec::new()), (&code, vec!["26".into()])],
                );
                let findings = rules::validate_at(&draft, &reference, today());
                let bundled = has_rule(&findings, "GUIDANCE_INCLUDED_IN_PRIMARY");
                match answer.outcome {
                    Outcome::Report { .. } => {
                        reported += 1;
                        assert!(!bundled, "{} {modality:?}", entry.code);
                        assert!(
                            errors(&findings).is_empty(),
                            "{} {modality:?} spine={spine}: {:#?}",
                            entry.code,
                            errors(&findings)
                        );
                    }
                    _ => {
                        included += 1;
                        assert!(bundled, "{} {modality:?}", entry.code);
                    }
                }
            }
        }
    }
    assert!(
        reported > 50 && included > 50,
        "{reported} reported, {included} included"
    );
}

#[test]
fn steps_cite_rules_and_reference_text_that_exist() {
    let reference = reference();
    for case in cases() {
        let answer = ask(
            &reference,
            case.modality,
            case.spine,
            case.primary,
            case.pos,
        );
        let mut last = 0;
        for step in &answer.steps {
            let position = Node::ALL.iter().position(|n| *n == step.node).unwrap();
            assert!(
                position >= last,
                "{}: steps follow the diagram order",
                case.name
            );
            last = position;
            if let Some(rule) = step.rule {
                assert!(reference.rule(rule).is_some(), "{}: rule {rule}", case.name);
            }
            assert!(
                !step.source.is_empty(),
                "{}: {:?} has a source",
                case.name,
                step.node
            );
            assert!(!step.question.is_empty() && !step.answer.is_empty());
            if let ReferenceLink::Entry { code, .. } = &step.link {
                assert!(
                    reference.entry(code).is_some(),
                    "{}: link to {code}",
                    case.name
                );
            }
        }
        for advice in &answer.modifiers {
            assert!(reference.rule(advice.rule).is_some());
            for modifier in &advice.modifiers {
                assert!(reference.modifier(modifier).is_some(), "{modifier}");
            }
        }
    }
}

#[test]
fn distinct_lesion_and_59_advice_come_from_the_modifier_tables() {
    let reference = reference();
    let answer = ask(&reference, Modality::Ct, false, "47000", Some("22"));
    let distinct = answer
        .modifiers
        .iter()
        .find(|m| m.when == ModifierWhen::IfDistinctLesion)
        .unwrap();
    assert_eq!(
        distinct.modifiers,
        reference.tables.distinct_lesion_modifiers.codes
    );
    let never = answer
        .modifiers
        .iter()
        .find(|m| m.when == ModifierWhen::NeverTogether)
        .unwrap();
    assert_eq!(never.modifiers[0], "59");
    assert_eq!(never.modifiers[1..], reference.tables.x_modifiers.codes[..]);
    assert_eq!(never.rule, "MODIFIER_59_WITH_X");
    // The distinct-lesion modifier on a second line of the same code keeps the claim error-free
    // (a warning asks for documentation), and 59 with an X modifier is an error.
    let second_lesion = claim(
        "22",
        &[
            ("47000", Vec::new()),
            ("77012", vec!["26".into()]),
            ("77012", vec!["26".into(), "XS".into()]),
        ],
    );
    let findings = rules::validate_at(&second_lesion, &reference, today());
    assert!(errors(&findings).is_empty(), "{findings:#?}");
    let both = claim(
        "22",
        &[
            ("47000", Vec::new()),
            ("77012", vec!["26".into(), "59".into(), "XS".into()]),
        ],
    );
    let findings = rules::validate_at(&both, &reference, today());
    assert!(has_rule(&findings, "MODIFIER_59_WITH_X"));
}

#[test]
fn input_is_trimmed_and_case_folded() {
    let reference = reference();
    let answer = ask(&reference, Modality::Ct, false, " 47000 ", Some(" 22 "));
    assert_eq!(answer.question.primary, "47000");
    assert_eq!(answer.question.place_of_service.as_deref(), Some("22"));
    assert_eq!(answer.code(), Some("77012"));
    let blank_pos = ask(&reference, Modality::Ct, false, "47000", Some("  "));
    assert_eq!(blank_pos.question.place_of_service, None);
}

#[test]
fn an_unknown_place_of_service_is_flagged_on_the_path() {
    let reference = reference();
    let answer = ask(&reference, Modality::Ct, false, "47000", Some("98"));
    assert_eq!(answer.code(), Some("77012"));
    let step = answer
        .steps
        .iter()
        .find(|s| s.node == Node::PlaceOfService)
        .unwrap();
    assert_eq!(step.rule, Some("POS_UNKNOWN"));
    assert!(step.caution);
    assert!(answer.modifiers_to_add().is_empty());
}

// ---------------------------------------------------------------------------------------------
// `cpt-guidance which` on the command line.

fn which(args: &[&str]) -> assert_cmd::assert::Assert {
    assert_cmd::Command::cargo_bin("cpt-guidance")
        .unwrap()
        .arg("which")
        .args(args)
        .assert()
}

#[test]
fn which_reports_a_code_with_exit_0() {
    which(&["--modality", "ct", "--primary", "47000", "--pos", "22"])
        .code(0)
        .stdout(predicates::str::contains("Report 77012-26 with 47000."))
        .stdout(predicates::str::contains("CT_77014_NEEDLE"))
        .stdout(predicates::str::contains("FACILITY_NEEDS_26"));
    which(&["--modality", "fluoro", "--spine", "--primary", "62284"])
        .code(0)
        .stdout(predicates::str::contains("Report 77003 with 62284."));
}

#[test]
fn which_exits_1_when_guidance_is_included() {
    which(&["--modality", "fluoroscopy", "--spine", "--primary", "62320"])
        .code(1)
        .stdout(predicates::str::contains("report 62321 instead of 62320"))
        .stdout(predicates::str::contains("GUIDANCE_INCLUDED_IN_PRIMARY"));
}

#[test]
fn which_exits_2_without_an_answer() {
    which(&["--modality", "ct", "--primary", "99999"])
        .code(2)
        .stdout(predicates::str::contains("No answer"));
    which(&["--modality", "ct", "--primary", "47000", "--pos", "98"])
        .code(2)
        .stdout(predicates::str::contains("POS_UNKNOWN"));
    which(&["--modality", "xray", "--primary", "47000"]).code(2);
}

#[test]
fn which_json_carries_the_path_and_the_exit_code() {
    let output = assert_cmd::Command::cargo_bin("cpt-guidance")
        .unwrap()
        .args([
            "which",
            "--modality",
            "us",
            "--primary",
            "60100",
            "--pos",
            "19",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["code"], "76942");
    assert_eq!(json["exit_code"], 0);
    assert_eq!(json["outcome"]["kind"], "report");
    let steps = json["steps"].as_array().unwrap();
    assert_eq!(steps.first().unwrap()["node"], "primary");
    assert!(
        steps
            .iter()
            .all(|s| s["source"].as_str().is_some_and(|t| !t.is_empty()))
    );
    assert!(
        json["modifiers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["when"] == "add" && m["modifiers"][0] == "26")
    );
}
