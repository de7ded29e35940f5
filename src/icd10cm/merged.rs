//! The data file: every release's codes in one text, a line per distinct (code, title) with a
//! column saying which releases hold it (written by `tools/icd10cm_merge.py`).
//!
//! ```text
//! #releases<TAB>fy2021<TAB>2025-04<TAB>2026-04
//! A00<TAB>000<TAB>Cholera
//! M545<TAB>1..<TAB>Low back pain
//! ```
//!
//! The mask has a character per release, in the order of the first line: `1` billable there,
//! `0` a header there, `.` not there (or there under another title, on another line). Releases
//! share almost every line, so this is a third of the size of a file per release: a third of
//! the text to embed, to page in and to scan.

use std::borrow::Cow;
use std::sync::Arc;

use super::codeset::{Entry, code_key};
use super::{CodeSet, Icd10Error, ReleaseInfo, is_code_shape};

/// What the first line starts with, before the release ids.
const HEADER: &str = "#releases\t";

/// The mask character of a release that does not hold the line.
const ABSENT: u8 = b'.';

/// Parses the data file `file` into one [`CodeSet`] per release of the manifest, in the
/// manifest's order. Errors name the file and line.
pub(super) fn parse(
    file: &str,
    text: Cow<'static, str>,
    releases: Vec<ReleaseInfo>,
) -> Result<Vec<CodeSet>, Icd10Error> {
    let data_error = |line: usize, message: String| Icd10Error::Data {
        file: file.to_string(),
        line,
        message,
    };
    if u32::try_from(text.len()).is_err() {
        return Err(data_error(0, "the file is larger than 4 GiB".into()));
    }
    let text = Arc::new(text);
    let header = text.split_inclusive('\n').next().unwrap_or("");
    let columns = release_columns(header, &releases).map_err(|m| data_error(1, m))?;
    let mask_len = u8::try_from(columns.len())
        .map_err(|_| data_error(1, "more than 255 releases in one file".into()))?;

    let mut entries: Vec<Vec<Entry>> = releases
        .iter()
        .map(|r| Vec::with_capacity(r.code_count))
        .collect();
    let mut last_code: Vec<&str> = vec![""; releases.len()];
    let mut previous = "";
    let mut at = header.len();
    let mut lineno = 1;
    // Lines and fields are found by byte (a line ends at `\n`, found with memchr; the first two
    // fields are short): the file is 8 MB and loading it is part of every command-line run.
    while at < text.len() {
        lineno += 1;
        let end = memchr::memchr(b'\n', text.as_bytes().get(at..).unwrap_or(&[]))
            .map_or(text.len(), |i| at + i);
        let line_at = at;
        let raw = text.get(at..end).unwrap_or("");
        at = end + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let Some((code, mask, title)) = split_line(line) else {
            return Err(data_error(
                lineno,
                "expected CODE<TAB>MASK<TAB>title".into(),
            ));
        };
        if !is_code_shape(code, 3) {
            return Err(data_error(
                lineno,
                format!("\"{code}\" is not a dot-less upper-case code"),
            ));
        }
        if code < previous {
            return Err(data_error(
                lineno,
                format!("{code} is not after {previous}: sort by code"),
            ));
        }
        if mask.len() != columns.len() {
            return Err(data_error(
                lineno,
                format!(
                    "the mask \"{mask}\" has {} characters for {} releases",
                    mask.len(),
                    columns.len()
                ),
            ));
        }
        if title.trim().is_empty() || memchr::memchr(b'\t', title.as_bytes()).is_some() {
            return Err(data_error(
                lineno,
                "the title is empty or holds a tab".into(),
            ));
        }
        previous = code;
        // The key always exists: the code's shape (at most 7 bytes) was checked above.
        let (Some(key), Ok(title_len)) = (code_key(code.as_bytes()), u16::try_from(title.len()))
        else {
            return Err(data_error(
                lineno,
                "the title is longer than 65,535 bytes".into(),
            ));
        };
        for (&release, flag) in columns.iter().zip(mask.bytes()) {
            let billable = match flag {
                b'1' => true,
                b'0' => false,
                ABSENT => continue,
                _ => {
                    return Err(data_error(
                        lineno,
                        format!("the mask \"{mask}\" holds other than 1, 0 and ."),
                    ));
                }
            };
            let (Some(list), Some(last)) = (entries.get_mut(release), last_code.get_mut(release))
            else {
                continue;
            };
            if *last == code {
                let id = releases.get(release).map_or("", |r| r.id.as_str());
                return Err(data_error(
                    lineno,
                    format!("{code} is on two lines for release {id}"),
                ));
            }
            *last = code;
            list.push(Entry {
                key,
                code_at: line_at as u32,
                title_len,
                code_len: code.len() as u8,
                billable,
            });
        }
    }
    Ok(releases
        .into_iter()
        .zip(entries)
        .map(|(info, entries)| CodeSet::from_parts(info, Arc::clone(&text), mask_len, entries))
        .collect())
}

/// `CODE<TAB>MASK<TAB>title` split at its first two tabs.
fn split_line(line: &str) -> Option<(&str, &str, &str)> {
    let (code, rest) = line.split_at_checked(line.bytes().position(|b| b == b'\t')?)?;
    let rest = rest.get(1..)?;
    let (mask, rest) = rest.split_at_checked(rest.bytes().position(|b| b == b'\t')?)?;
    Some((code, mask, rest.get(1..)?))
}

/// For each column of the header, the index of its release in `releases`; every release must
/// have exactly one column, and every column must be a release of the manifest.
fn release_columns(header: &str, releases: &[ReleaseInfo]) -> Result<Vec<usize>, String> {
    let ids = header
        .trim_end_matches(['\n', '\r'])
        .strip_prefix(HEADER)
        .ok_or("expected #releases<TAB>ID<TAB>ID... naming the releases of the mask")?;
    let mut columns = Vec::new();
    for id in ids.split('\t') {
        let release = releases
            .iter()
            .position(|r| r.id == id)
            .ok_or_else(|| format!("release \"{id}\" is not in the manifest"))?;
        if columns.contains(&release) {
            return Err(format!("release \"{id}\" has two columns"));
        }
        columns.push(release);
    }
    match releases
        .iter()
        .find(|r| !ids.split('\t').any(|id| id == r.id))
    {
        Some(missing) => Err(format!("release \"{}\" has no column", missing.id)),
        None => Ok(columns),
    }
}
