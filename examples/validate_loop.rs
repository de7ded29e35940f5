//! A small driver for profilers: parses and validates generated drafts in a loop, so that
//! `valgrind --tool=callgrind` (or `perf`) shows where a check spends its time.
//!
//! ```text
//! cargo build --release --no-default-features --example validate_loop
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \
//!     target/release/examples/validate_loop validate 2000
//! callgrind_annotate /tmp/cg.out | head -60
//! ```
//!
//! Modes: `validate N` (N validations of the typical and large drafts, after loading;
//! `validate-typical N` and `validate-large N` for one of them), `parse N`
//! (N RON parses of them), `load` (the reference and the ICD-10-CM code sets only), `check DIR`
//! (`cli::check` of every file in DIR, output to a sink, as `cpt-guidance check` runs it), and
//! `write DIR N` (N generated draft files into DIR, for measuring the command line).

use std::path::Path;
use std::process::ExitCode;

use cpt_guidance::reference::Reference;
use cpt_guidance::{draft, rules};

#[path = "../benches/common/mod.rs"]
mod common;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args.first().map(String::as_str).unwrap_or("validate");
    let number = |i: usize, default: usize| {
        args.get(i)
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(default)
    };
    if mode == "write" {
        let Some(dir) = args.get(1) else {
            eprintln!("usage: validate_loop write DIR N");
            return ExitCode::from(2);
        };
        let count = number(2, 10_000);
        if let Err(error) =
            std::fs::create_dir_all(dir).and_then(|()| common::write_drafts(Path::new(dir), count))
        {
            eprintln!("{dir}: {error}");
            return ExitCode::from(2);
        }
        println!("{count} drafts written to {dir}");
        return ExitCode::SUCCESS;
    }
    let reference = match Reference::embedded() {
        Ok(reference) => reference,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let loaded = reference.icd10cm().is_some();
    let today = common::today();
    let drafts = [common::typical(), common::large()];
    let mut findings = 0usize;
    match mode {
        "load" => println!("loaded; ICD-10-CM code sets: {loaded}"),
        "validate" | "validate-typical" | "validate-large" => {
            let chosen: &[_] = match mode {
                "validate-typical" => &drafts[..1],
                "validate-large" => &drafts[1..],
                _ => &drafts,
            };
            for _ in 0..number(1, 2000) {
                for d in chosen {
                    findings += rules::validate_at(d, &reference, today).len();
                }
            }
            println!("{findings} findings");
        }
        "parse" => {
            let texts: Vec<String> = drafts.iter().map(common::ron).collect();
            for _ in 0..number(1, 2000) {
                for text in &texts {
                    findings +=
                        draft::parse_str(Path::new("x.ron"), text).map_or(0, |d| d.lines.len());
                }
            }
            println!("{findings} lines parsed");
        }
        "check" => {
            let Some(dir) = args.get(1) else {
                eprintln!("usage: validate_loop check DIR");
                return ExitCode::from(2);
            };
            let mut files: Vec<_> = match std::fs::read_dir(dir) {
                Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
                Err(error) => {
                    eprintln!("{dir}: {error}");
                    return ExitCode::from(2);
                }
            };
            files.sort();
            let code = cpt_guidance::cli::check(&files, false, &reference, &mut std::io::sink());
            println!("{} files checked, exit code {code}", files.len());
        }
        other => {
            eprintln!(
                "unknown mode {other}: validate[-typical|-large] N, parse N, load, check DIR \
                 or write DIR N"
            );
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
