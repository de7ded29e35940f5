//! The claim rules: one pure function from a draft and the reference data to findings.
//!
//! No egui, no I/O: the desktop app and the command line both call [`validate`]. Each rule family
//! lives in its own file; rule ids, titles and sources are data in `reference/rules.ron`.

mod claim_fields;
mod diagnoses;
mod guidance;
mod lines;
mod modifiers;

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

use crate::claim::ClaimDraft;
use crate::date::Date;
use crate::reference::Reference;

/// How serious a finding is. Ordered from most to least serious.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The claim would be wrong as it stands.
    Error,
    /// Probably wrong, or needs documentation to be right.
    Warning,
    /// Worth a look; nothing is wrong yet.
    Info,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A documentation item the source's coding guideline asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentationItem {
    MedicalNecessity,
    TargetSite,
    ProcedurePerformed,
    SupervisionAndInterpretation,
}

/// The part of the draft a finding is about. Line and diagnosis indexes are 0-based here and
/// shown 1-based to people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldPath {
    Claim,
    DateOfService,
    PlaceOfService,
    Diagnoses,
    Diagnosis(usize),
    Lines,
    LineCode(usize),
    LineModifiers(usize),
    LineUnits(usize),
    LinePointers(usize),
    Documentation(DocumentationItem),
}

impl FieldPath {
    /// The 1-based service line this path is on, if any.
    pub fn line_number(self) -> Option<usize> {
        match self {
            FieldPath::LineCode(i)
            | FieldPath::LineModifiers(i)
            | FieldPath::LineUnits(i)
            | FieldPath::LinePointers(i) => Some(i + 1),
            _ => None,
        }
    }

    /// The 0-based service line index, if any.
    pub fn line_index(self) -> Option<usize> {
        self.line_number().map(|n| n - 1)
    }

    /// The 0-based diagnosis index, if any.
    pub fn diagnosis_index(self) -> Option<usize> {
        match self {
            FieldPath::Diagnosis(i) => Some(i),
            _ => None,
        }
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Claim => f.write_str("claim"),
            FieldPath::DateOfService => f.write_str("date_of_service"),
            FieldPath::PlaceOfService => f.write_str("place_of_service"),
            FieldPath::Diagnoses => f.write_str("diagnoses"),
            FieldPath::Diagnosis(i) => write!(f, "diagnoses[{}]", i + 1),
            FieldPath::Lines => f.write_str("lines"),
            FieldPath::LineCode(i) => write!(f, "lines[{}].code", i + 1),
            FieldPath::LineModifiers(i) => write!(f, "lines[{}].modifiers", i + 1),
            FieldPath::LineUnits(i) => write!(f, "lines[{}].units", i + 1),
            FieldPath::LinePointers(i) => write!(f, "lines[{}].diagnosis_pointers", i + 1),
            FieldPath::Documentation(item) => {
                let name = match item {
                    DocumentationItem::MedicalNecessity => "medical_necessity",
                    DocumentationItem::TargetSite => "target_site",
                    DocumentationItem::ProcedurePerformed => "procedure_performed",
                    DocumentationItem::SupervisionAndInterpretation => {
                        "supervision_and_interpretation"
                    }
                };
                write!(f, "documentation.{name}")
            }
        }
    }
}

impl Serialize for FieldPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A section of a code's reference entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Summary,
    ClinicalIndications,
    ProcedureSteps,
    CodingGuidelines,
    Icd10Codes,
    Modifiers,
    Notes,
}

/// Where the reference text behind a finding is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReferenceLink {
    /// An entry, optionally one section and one item of it (0-based).
    Entry {
        code: String,
        section: Option<Section>,
        item: Option<usize>,
    },
    /// The modifier dictionary.
    Modifier { modifier: String },
    /// The place-of-service table.
    PlaceOfService { code: String },
    /// The diagnosis table.
    Diagnosis { code: String },
    /// Only the rule's own description and source in `rules.ron`.
    Rule,
}

impl ReferenceLink {
    pub fn entry(code: &str) -> ReferenceLink {
        ReferenceLink::Entry {
            code: code.to_string(),
            section: None,
            item: None,
        }
    }

    pub fn section(code: &str, section: Section, item: Option<usize>) -> ReferenceLink {
        ReferenceLink::Entry {
            code: code.to_string(),
            section: Some(section),
            item,
        }
    }

    /// The entry code the link points into, if any.
    pub fn code(&self) -> Option<&str> {
        match self {
            ReferenceLink::Entry { code, .. } => Some(code),
            _ => None,
        }
    }
}

/// One thing the validator found.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Finding {
    /// Stable rule id, as listed in `reference/rules.ron` ("GUIDANCE_STANDALONE").
    pub rule: &'static str,
    pub severity: Severity,
    /// For people: names the codes and fields involved and what to do.
    pub message: String,
    /// The field or line the finding is about.
    pub target: FieldPath,
    /// The reference text behind the finding.
    pub link: ReferenceLink,
}

/// Guideline positions in the CT-guidance entries (77012, and the seed's 77014); a test checks
/// each points at the guideline that says it.
pub mod guideline {
    pub const STANDALONE: usize = 0;
    pub const SINGLE_SESSION: usize = 1;
    pub const MODIFIER_26_TC: usize = 2;
    pub const ONE_MODALITY: usize = 3;
    pub const DOCUMENTATION: usize = 4;
}

/// Checks a draft against today's date (UTC).
pub fn validate(draft: &ClaimDraft, reference: &Reference) -> Vec<Finding> {
    validate_at(draft, reference, Date::today_utc())
}

/// Checks a draft as of `today`: the pure form that tests and benchmarks call.
/// Findings come sorted by severity, then in claim order.
pub fn validate_at(draft: &ClaimDraft, reference: &Reference, today: Date) -> Vec<Finding> {
    let context = Context::new(draft, reference, today);
    let mut findings = Vec::new();
    claim_fields::check(&context, &mut findings);
    diagnoses::check(&context, &mut findings);
    lines::check(&context, &mut findings);
    modifiers::check(&context, &mut findings);
    guidance::check(&context, &mut findings);
    sort_by_severity(&mut findings);
    findings
}

/// A stable sort by severity (claim order kept within each), in one pass: three buckets instead
/// of a comparison sort, which moved the findings of a large draft many times over.
fn sort_by_severity(findings: &mut Vec<Finding>) {
    if findings.is_sorted_by_key(|f| f.severity) {
        return;
    }
    let bucket = |severity| match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    };
    let mut counts = [0usize; 3];
    for finding in findings.iter() {
        counts[bucket(finding.severity)] += 1;
    }
    let mut buckets = counts.map(Vec::with_capacity);
    for finding in findings.drain(..) {
        buckets[bucket(finding.severity)].push(finding);
    }
    for bucket in buckets {
        findings.extend(bucket);
    }
}

/// What every rule family needs, computed once per validation.
pub(crate) struct Context<'a> {
    pub draft: &'a ClaimDraft,
    pub reference: &'a Reference,
    pub today: Date,
    /// The date of service when it parses.
    pub date_of_service: Option<Date>,
    /// Each line's code, trimmed and upper-case (borrowed from the draft when it already is).
    pub codes: Vec<Cow<'a, str>>,
    /// Whether each line's code is an image-guidance code (looked up once, not per rule).
    pub is_guidance: Vec<bool>,
}

impl<'a> Context<'a> {
    fn new(draft: &'a ClaimDraft, reference: &'a Reference, today: Date) -> Context<'a> {
        let codes: Vec<Cow<'a, str>> = draft
            .lines
            .iter()
            .map(|l| {
                let code = l.code.trim();
                if code.bytes().any(|b| b.is_ascii_lowercase()) {
                    Cow::Owned(code.to_ascii_uppercase())
                } else {
                    Cow::Borrowed(code)
                }
            })
            .collect();
        let is_guidance = codes.iter().map(|c| reference.is_guidance(c)).collect();
        Context {
            draft,
            reference,
            today,
            date_of_service: Date::parse(&draft.date_of_service).ok(),
            codes,
            is_guidance,
        }
    }

    /// Lines whose code is an image-guidance code, with their index.
    pub fn guidance_lines(&self) -> impl Iterator<Item = (usize, &str)> {
        self.codes
            .iter()
            .zip(&self.is_guidance)
            .enumerate()
            .filter(|(_, (_, guidance))| **guidance)
            .map(|(i, (code, _))| (i, code.as_ref()))
    }

    /// Lines that can be the primary procedure: any non-empty code that is not guidance.
    pub fn primary_lines(&self) -> impl Iterator<Item = (usize, &str)> {
        self.codes
            .iter()
            .zip(&self.is_guidance)
            .enumerate()
            .filter(|(_, (code, guidance))| !code.is_empty() && !**guidance)
            .map(|(i, (code, _))| (i, code.as_ref()))
    }
}

/// Remembers values to tell repeats: a scan of a short array on the stack while there are few
/// (claims carry a few modifiers, pointers and diagnoses, and hashing or allocating would cost
/// more than comparing), a hash set once there are many, so a hostile draft with thousands of
/// items stays linear.
pub(crate) struct Seen<T> {
    few: [T; 16],
    count: usize,
    many: crate::reference::FastSet<T>,
}

impl<T: Copy + Default + Eq + std::hash::Hash> Seen<T> {
    pub fn new() -> Seen<T> {
        Seen {
            few: [T::default(); 16],
            count: 0,
            many: Default::default(),
        }
    }

    /// True when `value` is new (like `HashSet::insert`).
    pub fn insert(&mut self, value: T) -> bool {
        if self.many.is_empty() {
            let few = &self.few[..self.count];
            if few.contains(&value) {
                return false;
            }
            if let Some(slot) = self.few.get_mut(self.count) {
                *slot = value;
                self.count += 1;
                return true;
            }
            self.many.extend(self.few.iter().copied());
        }
        self.many.insert(value)
    }
}

/// A piece of a message for [`pieces`]: text, or a number written in decimal.
#[derive(Clone, Copy)]
pub(crate) enum Piece<'a> {
    S(&'a str),
    N(usize),
}

/// Joins message pieces into one string of exactly the right capacity: for findings a large
/// draft repeats by the hundred, where `format!` (its formatting machinery and the regrowing of
/// its string) was most of the cost of a validation.
pub(crate) fn pieces(groups: &[&[Piece]]) -> String {
    let len: usize = groups
        .iter()
        .flat_map(|g| g.iter())
        .map(|p| match p {
            Piece::S(s) => s.len(),
            Piece::N(_) => 20,
        })
        .sum();
    let mut out = String::with_capacity(len);
    for group in groups {
        for part in *group {
            match *part {
                Piece::S(s) => out.push_str(s),
                Piece::N(n) => push_decimal(&mut out, n),
            }
        }
    }
    out
}

/// Appends `n` in decimal.
fn push_decimal(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
}

/// How many lines a message names before "and N more".
const LISTED_LINES: usize = 8;

/// "47000 (line 1), 62323 (line 3)": how messages name lines; past [`LISTED_LINES`] the rest
/// are counted ("and 20 more lines"), so a message stays short whatever the draft's size.
pub(crate) fn describe_lines<'a>(lines: impl IntoIterator<Item = (usize, &'a str)>) -> String {
    let mut lines = lines.into_iter();
    let mut named: Vec<String> = lines
        .by_ref()
        .take(LISTED_LINES)
        .map(|(i, code)| format!("{code} (line {})", i + 1))
        .collect();
    let more = lines.count();
    if more > 0 {
        named.push(format!(
            "and {more} more line{}",
            if more == 1 { "" } else { "s" }
        ));
    }
    named.join(", ")
}

/// Joins codes as "59, XE, XS or XU".
pub(crate) fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Every rule id the validator can emit, so tests can check each is described in `rules.ron`.
pub const RULE_IDS: &[&str] = &[
    "GUIDANCE_STANDALONE",
    "GUIDANCE_MULTIPLE_MODALITIES",
    "GUIDANCE_UNITS",
    "GUIDANCE_INCLUDED_IN_PRIMARY",
    "FLUORO_77003_PRIMARY",
    "CT_77014_NEEDLE",
    "GUIDANCE_STATUS_VERIFY",
    "MODIFIER_26_TC",
    "MODIFIER_59_WITH_X",
    "MODIFIER_UNKNOWN",
    "MODIFIER_DUPLICATE",
    "FACILITY_NEEDS_26",
    "DX_NONE",
    "DX_TOO_MANY",
    "DX_FORMAT",
    "DX_DUPLICATE",
    "DX_NOT_BILLABLE",
    "DX_NOT_IN_CODE_SET",
    "DX_RELEASE_NEAREST",
    "DX_UNKNOWN",
    "DX_INDICATION",
    "POINTER_MISSING_DIAGNOSIS",
    "POINTER_NONE",
    "POINTER_TOO_MANY",
    "POINTER_DUPLICATE",
    "CODE_FORMAT",
    "CODE_UNKNOWN",
    "LINES_NONE",
    "UNITS_MIN",
    "DOS_MISSING",
    "DOS_FUTURE",
    "POS_UNKNOWN",
    "DOC_MEDICAL_NECESSITY",
    "DOC_TARGET_SITE",
    "DOC_PROCEDURE",
    "DOC_SUPERVISION",
];

#[cfg(test)]
mod tests {
    use super::Piece::{N, S};
    use super::*;

    #[test]
    fn seen_tells_repeats_before_and_after_it_grows() {
        let mut seen = Seen::new();
        for round in 0..2 {
            for n in 0u32..40 {
                assert_eq!(seen.insert(n), round == 0, "{n} in round {round}");
            }
        }
    }

    #[test]
    fn pieces_join_text_and_numbers() {
        assert_eq!(
            pieces(&[
                &[S("line "), N(0), S(", "), N(7)],
                &[S(" and "), N(1234567890)]
            ]),
            "line 0, 7 and 1234567890"
        );
        assert_eq!(pieces(&[]), "");
    }
}
