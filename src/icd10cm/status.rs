//! What a typed diagnosis code is on a date of service: the release data, corrected by the
//! curated change dates, with enough context for the caller to explain the answer.

use super::{CodeSet, CodeSets, dotted, normalize, normalize_into};
use crate::date::Date;

/// The answer about one code. Codes here are in dotted display form (`M54.50`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The input cannot be an ICD-10-CM code.
    Malformed { input: String },
    /// Valid for claims.
    Billable { code: String, title: String },
    /// A category: claims need one of the billable codes under it, listed as (code, title).
    Header {
        code: String,
        title: String,
        billable_children: Vec<(String, String)>,
        /// Billable codes under it beyond those listed (see [`CodeSets::status_listing`]).
        unlisted_children: usize,
    },
    /// Well-formed, but not a code of the release checked.
    NotInCodeSet { code: String },
}

/// A [`Verdict`] and what it was checked against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiagnosisStatus {
    pub verdict: Verdict,
    /// Id of the release checked against (see [`super::ReleaseInfo::id`]).
    pub release_id: String,
    /// Name of the release checked against, to show a person.
    pub release: String,
    /// False when no bundled release covers the date and the nearest one was used.
    pub in_range: bool,
    /// When the date falls between two bundled releases that disagree about this code (absent,
    /// billable or header) and no curated date settles it: the names of those two releases.
    pub bracket: Option<(String, String)>,
    /// Set when a curated change date (from the manifest) decided the answer: its source.
    pub curated_source: Option<String>,
}

impl DiagnosisStatus {
    /// True for a billable code.
    pub fn is_billable(&self) -> bool {
        matches!(self.verdict, Verdict::Billable { .. })
    }
}

/// Absent, billable or header: what `bracket` compares between releases.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Absent,
    Billable,
    Header,
}

fn kind(set: &CodeSet, code: &str) -> Kind {
    match set.find(code) {
        None => Kind::Absent,
        Some(r) if r.billable => Kind::Billable,
        Some(_) => Kind::Header,
    }
}

/// The verdict of `set`'s data alone, listing at most `listed` children of a header.
fn verdict_in(set: &CodeSet, code: &str, listed: usize) -> Verdict {
    match set.find(code) {
        None => Verdict::NotInCodeSet { code: dotted(code) },
        Some(r) if r.billable => Verdict::Billable {
            code: r.dotted(),
            title: r.title.to_string(),
        },
        Some(r) => {
            let children = set.billable_children(code);
            Verdict::Header {
                code: r.dotted(),
                title: r.title.to_string(),
                billable_children: children
                    .iter()
                    .take(listed)
                    .map(|c| (c.dotted(), c.title.to_string()))
                    .collect(),
                unlisted_children: children.len().saturating_sub(listed),
            }
        }
    }
}

impl CodeSets {
    /// True when [`CodeSets::status`] would answer a plain `Billable` (in the release in force on
    /// `date`, no curated date involved, nothing to bracket), found without allocating: the
    /// common case of a claim's diagnosis, which then needs no explanation.
    pub fn is_plainly_billable(&self, code_input: &str, date: Date) -> bool {
        let mut buf = [0u8; 8];
        let Some(code) = normalize_into(code_input, &mut buf) else {
            return false;
        };
        let selection = self.for_date(date);
        selection.in_range
            && !self.curated_changes().iter().any(|c| c.code == code)
            && self.added_on(code).is_none()
            && selection.set.find(code).is_some_and(|r| r.billable)
    }

    /// Checks a typed code against the release in force on `date` (see [`CodeSets::for_date`]),
    /// letting the manifest's curated dates override the release data where they apply. A
    /// header lists every billable code under it.
    pub fn status(&self, code_input: &str, date: Date) -> DiagnosisStatus {
        self.status_listing(code_input, date, usize::MAX)
    }

    /// [`CodeSets::status`], listing at most `listed` billable codes under a header (and counting
    /// the rest): a header such as S72 has hundreds, and a finding names a few.
    pub fn status_listing(&self, code_input: &str, date: Date, listed: usize) -> DiagnosisStatus {
        let selection = self.for_date(date);
        let set = selection.set;
        let mut out = DiagnosisStatus {
            verdict: Verdict::Malformed {
                input: code_input.to_string(),
            },
            release_id: set.release().id.clone(),
            release: set.release().name.clone(),
            in_range: selection.in_range,
            bracket: None,
            curated_source: None,
        };
        let Some(code) = normalize(code_input) else {
            return out;
        };

        if let Some(change) = self.curated_changes().iter().find(|c| c.code == code) {
            out.curated_source = Some(change.source.clone());
            let title = self.title_near(&code, set);
            out.verdict = if date < change.becomes_header_on {
                Verdict::Billable {
                    code: dotted(&code),
                    title,
                }
            } else if kind(set, &code) == Kind::Header {
                verdict_in(set, &code, listed)
            } else {
                Verdict::Header {
                    code: dotted(&code),
                    title,
                    billable_children: change
                        .children
                        .iter()
                        .take(listed)
                        .map(|c| (dotted(c), self.title_near(c, set)))
                        .collect(),
                    unlisted_children: change.children.len().saturating_sub(listed),
                }
            };
            return out;
        }

        if let Some((added_on, source)) = self.added_on(&code) {
            out.curated_source = Some(source.to_string());
            out.verdict = if date < added_on {
                Verdict::NotInCodeSet {
                    code: dotted(&code),
                }
            } else {
                // The selected release may predate the code: ask the nearest one that has it.
                let holder = self
                    .releases()
                    .iter()
                    .filter(|s| s.find(&code).is_some())
                    .min_by_key(|s| s.release().days_from(date))
                    .unwrap_or(set);
                verdict_in(holder, &code, listed)
            };
            return out;
        }

        out.verdict = verdict_in(set, &code, listed);
        if !selection.in_range
            && let Some((before, after)) = self.around(date)
            && kind(before, &code) != kind(after, &code)
        {
            out.bracket = Some((before.release().name.clone(), after.release().name.clone()));
        }
        out
    }

    /// The curated date from which `code` exists, and its source: a curated addition, or a child
    /// of a curated change.
    fn added_on(&self, code: &str) -> Option<(Date, &str)> {
        let addition = self
            .curated_additions()
            .iter()
            .find(|a| a.code == code)
            .map(|a| (a.added_on, a.source.as_str()));
        addition.or_else(|| {
            self.curated_changes()
                .iter()
                .find(|c| c.children.iter().any(|child| child == code))
                .map(|c| (c.becomes_header_on, c.source.as_str()))
        })
    }

    /// The title of `code` in `preferred`, else in the newest release that has it.
    fn title_near(&self, code: &str, preferred: &CodeSet) -> String {
        preferred
            .find(code)
            .or_else(|| self.releases().iter().rev().find_map(|s| s.find(code)))
            .map(|r| r.title.to_string())
            .unwrap_or_default()
    }
}
