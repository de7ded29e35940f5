//! `manifest.ron`: which releases are bundled, when each is in force, and the change dates that
//! are known exactly (curated by hand from the official addenda).

use serde::Deserialize;

use super::{Icd10Error, normalize};
use crate::date::Date;

/// One bundled release, as listed in the manifest.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseInfo {
    /// Short stable key, e.g. `2026-04`.
    pub id: String,
    /// What to show a person, e.g. `FY2026 ICD-10-CM (April 1, 2026 update)`.
    pub name: String,
    /// First day of service the release applies to.
    pub effective_from: Date,
    /// Last day of service the release applies to (inclusive).
    pub effective_to: Date,
    /// Where the data came from (package, version, file, origin).
    pub source: String,
    /// Number of codes of this release in the data file; checked when loading.
    pub code_count: usize,
    /// Number of billable codes of this release in the data file; checked when loading.
    pub billable_count: usize,
}

impl ReleaseInfo {
    /// True when `date` falls within the effective range.
    pub fn contains(&self, date: Date) -> bool {
        self.effective_from <= date && date <= self.effective_to
    }

    /// Days from `date` to the effective range (0 inside it).
    pub fn days_from(&self, date: Date) -> i64 {
        if date < self.effective_from {
            self.effective_from.days_since_epoch() - date.days_since_epoch()
        } else if date > self.effective_to {
            date.days_since_epoch() - self.effective_to.days_since_epoch()
        } else {
            0
        }
    }
}

/// A billable code that became a header on a known date; its children are new on that date.
/// Codes are kept dot-less once loaded.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CuratedChange {
    pub code: String,
    pub becomes_header_on: Date,
    pub children: Vec<String>,
    pub source: String,
}

/// A code that does not exist before a known date (it is in the bundled file already).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CuratedAddition {
    pub code: String,
    pub added_on: Date,
    pub source: String,
}

/// The whole manifest file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Manifest {
    /// The data file's name, beside the manifest: every release's codes (see `merged.rs`).
    pub file: String,
    pub releases: Vec<ReleaseInfo>,
    #[serde(default)]
    pub curated_changes: Vec<CuratedChange>,
    #[serde(default)]
    pub curated_additions: Vec<CuratedAddition>,
}

impl Manifest {
    /// Parses and checks the manifest; `file` names it in errors.
    pub(crate) fn parse(file: &str, text: &str) -> Result<Manifest, Icd10Error> {
        let mut manifest: Manifest = ron::from_str(text).map_err(|e| Icd10Error::Manifest {
            file: file.to_string(),
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })?;
        let invalid = |message: String| Icd10Error::Invalid {
            file: file.to_string(),
            message,
        };
        if !crate::bounded_read::is_plain_file_name(&manifest.file) {
            return Err(invalid(format!(
                "\"{}\" is not the name of a file in the manifest's folder (no folders, no absolute paths)",
                manifest.file
            )));
        }
        if manifest.releases.is_empty() {
            return Err(invalid("no release is listed".into()));
        }
        for r in &manifest.releases {
            if r.effective_from > r.effective_to {
                return Err(invalid(format!("release {} ends before it starts", r.id)));
            }
        }
        let code_of = |raw: &str| {
            normalize(raw).ok_or_else(|| invalid(format!("\"{raw}\" is not an ICD-10-CM code")))
        };
        for change in &mut manifest.curated_changes {
            change.code = code_of(&change.code)?;
            for child in &mut change.children {
                *child = code_of(child)?;
                if !(child.starts_with(&change.code) && child.len() > change.code.len()) {
                    return Err(invalid(format!("{child} is not under {}", change.code)));
                }
            }
        }
        for addition in &mut manifest.curated_additions {
            addition.code = code_of(&addition.code)?;
        }
        Ok(manifest)
    }
}
