//! Bytes → `draft::parse_bytes` → (when it parses) `rules::validate_at` with the embedded
//! reference. Any panic, overflow or hang is a bug: see docs/RELIABILITY.md. Also: for text, the
//! fast reader and the general RON parser give the same answer (`draft::parse_str_ron_only`).

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use cpt_guidance::date::Date;
use cpt_guidance::reference::Reference;
use cpt_guidance::{draft, rules};
use libfuzzer_sys::fuzz_target;

fn reference() -> &'static Reference {
    static REFERENCE: OnceLock<Reference> = OnceLock::new();
    REFERENCE.get_or_init(|| match Reference::embedded() {
        Ok(reference) => reference,
        Err(error) => panic!("the embedded reference does not load: {error}"),
    })
}

fuzz_target!(|bytes: &[u8]| {
    let reference = reference();
    if let Ok(text) = std::str::from_utf8(bytes) {
        let label = Path::new("fuzz.ron");
        let fast = draft::parse_str(label, text).map_err(|e| e.to_string());
        let ron = draft::parse_str_ron_only(label, text).map_err(|e| e.to_string());
        assert_eq!(fast, ron, "the fast reader and ron disagree on {text:?}");
    }
    if let Ok(claim) = draft::parse_bytes(Path::new("fuzz.ron"), bytes) {
        // A fixed "today", so a finding found once is found again when replayed.
        let today = Date::new(2026, 3, 20).unwrap_or_else(Date::today_utc);
        let findings = rules::validate_at(&claim, reference, today);
        for finding in &findings {
            if let Some(line) = finding.target.line_index() {
                assert!(line < claim.lines.len(), "{finding:?}");
            }
            if let Some(diagnosis) = finding.target.diagnosis_index() {
                assert!(diagnosis < claim.diagnoses.len(), "{finding:?}");
            }
        }
    }
});
