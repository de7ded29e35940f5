//! ICD-10-CM search as the user types, over one whole release (2026-04, 98,166 codes):
//!
//! * `icd_search/<query>`: `for_date(date).set.search(query, 20)` for each keystroke of
//!   "low back pain" and of "M54.5", and a few other shapes (budget < 10 ms per call);
//! * `icd_load/parse_all_releases`: the one-time parse of the three bundled releases;
//! * `icd_load/first_search`: the one-time title index a release builds on its first title
//!   search (measured on freshly parsed code sets).
//!
//! `nice -n 5 cargo bench --no-default-features --bench icd_search`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use cpt_guidance::date::Date;
use cpt_guidance::icd10cm;
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};

const LIMIT: usize = 20;

const QUERIES: &[&str] = &[
    "l",
    "lo",
    "low",
    "low ",
    "low b",
    "low back",
    "low back p",
    "low back pain",
    "M",
    "M5",
    "M54",
    "M54.",
    "M54.5",
    "fracture of femur",
    "e",
    "zzz",
];

fn date() -> Date {
    Date::new(2026, 5, 1).expect("a date")
}

fn search(c: &mut Criterion) {
    let sets = icd10cm::embedded();
    let set = sets.for_date(date()).set;
    // Build the title index once, outside the measurement.
    let _ = set.search("warm", LIMIT);
    for q in ["low back pain", "M54.5", "l"] {
        let found = set.search(q, LIMIT);
        println!(
            "{q:?}: {} matches shown, first {:?}",
            found.len(),
            found.first().map(|r| r.code)
        );
    }
    let mut group = c.benchmark_group("icd_search");
    group
        .sample_size(20)
        .measurement_time(Duration::from_millis(800))
        .warm_up_time(Duration::from_millis(200));
    for q in QUERIES {
        group.bench_with_input(BenchmarkId::from_parameter(format!("{q:?}")), q, |b, q| {
            b.iter(|| black_box(set.search(black_box(q), LIMIT)))
        });
    }
    group.finish();
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("icd_load");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_millis(500));
    group.bench_function("parse_all_releases", |b| {
        b.iter(|| black_box(icd10cm::parse_embedded().expect("parses")))
    });
    group.bench_function("first_search", |b| {
        b.iter_batched(
            || icd10cm::parse_embedded().expect("parses"),
            |sets| {
                let n = sets
                    .for_date(date())
                    .set
                    .search("low back pain", LIMIT)
                    .len();
                (sets, n)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, search, load);
criterion_main!(benches);
