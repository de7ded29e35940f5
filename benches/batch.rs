//! The command line's `check` over 10,000 generated drafts in a temporary folder, beside the time
//! to merely read the same files, in one run:
//!
//! * `batch/read_only_sequential`, `batch/read_only_parallel`: `std::fs::read` of every file, on
//!   one thread and on all cores (the I/O floor);
//! * `batch/read_and_parse_parallel`: `draft::load` (read and parse the RON) of every file on
//!   all cores, without validating: how much of the check is parsing;
//! * `batch/check_text`, `batch/check_json`: `cli::check` as `cpt-guidance check [--json]` runs
//!   it, output to a sink.
//!
//! Throughput is in drafts per second. Budget: at least 10,000 drafts/s on 2 cores and within 3x
//! of the read-only floor.
//!
//! `nice -n 5 cargo bench --no-default-features --bench batch`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use cpt_guidance::reference::Reference;
use cpt_guidance::{cli, draft};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;

#[path = "common/mod.rs"]
mod common;

const DRAFTS: usize = 10_000;

fn batch(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let files = common::write_drafts(dir.path(), DRAFTS).expect("drafts written");
    let reference = Reference::embedded().expect("the embedded reference loads");
    // Warm the ICD-10-CM code sets and the page cache, as a second run of the command would find.
    let mut sink = std::io::sink();
    let code = cli::check(&files, false, &reference, &mut sink);
    println!(
        "{DRAFTS} drafts in {}, exit code {code}, {} threads",
        dir.path().display(),
        rayon::current_num_threads()
    );

    let mut group = c.benchmark_group("batch");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(6))
        .warm_up_time(Duration::from_secs(1))
        .throughput(Throughput::Elements(DRAFTS as u64));
    group.bench_function("read_only_sequential", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| std::fs::read(f).map_or(0, |bytes| bytes.len()))
                .sum::<usize>()
        })
    });
    group.bench_function("read_only_parallel", |b| {
        b.iter(|| {
            files
                .par_iter()
                .map(|f| std::fs::read(f).map_or(0, |bytes| bytes.len()))
                .sum::<usize>()
        })
    });
    group.bench_function("read_and_parse_parallel", |b| {
        b.iter(|| files.par_iter().filter(|f| draft::load(f).is_ok()).count())
    });
    group.bench_function("check_text", |b| {
        b.iter(|| black_box(cli::check(&files, false, &reference, &mut std::io::sink())))
    });
    group.bench_function("check_json", |b| {
        b.iter(|| black_box(cli::check(&files, true, &reference, &mut std::io::sink())))
    });
    group.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);
