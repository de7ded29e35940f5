//! The bundled ICD-10-CM releases: counts, round trip, known codes and changes, search.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Instant;

use cpt_guidance::date::Date;
use cpt_guidance::icd10cm::{self, CodeSets, Icd10Error, Verdict};

#[track_caller]
fn d(text: &str) -> Date {
    match Date::parse(text) {
        Ok(date) => date,
        Err(e) => panic!("{e}"),
    }
}

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("reference/icd10cm")
}

fn sets() -> &'static CodeSets {
    assert!(
        icd10cm::embedded_error().is_none(),
        "{:?}",
        icd10cm::embedded_error()
    );
    icd10cm::embedded()
}

fn children(status: &icd10cm::DiagnosisStatus) -> Vec<&str> {
    match &status.verdict {
        Verdict::Header {
            billable_children, ..
        } => billable_children.iter().map(|(c, _)| c.as_str()).collect(),
        other => panic!("expected a header, got {other:?}"),
    }
}

#[test]
fn manifest_counts_equal_parsed_counts() {
    let expected = [
        ("fy2021", 95_358, 72_621),
        ("2025-04", 97_584, 74_260),
        ("2026-04", 98_166, 74_706),
    ];
    let sets = sets();
    assert_eq!(sets.releases().len(), expected.len());
    for (set, (id, codes, billable)) in sets.releases().iter().zip(expected) {
        let info = set.release();
        assert_eq!(info.id, id);
        assert_eq!((set.len(), set.billable_count()), (codes, billable), "{id}");
        assert_eq!(
            (info.code_count, info.billable_count),
            (codes, billable),
            "{id}"
        );
        assert_eq!(set.iter().filter(|r| r.billable).count(), billable, "{id}");
    }
}

#[test]
fn load_dir_reads_the_same_data_as_embedded() {
    let started = Instant::now();
    let loaded = CodeSets::load_dir(&data_dir()).unwrap();
    eprintln!("load_dir of 3 releases: {:?}", started.elapsed());
    for (a, b) in loaded.releases().iter().zip(sets().releases()) {
        assert_eq!(a.release(), b.release());
        assert!(a.iter().eq(b.iter()));
    }
    assert_eq!(loaded.curated_changes(), sets().curated_changes());
}

/// The data file written back from the parsed releases, as `tools/icd10cm_merge.py merge` writes
/// it: a line per distinct (code, title), sorted by code, then by the first release holding it.
fn merged_tsv(sets: &CodeSets) -> String {
    let releases = sets.releases();
    let mut lines: Vec<(&str, usize, &str, Vec<u8>)> = Vec::new();
    let mut at: std::collections::HashMap<(&str, &str), usize> = Default::default();
    for (index, set) in releases.iter().enumerate() {
        for r in set.iter() {
            let line = *at.entry((r.code, r.title)).or_insert_with(|| {
                lines.push((r.code, index, r.title, vec![b'.'; releases.len()]));
                lines.len() - 1
            });
            lines[line].3[index] = if r.billable { b'1' } else { b'0' };
        }
    }
    lines.sort_by_key(|&(code, first, _, _)| (code, first));
    let ids: Vec<&str> = releases.iter().map(|s| s.release().id.as_str()).collect();
    let mut out = format!("#releases\t{}\n", ids.join("\t"));
    for (code, _, title, mask) in lines {
        out.push_str(&format!(
            "{code}\t{}\t{title}\n",
            String::from_utf8_lossy(&mask)
        ));
    }
    out
}

#[test]
fn the_releases_round_trip_to_the_data_file() {
    let original = std::fs::read_to_string(data_dir().join("codes.tsv")).unwrap();
    assert!(
        merged_tsv(sets()) == original,
        "the parsed releases do not write back to codes.tsv"
    );
}

#[test]
fn billable_means_leaf_in_every_release() {
    for set in sets().releases() {
        let codes: Vec<_> = set.iter().collect();
        for pair in codes.windows(2) {
            let leaf = !pair[1].code.starts_with(pair[0].code);
            assert_eq!(
                pair[0].billable,
                leaf,
                "{} in {}",
                pair[0].code,
                set.release().id
            );
        }
        assert!(codes.last().unwrap().billable);
    }
}

#[test]
fn lower_case_and_dotless_input_are_accepted() {
    for input in ["m54.50", "M5450", " m5450 ", "M54.50"] {
        let status = icd10cm::status(input, d("2026-05-01"));
        assert_eq!(
            status.verdict,
            Verdict::Billable {
                code: "M54.50".into(),
                title: "Low back pain, unspecified".into()
            },
            "{input}"
        );
        assert_eq!(status.release_id, "2026-04");
        assert!(status.in_range);
    }
    assert!(matches!(
        icd10cm::status("M54,5", d("2026-05-01")).verdict,
        Verdict::Malformed { .. }
    ));
}

#[test]
fn m54_5_is_billable_until_2021_09_30_then_a_header() {
    let before = icd10cm::status("M54.5", d("2021-09-30"));
    assert_eq!(
        before.verdict,
        Verdict::Billable {
            code: "M54.5".into(),
            title: "Low back pain".into()
        }
    );
    assert_eq!(before.release_id, "fy2021");
    assert!(before.in_range);

    // The nearest release (FY2021, one day earlier) still says billable: the curated date wins.
    let after = icd10cm::status("M54.5", d("2021-10-01"));
    assert_eq!(after.release_id, "fy2021");
    assert!(!after.in_range);
    assert!(after.curated_source.as_deref().unwrap().contains("FY2022"));
    assert_eq!(children(&after), ["M54.50", "M54.51", "M54.59"]);

    let later = icd10cm::status("M54.5", d("2025-06-01"));
    assert!(later.in_range);
    assert_eq!(children(&later), ["M54.50", "M54.51", "M54.59"]);
    assert!(matches!(
        icd10cm::status("M54.51", d("2021-09-30")).verdict,
        Verdict::NotInCodeSet { .. }
    ));

    // In the data itself.
    let [fy2021, apr2025, apr2026] = sets().releases() else {
        panic!("three releases expected");
    };
    assert!(fy2021.get("M545").unwrap().billable);
    for set in [apr2025, apr2026] {
        assert!(!set.get("M545").unwrap().billable);
        let kids: Vec<_> = set
            .billable_children("M54.5")
            .iter()
            .map(|r| r.code)
            .collect();
        assert_eq!(kids, ["M5450", "M5451", "M5459"]);
    }
}

#[test]
fn m48_06_is_a_header_in_every_release() {
    for set in sets().releases() {
        assert!(!set.get("M48.06").unwrap().billable, "{}", set.release().id);
        let kids: Vec<_> = set
            .billable_children("M48.06")
            .iter()
            .map(|r| r.code)
            .collect();
        assert_eq!(kids, ["M48061", "M48062"], "{}", set.release().id);
    }
    for day in ["2021-03-01", "2025-05-01", "2026-05-01"] {
        assert_eq!(
            children(&icd10cm::status("m48.06", d(day))),
            ["M48.061", "M48.062"]
        );
    }
}

#[test]
fn covid_codes_of_january_2021_follow_the_curated_dates() {
    assert!(matches!(
        icd10cm::status("J12.82", d("2020-12-31")).verdict,
        Verdict::NotInCodeSet { .. }
    ));
    assert!(icd10cm::status("J12.82", d("2021-01-01")).is_billable());
    assert!(icd10cm::status("M35.8", d("2020-11-15")).is_billable());
    assert_eq!(
        children(&icd10cm::status("M35.8", d("2021-01-01"))),
        ["M35.81", "M35.89"]
    );
    // U07.1 (COVID-19, April 2020) is in every bundled release.
    for day in ["2021-03-01", "2025-05-01", "2026-05-01"] {
        assert!(icd10cm::status("U07.1", d(day)).is_billable());
    }
}

#[test]
fn absent_codes_are_not_in_the_code_set() {
    let status = icd10cm::status("Z99.999", d("2026-05-01"));
    assert_eq!(
        status.verdict,
        Verdict::NotInCodeSet {
            code: "Z99.999".into()
        }
    );
    // T40.7X1A (cannabis poisoning) was replaced by T40.711A.. in FY2023.
    assert!(icd10cm::status("T40.7X1A", d("2021-05-01")).is_billable());
    assert!(matches!(
        icd10cm::status("T40.7X1A", d("2025-05-01")).verdict,
        Verdict::NotInCodeSet { .. }
    ));
}

#[test]
fn a_date_outside_every_release_uses_the_nearest() {
    let late = icd10cm::status("R91.1", d("2030-01-15"));
    assert_eq!(late.release_id, "2026-04");
    assert!(!late.in_range);
    assert!(late.is_billable());
    let early = icd10cm::status("R91.1", d("2016-01-15"));
    assert_eq!(early.release_id, "fy2021");
    assert!(!early.in_range);
    assert_eq!(early.bracket, None);
}

#[test]
fn a_change_between_releases_is_bracketed() {
    // G35 (multiple sclerosis) is billable in April 2025 and a header in April 2026.
    let gap = icd10cm::status("G35", d("2025-12-01"));
    assert!(!gap.in_range);
    let names: Vec<_> = sets()
        .releases()
        .iter()
        .map(|s| s.release().name.clone())
        .collect();
    assert_eq!(gap.bracket, Some((names[1].clone(), names[2].clone())));
    assert_eq!(icd10cm::status("G35", d("2026-05-01")).bracket, None);
    assert_eq!(icd10cm::status("R91.1", d("2025-12-01")).bracket, None);
}

#[test]
fn search_finds_titles_and_code_prefixes() {
    let set = sets().for_date(d("2026-05-01")).set;
    let started = Instant::now();
    let hits = set.search("low back pain", 20);
    eprintln!("search \"low back pain\": {:?}", started.elapsed());
    let codes: Vec<_> = hits.iter().map(|r| r.code).collect();
    assert!(codes.contains(&"M5450"), "{codes:?}");
    assert!(hits.iter().all(|r| r.title.to_lowercase().contains("back")));

    let started = Instant::now();
    let prefix: Vec<_> = set.search("M54.5", 10).iter().map(|r| r.code).collect();
    eprintln!("search \"M54.5\": {:?}", started.elapsed());
    assert_eq!(prefix, ["M545", "M5450", "M5451", "M5459"]);
    let prefix: Vec<_> = set.search("m54.5", 2).iter().map(|r| r.code).collect();
    assert_eq!(prefix, ["M545", "M5450"]);

    // Shaped like a code but starting none: searched as a word.
    let b12 = set.search("b12", 5);
    assert!(!b12.is_empty() && b12.iter().all(|r| r.title.contains("B12")));

    let started = Instant::now();
    let fractures = set.search("fracture femur", 50);
    eprintln!("search \"fracture femur\": {:?}", started.elapsed());
    assert_eq!(fractures.len(), 50);
    assert!(fractures.iter().all(|r| r.billable));
}

#[test]
fn load_dir_errors_name_the_file() {
    let missing = CodeSets::load_dir(&data_dir().join("no-such-dir")).unwrap_err();
    assert!(matches!(missing, Icd10Error::Io { .. }));
    assert!(missing.to_string().contains("manifest.ron"));

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("manifest.ron"),
        "(\n  releases: [\n    (id: 1),\n  ],\n)\n",
    )
    .unwrap();
    match CodeSets::load_dir(dir.path()).unwrap_err() {
        Icd10Error::Manifest {
            file, line, column, ..
        } => {
            assert_eq!((file.as_str(), line), ("manifest.ron", 3));
            assert!(column > 1);
        }
        other => panic!("{other}"),
    }
}
