//! Claim drafts made up for the benchmarks and the profiling driver: deterministic (a fixed-seed
//! generator), varied (codes with and without reference entries, header and billable diagnoses,
//! dates inside and between the bundled ICD-10-CM releases, unknown modifiers), and shaped like
//! real claims (a primary procedure, its guidance, one or two diagnoses).
//!
//! Shared by `benches/*.rs` and `examples/validate_loop.rs` through `#[path]`.

#![allow(dead_code)] // Each user takes what it needs.

use std::path::{Path, PathBuf};

use cpt_guidance::claim::{ClaimDraft, Documentation, ServiceLine};
use cpt_guidance::date::Date;

/// The "today" every benchmark validates against, so results do not drift with the calendar.
pub fn today() -> Date {
    Date::new(2026, 6, 15).unwrap_or_else(Date::today_utc)
}

const PRIMARIES: &[&str] = &[
    "47000", "50200", "62323", "32408", "20206", "49180", "38505", "10005", "20610", "27096",
    "22510", "32555", "49405", "64483", "10021", "19083", "60100", "99213",
];
const GUIDANCE: &[&str] = &["77012", "77003", "77014", "76942", "77002", "77021"];
const MODIFIERS: &[&str] = &["26", "26", "26", "TC", "59", "XS", "XU", "LT", "RT", "ZZ"];
const DIAGNOSES: &[&str] = &[
    "C78.7", "R91.1", "K76.89", "N28.89", "M54.50", "M54.5", "M48.061", "C34.90", "J86.9", "D48.5",
    "C22.0", "K68.11", "M89.751", "R19.00", "S72.001A", "M54.16", "E11.9", "I10", "C50.911",
    "R59.0", "R16.0", "K83.8", "C25.0", "M51.16", "R22.2", "Z99.999", "C7A.00",
];
const PLACES: &[&str] = &["22", "22", "11", "19", "24", "21", "49", "98"];
const DATES: &[&str] = &[
    "2026-05-11",
    "2026-04-02",
    "2026-01-20",
    "2025-06-30",
    "2025-09-12",
    "2023-03-01",
    "2021-02-14",
    "2026-07-04",
];

/// A small xorshift generator: no dependency, the same drafts on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A draft with `lines` service lines (every third a guidance code) and `diagnoses` diagnoses.
pub fn draft(seed: u64, lines: usize, diagnoses: usize) -> ClaimDraft {
    let mut rng = Rng::new(seed);
    let diagnoses: Vec<String> = (0..diagnoses)
        .map(|_| rng.pick(DIAGNOSES).to_string())
        .collect();
    let count = diagnoses.len().max(1) as u32;
    let lines = (0..lines)
        .map(|i| {
            let code = if i % 3 == 1 {
                rng.pick(GUIDANCE)
            } else {
                rng.pick(PRIMARIES)
            };
            let modifiers = (0..rng.below(3))
                .map(|_| rng.pick(MODIFIERS).to_string())
                .collect();
            let pointers = (0..1 + rng.below(2))
                .map(|_| 1 + rng.below(count as usize) as u32)
                .collect();
            ServiceLine {
                code: code.to_string(),
                modifiers,
                units: if rng.chance(10) { 2 } else { 1 },
                diagnosis_pointers: pointers,
            }
        })
        .collect();
    ClaimDraft {
        title: format!("Generated draft {seed}"),
        date_of_service: rng.pick(DATES).to_string(),
        place_of_service: rng.pick(PLACES).to_string(),
        diagnoses,
        lines,
        documentation: Documentation {
            medical_necessity: rng.chance(80),
            target_site: if rng.chance(80) {
                "right hepatic lobe lesion".to_string()
            } else {
                String::new()
            },
            procedure_performed: rng.chance(90),
            supervision_and_interpretation: rng.chance(85),
        },
        notes: "Generated for the benchmarks.".to_string(),
        ..ClaimDraft::default()
    }
}

/// A typical draft: 3 lines (procedure, guidance, procedure), 2 diagnoses.
pub fn typical() -> ClaimDraft {
    draft(7, 3, 2)
}

/// A large draft: 50 lines, 12 diagnoses (the most a claim carries).
pub fn large() -> ClaimDraft {
    draft(11, 50, 12)
}

/// The draft as the app saves it.
pub fn ron(draft: &ClaimDraft) -> String {
    cpt_guidance::draft::to_ron_string(draft).unwrap_or_default()
}

/// Writes `count` drafts (1 to 5 lines, 1 to 4 diagnoses; one in 200 not valid RON) into `dir`
/// as `draft-00000.ron` ...; returns the paths in name order.
pub fn write_drafts(dir: &Path, count: usize) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = Vec::with_capacity(count);
    for n in 0..count {
        let mut rng = Rng::new(n as u64 + 1000);
        let path = dir.join(format!("draft-{n:05}.ron"));
        let text = if n % 200 == 199 {
            "(format_version: 1,\n  lines: [oops],\n)\n".to_string()
        } else {
            let lines = 1 + rng.below(5);
            let diagnoses = 1 + rng.below(4);
            ron(&draft(n as u64, lines, diagnoses))
        };
        std::fs::write(&path, text)?;
        paths.push(path);
    }
    Ok(paths)
}
