//! Validation against parsing, and the one-time loads, in one run:
//!
//! * `load/reference_embedded`: `Reference::embedded()` (budget < 5 ms);
//! * `load/icd10cm_embedded`: parsing the three bundled ICD-10-CM releases, which the first
//!   validation of a diagnosis triggers (no budget; measured so it is known);
//! * `validate/typical` (3 lines, 2 diagnoses; budget < 10 µs) and `validate/large` (50 lines,
//!   12 diagnoses; budget < 100 µs), with the code sets already loaded;
//! * `parse_ron/typical`, `parse_ron/large`: the same drafts parsed from RON by the general RON
//!   parser (`draft::parse_str_ron_only`; validation should cost less than this);
//! * `parse/typical`, `parse/large`: `draft::parse_str` of the same drafts, which reads a draft
//!   in the saved form with the fast reader (`src/draft/fast.rs`) and gives the same result.
//!
//! `nice -n 5 cargo bench --no-default-features --bench validate`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use cpt_guidance::reference::Reference;
use cpt_guidance::{draft, icd10cm, rules};
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "common/mod.rs"]
mod common;

fn loads(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_millis(500));
    group.bench_function("reference_embedded", |b| {
        b.iter(|| black_box(Reference::embedded()))
    });
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(4));
    group.bench_function("icd10cm_embedded", |b| {
        b.iter(|| black_box(icd10cm::parse_embedded()))
    });
    group.finish();
}

fn validate_and_parse(c: &mut Criterion) {
    let reference = Reference::embedded().expect("the embedded reference loads");
    // Warm the lazily parsed ICD-10-CM code sets so the first sample does not pay for them.
    assert!(reference.icd10cm().is_some(), "no ICD-10-CM data");
    let today = common::today();
    let drafts = [("typical", common::typical()), ("large", common::large())];
    for (name, d) in &drafts {
        let findings = rules::validate_at(d, &reference, today);
        println!(
            "{name}: {} lines, {} diagnoses, {} findings, {} bytes of RON",
            d.lines.len(),
            d.diagnoses.len(),
            findings.len(),
            common::ron(d).len()
        );
    }

    let mut group = c.benchmark_group("validate");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500));
    for (name, d) in &drafts {
        group.bench_function(*name, |b| {
            b.iter(|| black_box(rules::validate_at(black_box(d), &reference, today)))
        });
    }
    group.finish();

    type Parse = fn(&Path, &str) -> Result<cpt_guidance::claim::ClaimDraft, draft::DraftError>;
    let parsers: [(&str, Parse); 2] = [
        ("parse_ron", draft::parse_str_ron_only),
        ("parse", draft::parse_str),
    ];
    for (group_name, parse) in parsers {
        let mut group = c.benchmark_group(group_name);
        group
            .sample_size(30)
            .measurement_time(Duration::from_secs(2))
            .warm_up_time(Duration::from_millis(500));
        let path = Path::new("bench.ron");
        for (name, d) in &drafts {
            let text = common::ron(d);
            assert_eq!(
                parse(path, &text).ok().as_ref(),
                Some(d),
                "{group_name} reads {name}"
            );
            group.bench_function(*name, |b| {
                b.iter(|| black_box(parse(path, black_box(&text))))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, loads, validate_and_parse);
criterion_main!(benches);
