//! Seed coverage: everything the two source documents (a copy in `tests/seeds/` of `../shared/seeds/`)
//! say is in the reference data. Seed 000 ("77014", really CT needle guidance) must be in
//! `reference/77014.ron` verbatim and in `reference/77012.ron` with "77014" replaced by "77012";
//! seed 004 (77003) must be in `reference/77003.ron` verbatim.
//!
//! The counts below were counted by hand from the seeds. The test checks them against both the
//! parsed seeds (so a changed seed or a broken parser shows up) and the reference entries.

// Helpers outside #[test] functions panic on purpose: a missing seed or entry is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use cpt_guidance::reference::model::{CodeEntry, KnownDiagnosis};

// Seed 000 (000_*.txt).
const INDICATIONS_000: usize = 5;
const STEPS_000: usize = 8;
const GUIDELINES_000: usize = 5;
const ICD10_000: usize = 10;
// Seed 004 (004_*.txt).
const SUMMARY_004: usize = 4; // title line, overview paragraph, payers paragraph, billing code overview
const PAYERS_004: usize = 5;
const SITES_004: usize = 3;
const MODIFIERS_004: usize = 1;
const WORKFLOW_004: usize = 7; // the "documented workflow" items of the clinical context

/// What the 77003 entry must say for a diagnosis code the seed does not list.
const ADDED_NOTE: &str = "added by cpt-guidance, not in the source";

// ---------------------------------------------------------------------------------------------
// Reading

/// Collapses whitespace and maps typographic quotes to ASCII, so layout and quote style do not
/// decide whether a text "occurs".
fn norm(text: &str) -> String {
    text.replace(['\u{2019}', '\u{2018}'], "'")
        .replace(['\u{201C}', '\u{201D}'], "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The repository's copy of the source documents (so `cargo test` works on a plain clone).
fn seeds_dir() -> PathBuf {
    manifest_dir().join("tests/seeds")
}

/// The project's shared source documents, beside the repository when it is checked out with them.
fn shared_seeds_dir() -> PathBuf {
    manifest_dir().join("../shared/seeds")
}

#[test]
fn the_repository_copy_of_the_seeds_matches_the_shared_originals() {
    let Ok(entries) = std::fs::read_dir(shared_seeds_dir()) else {
        eprintln!(
            "no ../shared/seeds beside the repository: the copy in tests/seeds is used as is"
        );
        return;
    };
    let mut compared = 0;
    for entry in entries {
        let original = entry.unwrap().path();
        let name = original.file_name().unwrap();
        let copy = seeds_dir().join(name);
        assert_eq!(
            std::fs::read(&original).unwrap(),
            std::fs::read(&copy).unwrap_or_default(),
            "tests/seeds/{} differs from the shared seed: copy it again",
            name.to_string_lossy()
        );
        compared += 1;
    }
    assert!(compared >= 2, "only {compared} shared seeds");
}

/// The text of the seed whose file name starts with `prefix` ("000_", "004_").
fn seed_text(prefix: &str) -> String {
    let dir = seeds_dir();
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the seed folder {}: {e}", dir.display()));
    let path = entries
        .map(|entry| entry.unwrap().path())
        .find(|path| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            name.starts_with(prefix) && name.ends_with(".txt")
        })
        .unwrap_or_else(|| panic!("no seed {prefix}*.txt in {}", dir.display()));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn reference_text(name: &str) -> String {
    let path = manifest_dir().join("reference").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn entry(name: &str) -> CodeEntry {
    ron::from_str(&reference_text(name)).unwrap_or_else(|e| panic!("reference/{name}: {e}"))
}

fn diagnoses() -> Vec<KnownDiagnosis> {
    ron::from_str(&reference_text("icd10.ron"))
        .unwrap_or_else(|e| panic!("reference/icd10.ron: {e}"))
}

/// Splits "a, b, and c" into ["a", "b", "c"].
fn split_series(text: &str) -> Vec<String> {
    text.split(", ")
        .map(|item| item.trim().trim_start_matches("and ").trim().to_string())
        .filter(|item| !item.is_empty())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Seed 000

struct Seed000 {
    descriptor: String,
    summary: String,
    indications: Vec<String>,
    steps: Vec<String>,
    guidelines: Vec<String>,
    /// (code, title) as the seed writes them.
    icd10: Vec<(String, String)>,
}

fn parse_seed_000(text: &str) -> Seed000 {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        lines.first().copied(),
        Some("77014"),
        "seed 000 should start with its code line"
    );
    let mut seed = Seed000 {
        descriptor: lines[1].to_string(),
        summary: lines[2].to_string(),
        indications: Vec::new(),
        steps: Vec::new(),
        guidelines: Vec::new(),
        icd10: Vec::new(),
    };
    let mut section = "";
    for line in &lines[3..] {
        match *line {
            "Clinical Indications"
            | "Procedure Steps"
            | "Coding Guidelines"
            | "Associated ICD-10 Codes" => {
                section = line;
                continue;
            }
            _ => {}
        }
        let item = line
            .strip_prefix("- ")
            .unwrap_or_else(|| panic!("seed 000: unexpected line outside a list: {line}"))
            .to_string();
        match section {
            "Clinical Indications" => seed.indications.push(item),
            "Procedure Steps" => seed.steps.push(item),
            "Coding Guidelines" => seed.guidelines.push(item),
            "Associated ICD-10 Codes" => {
                let (code, title) = item
                    .split_once(" - ")
                    .unwrap_or_else(|| panic!("seed 000: bad ICD line {item}"));
                seed.icd10
                    .push((code.trim().to_string(), title.trim().to_string()));
            }
            _ => panic!("seed 000: list item before any section: {line}"),
        }
    }
    seed
}

/// Every `expected` text must occur (after `norm`) in `actual`, and the counts must match.
fn check_list(what: &str, expected: &[String], actual: &[String], problems: &mut Vec<String>) {
    let actual_norm: Vec<String> = actual.iter().map(|a| norm(a)).collect();
    for item in expected {
        if !actual_norm.contains(&norm(item)) {
            problems.push(format!("{what}: missing \"{item}\""));
        }
    }
    if expected.len() != actual.len() {
        problems.push(format!(
            "{what}: the source has {} items, the entry {}",
            expected.len(),
            actual.len()
        ));
    }
}

fn check_icd10(
    what: &str,
    expected: &[(String, String)],
    entry: &CodeEntry,
    problems: &mut Vec<String>,
) {
    for (code, title) in expected {
        match entry.icd10_codes.iter().find(|d| &d.code == code) {
            None => problems.push(format!("{what}: missing ICD-10 code {code}")),
            Some(listed) if norm(&listed.title) != norm(title) => problems.push(format!(
                "{what}: {code} title \"{}\" differs from the source's \"{title}\"",
                listed.title
            )),
            Some(_) => {}
        }
    }
    if expected.len() != entry.icd10_codes.len() {
        problems.push(format!(
            "{what}: the source lists {} ICD-10 codes, the entry {}",
            expected.len(),
            entry.icd10_codes.len()
        ));
    }
    // The seed's wrong or outdated codes must carry a correction.
    for code in ["M54.5", "M48.06", "M89.75", "D48.5"] {
        let noted = entry
            .icd10_codes
            .iter()
            .any(|d| d.code == code && d.note.as_deref().is_some_and(|n| !n.trim().is_empty()));
        if !noted {
            problems.push(format!(
                "{what}: {code} needs a note (outdated, header or implausible)"
            ));
        }
    }
}

/// `replace_code`: `Some(("77014", "77012"))` for the adapted 77012 entry.
fn check_seed_000(
    seed: &Seed000,
    entry: &CodeEntry,
    replace_code: Option<(&str, &str)>,
) -> Vec<String> {
    let what = format!("reference/{}.ron", entry.code);
    let adapt = |text: &String| match replace_code {
        Some((from, to)) => text.replace(from, to),
        None => text.clone(),
    };
    let mut problems = Vec::new();
    if replace_code.is_none()
        && entry.source_descriptor.as_deref().map(norm) != Some(norm(&seed.descriptor))
    {
        problems.push(format!(
            "{what}: source_descriptor is not the seed's descriptor line"
        ));
    }
    let summary = adapt(&seed.summary);
    if !entry.summary.iter().any(|p| norm(p) == norm(&summary)) {
        problems.push(format!("{what}: summary paragraph missing"));
    }
    check_list(
        &format!("{what} clinical_indications"),
        &seed.indications,
        &entry.clinical_indications,
        &mut problems,
    );
    check_list(
        &format!("{what} procedure_steps"),
        &seed.steps,
        &entry.procedure_steps,
        &mut problems,
    );
    let guidelines: Vec<String> = seed.guidelines.iter().map(adapt).collect();
    check_list(
        &format!("{what} coding_guidelines"),
        &guidelines,
        &entry.coding_guidelines,
        &mut problems,
    );
    check_icd10(&what, &seed.icd10, entry, &mut problems);
    problems
}

// ---------------------------------------------------------------------------------------------
// Seed 004

struct Seed004 {
    summary: Vec<String>,
    readers_learn: String,
    data_not_available: String,
    service_type: String,
    sites: Vec<String>,
    payers: Vec<String>,
    vignette: String,
    workflow: Vec<String>,
    /// (modifier, description, when to use)
    modifiers: Vec<(String, String, String)>,
}

fn parse_seed_004(text: &str) -> Seed004 {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let find = |pred: &dyn Fn(&str) -> bool, what: &str| -> usize {
        lines
            .iter()
            .position(|l| pred(l))
            .unwrap_or_else(|| panic!("seed 004: no {what}"))
    };
    let title = find(&|l| l.starts_with("CPT 77003:"), "title line");
    let payers_line = find(&|l| l.starts_with("Key payers"), "payers paragraph");
    let overview = find(&|l| l == "Billing Code Overview", "billing code overview") + 1;
    let readers = find(
        &|l| l.starts_with("Readers will learn:"),
        "readers-learn paragraph",
    );
    let service = find(&|l| l.starts_with("Service type:"), "service type");
    let sites = find(
        &|l| l.starts_with("Typical site of service:"),
        "site of service",
    );
    let vignette = find(&|l| l == "Clinical Context", "clinical context") + 1;
    let table = find(&|l| l.starts_with("|---"), "modifier table");

    let payers_text = lines[payers_line]
        .split_once(" include ")
        .and_then(|(_, rest)| rest.split_once('.'))
        .map(|(list, _)| list)
        .expect("seed 004: payers sentence");
    let readers_learn = lines[readers].to_string();
    let data_not_available = readers_learn
        .find("Data not available")
        .map(|at| readers_learn[at..].to_string())
        .expect("seed 004: data-not-available sentence");
    let workflow_text = lines[vignette]
        .split_once("The documented workflow includes ")
        .and_then(|(_, rest)| rest.split_once('.'))
        .map(|(list, _)| list)
        .expect("seed 004: documented workflow sentence");
    let modifiers = lines[table + 1..]
        .iter()
        .map(|row| {
            let cells: Vec<String> = row
                .split('|')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect();
            assert_eq!(
                cells.len(),
                3,
                "seed 004: modifier row should have 3 cells: {row}"
            );
            (cells[0].clone(), cells[1].clone(), cells[2].clone())
        })
        .collect();
    Seed004 {
        summary: vec![
            lines[title].to_string(),
            lines[title + 1].to_string(),
            lines[payers_line].to_string(),
            lines[overview].to_string(),
        ],
        readers_learn,
        data_not_available,
        service_type: lines[service]
            .trim_start_matches("Service type:")
            .trim()
            .to_string(),
        sites: split_series(lines[sites].trim_start_matches("Typical site of service:")),
        payers: split_series(payers_text),
        vignette: lines[vignette].to_string(),
        workflow: split_series(workflow_text),
        modifiers,
    }
}

fn check_seed_004(seed: &Seed004, entry: &CodeEntry) -> Vec<String> {
    let what = "reference/77003.ron";
    let mut problems = Vec::new();
    check_list(
        &format!("{what} summary"),
        &seed.summary,
        &entry.summary,
        &mut problems,
    );
    if entry.service_type.as_deref().map(norm) != Some(norm(&seed.service_type)) {
        problems.push(format!("{what}: service_type is not the seed's"));
    }
    // Sites are split out of one sentence, so only their first letter's case may differ.
    let lower = |items: &[String]| items.iter().map(|s| s.to_lowercase()).collect::<Vec<_>>();
    check_list(
        &format!("{what} sites_of_service"),
        &lower(&seed.sites),
        &lower(&entry.sites_of_service),
        &mut problems,
    );
    check_list(
        &format!("{what} payers"),
        &seed.payers,
        &entry.payers,
        &mut problems,
    );
    if entry.vignette.as_deref().map(norm) != Some(norm(&seed.vignette)) {
        problems.push(format!(
            "{what}: vignette is not the seed's clinical context"
        ));
    }
    if entry.readers_learn.as_deref().map(norm) != Some(norm(&seed.readers_learn)) {
        problems.push(format!("{what}: readers_learn is not the seed's"));
    }
    if !entry
        .notes
        .iter()
        .any(|n| norm(n).contains(&norm(&seed.data_not_available)))
    {
        problems.push(format!(
            "{what}: notes lack the seed's \"{}\"",
            seed.data_not_available
        ));
    }
    for (modifier, description, when) in &seed.modifiers {
        let found = entry.modifiers.iter().any(|m| {
            m.modifier == *modifier
                && norm(&m.description) == norm(description)
                && norm(&m.when_to_use) == norm(when)
        });
        if !found {
            problems.push(format!(
                "{what}: modifier row {modifier} missing or changed"
            ));
        }
    }
    if seed.modifiers.len() != entry.modifiers.len() {
        problems.push(format!(
            "{what}: the source's modifier table has {} rows, the entry {}",
            seed.modifiers.len(),
            entry.modifiers.len()
        ));
    }
    // The procedure steps are derived from the documented workflow: each item must be in a step.
    for item in &seed.workflow {
        let item = norm(item).to_lowercase();
        if !entry
            .procedure_steps
            .iter()
            .any(|s| norm(s).to_lowercase().contains(&item))
        {
            problems.push(format!(
                "{what}: no procedure step covers the workflow item \"{item}\""
            ));
        }
    }
    // The seed lists no diagnoses: every code in the entry is ours and must say so.
    for listed in &entry.icd10_codes {
        let marked = listed
            .note
            .as_deref()
            .is_some_and(|n| n.to_lowercase().contains(ADDED_NOTE));
        if !marked {
            problems.push(format!(
                "{what}: {} must be marked \"{ADDED_NOTE}\"",
                listed.code
            ));
        }
    }
    problems
}

fn assert_no_problems(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn seeds_have_the_counted_items() {
    let s0 = parse_seed_000(&seed_text("000_"));
    assert_eq!(s0.indications.len(), INDICATIONS_000);
    assert_eq!(s0.steps.len(), STEPS_000);
    assert_eq!(s0.guidelines.len(), GUIDELINES_000);
    assert_eq!(s0.icd10.len(), ICD10_000);
    let s4 = parse_seed_004(&seed_text("004_"));
    assert_eq!(s4.summary.len(), SUMMARY_004);
    assert_eq!(
        s4.payers,
        [
            "Aetna",
            "Blue Cross Blue Shield",
            "Cigna Health",
            "UnitedHealthcare",
            "Medicare"
        ]
    );
    assert_eq!(s4.payers.len(), PAYERS_004);
    assert_eq!(s4.sites.len(), SITES_004);
    assert_eq!(s4.modifiers.len(), MODIFIERS_004);
    assert_eq!(s4.modifiers[0].0, "26");
    assert_eq!(s4.workflow.len(), WORKFLOW_004);
}

#[test]
fn entries_have_the_counted_items() {
    let e14 = entry("77014.ron");
    let e12 = entry("77012.ron");
    for e in [&e14, &e12] {
        assert_eq!(e.clinical_indications.len(), INDICATIONS_000, "{}", e.code);
        assert_eq!(e.procedure_steps.len(), STEPS_000, "{}", e.code);
        assert_eq!(e.coding_guidelines.len(), GUIDELINES_000, "{}", e.code);
        assert_eq!(e.icd10_codes.len(), ICD10_000, "{}", e.code);
    }
    let e03 = entry("77003.ron");
    assert_eq!(e03.summary.len(), SUMMARY_004);
    assert_eq!(e03.payers.len(), PAYERS_004);
    assert_eq!(e03.sites_of_service.len(), SITES_004);
    assert_eq!(e03.modifiers.len(), MODIFIERS_004);
    assert_eq!(e03.procedure_steps.len(), WORKFLOW_004);
}

#[test]
fn seed_000_is_in_77014_verbatim() {
    let seed = parse_seed_000(&seed_text("000_"));
    let e = entry("77014.ron");
    assert_eq!(e.code, "77014");
    assert_no_problems(check_seed_000(&seed, &e, None));
    let banner = e.banner.as_deref().expect("77014 needs its banner");
    assert!(banner.contains("77012"), "the 77014 banner must name 77012");
}

#[test]
fn seed_000_is_in_77012_adapted() {
    let seed = parse_seed_000(&seed_text("000_"));
    let e = entry("77012.ron");
    assert_eq!(e.code, "77012");
    assert_no_problems(check_seed_000(&seed, &e, Some(("77014", "77012"))));
    assert!(
        e.coding_guidelines.iter().all(|g| !g.contains("77014")),
        "77012 guidelines still say 77014"
    );
    assert!(
        e.notes.iter().any(|n| n.contains("77014")),
        "77012 notes must say the text is adapted from the 77014 document"
    );
}

#[test]
fn seed_004_is_in_77003_verbatim() {
    let seed = parse_seed_004(&seed_text("004_"));
    let e = entry("77003.ron");
    assert_eq!(e.code, "77003");
    assert_no_problems(check_seed_004(&seed, &e));
}

/// The checks must fail when an item is deleted or changed, or the tests above prove nothing.
#[test]
fn checks_catch_a_deleted_or_changed_item() {
    let s0 = parse_seed_000(&seed_text("000_"));
    let mut e = entry("77014.ron");
    let removed = e.clinical_indications.remove(2);
    let problems = check_seed_000(&s0, &e, None);
    assert!(
        problems.iter().any(|p| p.contains(&removed)),
        "deleted indication not reported: {problems:?}"
    );

    let mut e = entry("77014.ron");
    e.procedure_steps[0].push_str(" Extra words.");
    assert!(
        !check_seed_000(&s0, &e, None).is_empty(),
        "changed step not reported"
    );

    let mut e = entry("77012.ron");
    e.icd10_codes[9].title = "Major osseous defect, pelvic region and thigh".to_string();
    assert!(
        !check_seed_000(&s0, &e, Some(("77014", "77012"))).is_empty(),
        "changed ICD-10 title not reported"
    );

    let mut e = entry("77012.ron");
    e.coding_guidelines[0] = s0.guidelines[0].clone(); // still says 77014
    assert!(
        !check_seed_000(&s0, &e, Some(("77014", "77012"))).is_empty(),
        "unadapted guideline not reported"
    );

    let s4 = parse_seed_004(&seed_text("004_"));
    let mut e = entry("77003.ron");
    e.payers.retain(|p| p != "Cigna Health");
    assert!(
        !check_seed_004(&s4, &e).is_empty(),
        "deleted payer not reported"
    );

    let mut e = entry("77003.ron");
    e.procedure_steps
        .retain(|s| !s.to_lowercase().contains("sterile"));
    assert!(
        !check_seed_004(&s4, &e).is_empty(),
        "deleted workflow step not reported"
    );

    let mut e = entry("77003.ron");
    e.notes.clear();
    assert!(
        !check_seed_004(&s4, &e).is_empty(),
        "missing data-not-available note not reported"
    );
}

#[test]
fn listed_diagnoses_are_known_with_matching_titles() {
    let known = diagnoses();
    for file in ["77014.ron", "77012.ron", "77003.ron"] {
        for listed in entry(file).icd10_codes {
            let k = known
                .iter()
                .find(|k| k.code == listed.code)
                .unwrap_or_else(|| panic!("{file}: {} is not in icd10.ron", listed.code));
            // The seed's M89.75 title is wrong; everywhere else the source title is the official one.
            if listed.code != "M89.75" {
                assert_eq!(
                    norm(&k.title),
                    norm(&listed.title),
                    "{file}: {} title",
                    listed.code
                );
            }
        }
    }
    for k in &known {
        for child in &k.use_instead {
            assert!(
                known.iter().any(|x| &x.code == child),
                "icd10.ron: {} points to unknown {child}",
                k.code
            );
        }
    }
}
