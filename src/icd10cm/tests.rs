//! Unit tests on small made-up releases; the bundled data are tested in `tests/icd10cm.rs`.

use std::borrow::Cow;

use super::*;

fn d(text: &str) -> Date {
    Date::parse(text).unwrap()
}

const MANIFEST: &str = r#"(
    file: "codes.tsv",
    releases: [
        (id: "old", name: "Old", effective_from: "2020-10-01",
         effective_to: "2021-09-30", source: "test", code_count: 6, billable_count: 5),
        (id: "new", name: "New", effective_from: "2025-04-01",
         effective_to: "2025-09-30", source: "test", code_count: 9, billable_count: 6),
    ],
    curated_changes: [
        (code: "M54.5", becomes_header_on: "2021-10-01", children: ["M54.50", "M54.59"], source: "addenda"),
    ],
    curated_additions: [(code: "J12.82", added_on: "2021-01-01", source: "jan")],
)"#;

/// The two releases as `tools/icd10cm_merge.py split` gives them back.
const OLD: &str = "A00\t0\tCholera\nA000\t1\tCholera due to Vibrio cholerae\nJ1282\t1\tPneumonia due to coronavirus disease 2019\nM545\t1\tLow back pain\nR91\t1\tAbnormal findings on diagnostic imaging of lung\nZ99\t1\tDependence on enabling machines\n";
const NEW: &str = "A00\t0\tCholera\nA000\t1\tCholera due to Vibrio cholerae 01, biovar cholerae\nJ1282\t1\tPneumonia due to coronavirus disease 2019\nM545\t0\tLow back pain\nM5450\t1\tLow back pain, unspecified\nM5459\t1\tOther low back pain\nR91\t0\tAbnormal findings on diagnostic imaging of lung\nR911\t1\tSolitary pulmonary nodule\nR918\t1\tOther nonspecific abnormal finding of lung field\n";

/// Both in the data file's form: a line per (code, title), a mask character per release.
const CODES: &str = "#releases\told\tnew
A00\t00\tCholera
A000\t1.\tCholera due to Vibrio cholerae
A000\t.1\tCholera due to Vibrio cholerae 01, biovar cholerae
J1282\t11\tPneumonia due to coronavirus disease 2019
M545\t10\tLow back pain
M5450\t.1\tLow back pain, unspecified
M5459\t.1\tOther low back pain
R91\t10\tAbnormal findings on diagnostic imaging of lung
R911\t.1\tSolitary pulmonary nodule
R918\t.1\tOther nonspecific abnormal finding of lung field
Z99\t1.\tDependence on enabling machines
";

fn sets() -> CodeSets {
    CodeSets::from_sources("manifest.ron", MANIFEST, |f| match f {
        "codes.tsv" => Ok(Cow::Borrowed(CODES)),
        _ => panic!("unexpected {f}"),
    })
    .unwrap()
}

#[test]
fn normalize_accepts_typed_forms_and_rejects_others() {
    assert_eq!(normalize(" m54.5 ").as_deref(), Some("M545"));
    assert_eq!(normalize("M545").as_deref(), Some("M545"));
    assert_eq!(normalize("r91").as_deref(), Some("R91"));
    assert_eq!(normalize("S72.001A").as_deref(), Some("S72001A"));
    assert_eq!(normalize("c4a.0").as_deref(), Some("C4A0"));
    assert_eq!(normalize("M54."), Some("M54".into()));
    for bad in [
        "",
        "M5",
        "5M4",
        "MM54",
        "M54.5.0",
        "M5.45",
        "M54.50000",
        "M54-5",
        "Ä54",
        "M54 5",
    ] {
        assert_eq!(normalize(bad), None, "{bad}");
    }
}

#[test]
fn dotted_inserts_the_dot_after_three_characters() {
    assert_eq!(dotted("M545"), "M54.5");
    assert_eq!(dotted("S72001A"), "S72.001A");
    assert_eq!(dotted("R91"), "R91");
}

#[test]
fn parse_reports_file_and_line() {
    let manifest = MANIFEST.replace("code_count: 6", "code_count: 7");
    let err = CodeSets::from_sources("m", &manifest, |_| Ok(Cow::Borrowed(CODES))).unwrap_err();
    assert!(
        matches!(err, Icd10Error::CountMismatch { codes: 6, .. }),
        "{err}"
    );

    let header = "#releases\told\tnew\n";
    for (body, line, why) in [
        ("A00\t00\tCholera\nA000\t12\tx\n", 3, "other than 1, 0"),
        (
            "A00\t00\tCholera\nA00\t1.\tx\n",
            3,
            "on two lines for release old",
        ),
        ("A00\t00\tCholera\na000\t11\tx\n", 3, "not a dot-less"),
        ("A00 0 Cholera\n", 2, "expected CODE"),
        ("A00\t00\tCholera\nA000\t11\t\n", 3, "title is empty"),
        ("A01\t11\tx\nA00\t11\ty\n", 3, "sort by code"),
        ("A00\t0\tCholera\n", 2, "1 characters for 2 releases"),
    ] {
        let text = format!("{header}{body}");
        let err =
            CodeSets::from_sources("m", MANIFEST, |_| Ok(Cow::Owned(text.clone()))).unwrap_err();
        match err {
            Icd10Error::Data {
                file,
                line: l,
                message,
            } => {
                assert_eq!((file.as_str(), l), ("codes.tsv", line), "{body:?}");
                assert!(message.contains(why), "{body:?}: {message}");
            }
            other => panic!("{other}"),
        }
    }
    for (first, why) in [
        ("A00\t00\tCholera\n", "expected #releases"),
        (
            "#releases\told\tnewer\n",
            "\"newer\" is not in the manifest",
        ),
        ("#releases\told\n", "\"new\" has no column"),
        ("#releases\told\tnew\told\n", "\"old\" has two columns"),
    ] {
        match CodeSets::from_sources("m", MANIFEST, |_| Ok(Cow::Owned(first.to_string()))) {
            Err(Icd10Error::Data { line, message, .. }) => {
                assert_eq!(line, 1, "{first:?}");
                assert!(message.contains(why), "{first:?}: {message}");
            }
            other => panic!("{first:?}: {other:?}"),
        }
    }
}

#[test]
fn manifest_errors_carry_line_and_column() {
    let broken = MANIFEST.replace("effective_to: \"2021-09-30\"", "effective_to: 2021");
    match CodeSets::from_sources("manifest.ron", &broken, |_| Ok(Cow::Borrowed(""))) {
        Err(Icd10Error::Manifest {
            file, line, column, ..
        }) => {
            assert_eq!((file.as_str(), line), ("manifest.ron", 5));
            assert!(column > 1);
        }
        other => panic!("{other:?}"),
    }
    for outside in ["/", "../codes.tsv", "/etc/hostname", ""] {
        let moved = MANIFEST.replace("file: \"codes.tsv\"", &format!("file: \"{outside}\""));
        assert!(
            matches!(
                CodeSets::from_sources("manifest.ron", &moved, |_| Ok(Cow::Borrowed(CODES))),
                Err(Icd10Error::Invalid { .. })
            ),
            "{outside}"
        );
    }
    let bad_child = MANIFEST.replace("\"M54.59\"", "\"M55.9\"");
    assert!(matches!(
        CodeSets::from_sources("manifest.ron", &bad_child, |_| Ok(Cow::Borrowed(""))),
        Err(Icd10Error::Invalid { .. })
    ));
}

#[test]
fn get_children_and_round_trip() {
    let sets = sets();
    let new = &sets.releases()[1];
    assert_eq!(new.get("m54.5").map(|r| r.billable), Some(false));
    assert_eq!(new.get("M99.9"), None);
    let kids: Vec<_> = new
        .billable_children("R91")
        .iter()
        .map(|r| r.code)
        .collect();
    assert_eq!(kids, ["R911", "R918"]);
    assert_eq!(new.to_tsv(), NEW);
    assert_eq!(sets.releases()[0].to_tsv(), OLD);
    // A code whose title changed is one code in each release, with that release's title.
    assert_eq!(
        sets.releases()[0].get("A00.0").map(|r| r.title),
        Some("Cholera due to Vibrio cholerae")
    );
    assert_eq!(new.len(), 9);
}

#[test]
fn search_by_code_prefix_then_words() {
    let sets = sets();
    let new = &sets.releases()[1];
    let codes = |q: &str, n| new.search(q, n).iter().map(|r| r.code).collect::<Vec<_>>();
    assert_eq!(codes("m54.5", 10), ["M545", "M5450", "M5459"]);
    assert_eq!(codes("M54.5", 2), ["M545", "M5450"]);
    // Billable first, then shorter titles.
    assert_eq!(codes("low back", 10), ["M5459", "M5450", "M545"]);
    assert_eq!(codes("BACK pa", 1), ["M5459"]);
    // Words must start words: "ack" is inside "back" only.
    assert!(codes("ack", 10).is_empty());
    assert!(codes("", 10).is_empty());
    assert!(codes("low", 0).is_empty());
}

#[test]
fn for_date_picks_the_covering_or_nearest_release() {
    let sets = sets();
    let pick = |day| {
        let s = sets.for_date(d(day));
        (s.set.release().id.as_str(), s.in_range)
    };
    assert_eq!(pick("2021-03-01"), ("old", true));
    assert_eq!(pick("2025-09-30"), ("new", true));
    assert_eq!(pick("2019-01-01"), ("old", false));
    assert_eq!(pick("2030-01-01"), ("new", false));
    assert_eq!(pick("2022-01-01"), ("old", false));
    assert_eq!(pick("2025-01-01"), ("new", false));
}

#[test]
fn status_applies_curated_dates_and_brackets() {
    let sets = sets();
    let before = sets.status("M54.5", d("2021-09-30"));
    assert!(before.is_billable());
    assert!(before.in_range);
    let after = sets.status("m545", d("2021-10-01"));
    assert_eq!(after.release_id, "old");
    assert!(!after.in_range);
    assert!(after.curated_source.is_some());
    match after.verdict {
        Verdict::Header {
            billable_children, ..
        } => assert_eq!(
            billable_children,
            [
                (
                    "M54.50".to_string(),
                    "Low back pain, unspecified".to_string()
                ),
                ("M54.59".to_string(), "Other low back pain".to_string())
            ]
        ),
        other => panic!("{other:?}"),
    }
    // A child of a curated change does not exist before the change, and does after.
    assert!(matches!(
        sets.status("M54.50", d("2021-06-01")).verdict,
        Verdict::NotInCodeSet { .. }
    ));
    assert!(sets.status("M54.50", d("2021-10-02")).is_billable());
    // A curated addition.
    assert!(matches!(
        sets.status("J12.82", d("2020-12-31")).verdict,
        Verdict::NotInCodeSet { .. }
    ));
    assert!(sets.status("J12.82", d("2021-01-01")).is_billable());
    // R91 changed between the releases, with no curated date: bracketed in the gap only.
    let gap = sets.status("R91", d("2023-01-01"));
    assert_eq!(gap.bracket, Some(("Old".to_string(), "New".to_string())));
    assert_eq!(sets.status("R91", d("2021-05-01")).bracket, None);
    assert_eq!(sets.status("A00", d("2023-01-01")).bracket, None);
    assert!(matches!(
        sets.status("M54-5", d("2021-05-01")).verdict,
        Verdict::Malformed { .. }
    ));
    assert!(matches!(
        sets.status("Z99.999", d("2025-05-01")).verdict,
        Verdict::NotInCodeSet { .. }
    ));
}

#[test]
fn embedded_data_parse() {
    assert!(embedded_error().is_none(), "{:?}", embedded_error());
    assert_eq!(embedded().releases().len(), 3);
}

#[test]
fn unavailable_stand_in_answers_without_panicking() {
    let sets = CodeSets::unavailable("test");
    let status = sets.status("M54.5", d("2026-01-01"));
    assert!(!status.in_range);
    assert!(matches!(status.verdict, Verdict::NotInCodeSet { .. }));
}

#[test]
fn status_listing_lists_some_children_and_counts_the_rest() {
    let sets = sets();
    let day = d("2025-05-01");
    let listed = |limit| match sets.status_listing("R91", day, limit).verdict {
        Verdict::Header {
            billable_children,
            unlisted_children,
            ..
        } => (billable_children.len(), unlisted_children),
        other => panic!("{other:?}"),
    };
    assert_eq!(listed(usize::MAX), (2, 0));
    assert_eq!(listed(1), (1, 1));
    assert_eq!(listed(0), (0, 2));
    assert_eq!(sets.status("R91", day), sets.status_listing("R91", day, 2));
    // The curated children of a change are counted the same way.
    match sets.status_listing("M54.5", d("2021-10-01"), 1).verdict {
        Verdict::Header {
            billable_children,
            unlisted_children,
            ..
        } => assert_eq!((billable_children.len(), unlisted_children), (1, 1)),
        other => panic!("{other:?}"),
    }
}
