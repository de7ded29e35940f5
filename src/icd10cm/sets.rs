//! All bundled releases together with the curated change dates, and the choice of the release
//! that applies to a date of service.

use std::borrow::Cow;
use std::path::Path;

use super::manifest::Manifest;
use super::{CodeSet, CuratedAddition, CuratedChange, Icd10Error};
use crate::date::Date;

/// The name of the manifest inside a data directory.
pub(crate) const MANIFEST_FILE: &str = "manifest.ron";

/// Every release (sorted by `effective_from`, never empty) and the curated changes.
#[derive(Debug)]
pub struct CodeSets {
    sets: Vec<CodeSet>,
    changes: Vec<CuratedChange>,
    additions: Vec<CuratedAddition>,
}

/// The release chosen for a date of service.
#[derive(Clone, Copy, Debug)]
pub struct Selection<'a> {
    pub set: &'a CodeSet,
    /// False when no release covers the date and `set` is only the nearest one.
    pub in_range: bool,
}

/// A data file larger than this is refused (the bundled one is about 8 MB).
const MAX_RELEASE_FILE_BYTES: u64 = 64 * 1024 * 1024;

impl CodeSets {
    /// Reads `manifest.ron` and the data file it names from `dir`.
    pub fn load_dir(dir: &Path) -> Result<CodeSets, Icd10Error> {
        // Only regular files of a bounded size: a pipe or a device named in a reference folder
        // must not block or read without end (the bundled data file is about 8 MB).
        let read = |name: &str| {
            use crate::bounded_read::{BoundedReadError, read_regular_file};
            let path = dir.join(name);
            let bytes = read_regular_file(&path, MAX_RELEASE_FILE_BYTES).map_err(|error| {
                let source = match error {
                    BoundedReadError::Io(source) => source,
                    other => std::io::Error::other(other.to_string()),
                };
                Icd10Error::Io {
                    path: path.clone(),
                    source,
                }
            })?;
            String::from_utf8(bytes).map_err(|_| Icd10Error::Io {
                path,
                source: std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"),
            })
        };
        let manifest = read(MANIFEST_FILE)?;
        CodeSets::from_sources(MANIFEST_FILE, &manifest, |file| read(file).map(Cow::Owned))
    }

    /// Builds from a manifest text and a way to get the data file's text; checks the counts.
    pub(crate) fn from_sources(
        manifest_name: &str,
        manifest_text: &str,
        mut read: impl FnMut(&str) -> Result<Cow<'static, str>, Icd10Error>,
    ) -> Result<CodeSets, Icd10Error> {
        let manifest = Manifest::parse(manifest_name, manifest_text)?;
        let text = read(&manifest.file)?;
        let mut sets = super::merged::parse(&manifest.file, text, manifest.releases)?;
        for set in &sets {
            let info = set.release();
            if set.len() != info.code_count || set.billable_count() != info.billable_count {
                return Err(Icd10Error::CountMismatch {
                    file: format!("{} (release {})", manifest.file, info.id),
                    expected_codes: info.code_count,
                    expected_billable: info.billable_count,
                    codes: set.len(),
                    billable: set.billable_count(),
                });
            }
        }
        sets.sort_by_key(|s| s.release().effective_from);
        Ok(CodeSets {
            sets,
            changes: manifest.curated_changes,
            additions: manifest.curated_additions,
        })
    }

    /// A stand-in holding one empty release named after `reason`, in force on no date, so that
    /// callers of [`super::embedded`] always get an answer ("not in code set") rather than a panic.
    pub(crate) fn unavailable(reason: &str) -> CodeSets {
        let day = Date::from_days_since_epoch(0);
        let info = super::ReleaseInfo {
            id: "unavailable".into(),
            name: format!("no ICD-10-CM data ({reason})"),
            effective_from: day,
            effective_to: day,
            source: String::new(),
            code_count: 0,
            billable_count: 0,
        };
        CodeSets {
            sets: vec![CodeSet::empty(info)],
            changes: Vec::new(),
            additions: Vec::new(),
        }
    }

    /// The releases, oldest first.
    pub fn releases(&self) -> &[CodeSet] {
        &self.sets
    }

    /// Code changes whose dates are known exactly, from the manifest.
    pub fn curated_changes(&self) -> &[CuratedChange] {
        &self.changes
    }

    /// Codes whose creation date is known exactly, from the manifest.
    pub fn curated_additions(&self) -> &[CuratedAddition] {
        &self.additions
    }

    /// The release in force on `date` (the newest if several are); otherwise the nearest by days,
    /// the older one on a tie, with `in_range` false.
    pub fn for_date(&self, date: Date) -> Selection<'_> {
        // The common case first, by comparing dates only: a release covers the date.
        if let Some(set) = self.sets.iter().rev().find(|s| s.release().contains(date)) {
            return Selection {
                set,
                in_range: true,
            };
        }
        let mut best = 0;
        let mut best_days = i64::MAX;
        for (i, set) in self.sets.iter().enumerate() {
            let days = set.release().days_from(date);
            if days < best_days {
                best = i;
                best_days = days;
            }
        }
        Selection {
            // `sets` is never empty: the manifest must list a release, and the stand-in has one.
            set: &self.sets[best],
            in_range: false,
        }
    }

    /// The newest release ending before `date` and the oldest starting after it, when `date`
    /// falls between two releases.
    pub(crate) fn around(&self, date: Date) -> Option<(&CodeSet, &CodeSet)> {
        let before = self
            .sets
            .iter()
            .filter(|s| s.release().effective_to < date)
            .max_by_key(|s| s.release().effective_to)?;
        let after = self
            .sets
            .iter()
            .filter(|s| s.release().effective_from > date)
            .min_by_key(|s| s.release().effective_from)?;
        Some((before, after))
    }
}
