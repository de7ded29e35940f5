//! ICD-10-CM diagnosis codes, by release: is a code valid on the date of service, is it billable
//! or a header, which billable codes sit under a header, and search as the user types.
//!
//! The data are the bundled files under `reference/icd10cm/` (`codes.tsv`, every release's codes
//! in one file, plus `manifest.ron`), made by `tools/icd10cm_import.py` and
//! `tools/icd10cm_merge.py`. [`embedded`] parses the copies compiled into
//! the binary once; [`CodeSets::load_dir`] reads a directory instead (the only file I/O here).
//!
//! Codes are handled without their dot (`M545`); [`dotted`] gives the display form (`M54.5`).

mod codeset;
mod embedded;
mod manifest;
mod merged;
mod sets;
mod status;

pub use codeset::{CodeRecord, CodeSet};
pub use embedded::{embedded, embedded_error, parse_embedded};
pub use manifest::{CuratedAddition, CuratedChange, ReleaseInfo};
pub use sets::{CodeSets, Selection};
pub use status::{DiagnosisStatus, Verdict};

use crate::date::Date;

/// Why ICD-10-CM data could not be loaded. Each names the file and, where known, line and column.
#[derive(Debug, thiserror::Error)]
pub enum Icd10Error {
    #[error("cannot read {path}: {source}")]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("{file}:{line}:{column}: {message}")]
    Manifest {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}:{line}: {message}")]
    Data {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
    #[error(
        "{file}: the manifest says {expected_codes} codes ({expected_billable} billable), \
         the file has {codes} ({billable} billable)"
    )]
    CountMismatch {
        file: String,
        expected_codes: usize,
        expected_billable: usize,
        codes: usize,
        billable: usize,
    },
}

/// The dot-less, upper-case form of a code typed by a user (`" m54.5 "` → `M545`), or `None`
/// when it cannot be an ICD-10-CM code: a letter, a digit, an alphanumeric, then up to four
/// alphanumerics, with at most one dot, right after the third character.
pub fn normalize(input: &str) -> Option<String> {
    let mut buf = [0u8; 8];
    normalize_into(input, &mut buf).map(str::to_string)
}

/// [`normalize`] into a buffer on the stack: what the hot paths use, to allocate nothing.
pub(crate) fn normalize_into<'b>(input: &str, buf: &'b mut [u8; 8]) -> Option<&'b str> {
    let trimmed = input.trim();
    if !trimmed.is_ascii() {
        return None;
    }
    let mut len = 0;
    for (i, &b) in trimmed.as_bytes().iter().enumerate() {
        if i == 3 && b == b'.' {
            continue;
        }
        // Longer than the buffer is longer than any code: refused below either way.
        *buf.get_mut(len)? = b.to_ascii_uppercase();
        len += 1;
    }
    let code = std::str::from_utf8(buf.get(..len)?).ok()?;
    is_code_shape(code, 3).then_some(code)
}

/// True when `code` (dot-less, upper-case) has ICD-10-CM's shape and at least `min_len` characters.
fn is_code_shape(code: &str, min_len: usize) -> bool {
    let b = code.as_bytes();
    (min_len..=7).contains(&b.len())
        && b[0].is_ascii_uppercase()
        && b.get(1).is_none_or(u8::is_ascii_digit)
        && b.iter()
            .skip(2)
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
}

/// The display form of a dot-less code: `M545` → `M54.5`, `R91` → `R91`.
pub fn dotted(code: &str) -> String {
    match (code.get(..3), code.get(3..)) {
        (Some(head), Some(tail)) if !tail.is_empty() => {
            let mut out = String::with_capacity(code.len() + 1);
            out.push_str(head);
            out.push('.');
            out.push_str(tail);
            out
        }
        _ => code.to_string(),
    }
}

/// Checks a typed code against the embedded release in force on `date` (see [`CodeSets::status`]).
pub fn status(code_input: &str, date: Date) -> DiagnosisStatus {
    embedded().status(code_input, date)
}

#[cfg(test)]
mod tests;
