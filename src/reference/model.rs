//! The shapes of the reference data in `reference/*.ron`. Facts live in the data files; these
//! types only say what a file may hold. Every table row carries a `source` so a finding can cite it.

use serde::{Deserialize, Serialize};

/// What kind of service a code describes; drives which rules look at a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CodeKind {
    /// Image guidance for needle or catheter placement (77003, 77012, 76942, ...).
    ImageGuidance,
    /// A radiation-oncology service (77014 in CPT, simulation, treatment delivery).
    RadiationOncology,
    /// A procedure a guidance code can accompany (biopsy, injection, drainage, ...).
    Procedure,
    /// Anything else the reference mentions.
    Other,
}

/// The imaging modality of a guidance code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Modality {
    Ct,
    Fluoroscopy,
    Ultrasound,
    Mr,
}

impl Modality {
    pub fn label(self) -> &'static str {
        match self {
            Modality::Ct => "CT",
            Modality::Fluoroscopy => "fluoroscopy",
            Modality::Ultrasound => "ultrasound",
            Modality::Mr => "MR",
        }
    }
}

/// A diagnosis code as a source document lists it, with the title the document gives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListedDiagnosis {
    pub code: String,
    pub title: String,
    /// Where the source's title or code differs from ICD-10-CM, what the code set says.
    #[serde(default)]
    pub note: Option<String>,
}

/// A row of a source document's modifier table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListedModifier {
    pub modifier: String,
    pub description: String,
    pub when_to_use: String,
}

/// One code's reference entry. Guidance codes carry every section of their source document;
/// short entries (primary procedures, related codes) carry only a plain-language description.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CodeEntry {
    pub code: String,
    pub kind: CodeKind,
    /// Our own one-line, plain-language description (CPT descriptors are AMA copyright).
    pub description: String,
    /// A warning shown above everything else (77014: the source mixes it up with 77012).
    #[serde(default)]
    pub banner: Option<String>,
    /// The descriptor exactly as the source document states it.
    #[serde(default)]
    pub source_descriptor: Option<String>,
    #[serde(default)]
    pub summary: Vec<String>,
    #[serde(default)]
    pub service_type: Option<String>,
    #[serde(default)]
    pub clinical_indications: Vec<String>,
    #[serde(default)]
    pub procedure_steps: Vec<String>,
    #[serde(default)]
    pub coding_guidelines: Vec<String>,
    #[serde(default)]
    pub icd10_codes: Vec<ListedDiagnosis>,
    #[serde(default)]
    pub modifiers: Vec<ListedModifier>,
    #[serde(default)]
    pub payers: Vec<String>,
    #[serde(default)]
    pub sites_of_service: Vec<String>,
    #[serde(default)]
    pub vignette: Option<String>,
    #[serde(default)]
    pub readers_learn: Option<String>,
    /// Remarks such as "data not available in the source" or cross-references.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Where this entry's content comes from (seed file, CPT/CMS publication).
    pub source: String,
}

/// One titled section of an entry, as every view (CLI, app, reports) shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct EntrySection {
    pub title: &'static str,
    pub items: Vec<String>,
    /// A list of items (bullets or numbers) rather than one paragraph.
    pub is_list: bool,
}

impl CodeEntry {
    /// True when the entry carries a whole source document, not just a description.
    pub fn is_full(&self) -> bool {
        !self.coding_guidelines.is_empty() || !self.summary.is_empty()
    }

    /// The entry's non-empty sections in reading order.
    pub fn sections(&self) -> Vec<EntrySection> {
        let paragraph = |title, text: &Option<String>| EntrySection {
            title,
            items: text.iter().cloned().collect(),
            is_list: false,
        };
        let list = |title, items: &[String]| EntrySection {
            title,
            items: items.to_vec(),
            is_list: true,
        };
        let diagnoses: Vec<String> = self
            .icd10_codes
            .iter()
            .map(|d| match &d.note {
                Some(note) => format!("{} - {} (note: {note})", d.code, d.title),
                None => format!("{} - {}", d.code, d.title),
            })
            .collect();
        let modifiers: Vec<String> = self
            .modifiers
            .iter()
            .map(|m| format!("{} {}: {}", m.modifier, m.description, m.when_to_use))
            .collect();
        [
            paragraph("Descriptor in the source document", &self.source_descriptor),
            list("Summary", &self.summary),
            paragraph("Service type", &self.service_type),
            list("Clinical indications", &self.clinical_indications),
            list("Procedure steps", &self.procedure_steps),
            list("Coding guidelines", &self.coding_guidelines),
            list("Associated ICD-10 codes", &diagnoses),
            list("Modifiers", &modifiers),
            list("Payers", &self.payers),
            list("Typical sites of service", &self.sites_of_service),
            paragraph("Clinical vignette", &self.vignette),
            paragraph("What readers learn", &self.readers_learn),
            list("Notes", &self.notes),
        ]
        .into_iter()
        .filter(|section| !section.items.is_empty())
        .collect()
    }
}

/// A guidance code and how the rules treat it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuidanceCode {
    pub code: String,
    pub modality: Modality,
    /// Spine or paraspinous targets only (77003).
    #[serde(default)]
    pub spine_only: bool,
    /// The app's subject codes (77003, 77012, 77014): the standalone, unit and documentation
    /// rules apply to them.
    #[serde(default)]
    pub core: bool,
    /// The entry whose source-listed ICD-10 codes are this code's indications for the
    /// medical-necessity check (77012 borrows the seed's 77014 list); `None`: not checked.
    #[serde(default)]
    pub indications_from: Option<String>,
    /// For a code that is often used by mistake, the code to use instead and when.
    #[serde(default)]
    pub use_instead: Option<String>,
    /// From this date of service (YYYY-MM-DD) the code's status is in doubt: the rules add an
    /// information finding with `verify_note`.
    #[serde(default)]
    pub verify_from: Option<String>,
    #[serde(default)]
    pub verify_note: Option<String>,
    pub source: String,
}

/// Which guidance codes a bundling row applies to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AppliesTo {
    /// Every image-guidance code.
    AllGuidance,
    /// Only these guidance codes.
    Codes(Vec<String>),
}

/// Primary codes whose descriptor already includes imaging guidance, so a guidance code must not
/// be added. `codes` holds single codes and ranges written "62320-62329".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuidanceIncluded {
    pub codes: Vec<String>,
    pub applies_to: AppliesTo,
    /// What the descriptor includes, in plain words.
    pub what: String,
    /// For a without-guidance primary, the with-guidance code to report instead ("62320" → "62321").
    #[serde(default)]
    pub use_instead: Vec<(String, String)>,
    pub source: String,
}

/// A list of primary codes with a purpose and a source (77003's listed primaries, needle
/// procedures for the 77014 warning, radiation-therapy simulation codes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CodeList {
    pub codes: Vec<String>,
    pub source: String,
}

/// The description of one rule: what the validator reports and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleInfo {
    pub id: String,
    pub title: String,
    /// The rule in plain words, for tooltips and reports.
    pub explanation: String,
    pub source: String,
    /// The reference entry that explains the rule ("77012"), when there is one.
    #[serde(default)]
    pub entry: Option<String>,
}

/// All rule tables (`reference/rules.ron`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleTables {
    pub guidance_codes: Vec<GuidanceCode>,
    pub guidance_included: Vec<GuidanceIncluded>,
    /// Primary codes CPT lists for +77003.
    pub fluoroscopy_77003_primaries: CodeList,
    /// Needle procedures (biopsy, aspiration, drainage, injection, localization): with 77014, warn.
    pub needle_procedures: CodeList,
    /// Modifiers that mark a distinct procedure (59, XE, XS, XP, XU).
    pub distinct_procedure_modifiers: CodeList,
    /// Modifiers that justify a second unit or line of the same guidance code (59, XE, XS, XU).
    pub distinct_lesion_modifiers: CodeList,
    /// Modifiers that replace 59 and must not stand beside it on a line.
    pub x_modifiers: CodeList,
    pub rules: Vec<RuleInfo>,
}

/// A modifier the app knows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModifierInfo {
    pub modifier: String,
    pub name: String,
    pub meaning: String,
    pub source: String,
}

/// A CMS place-of-service code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceOfService {
    pub code: String,
    pub name: String,
    /// Facility settings, where the physician bills the professional component (26).
    pub facility: bool,
    pub source: String,
}

/// A diagnosis code the app knows, with the dates it may be reported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KnownDiagnosis {
    pub code: String,
    pub title: String,
    /// First date of service the code is billable; `None`: since ICD-10-CM began.
    #[serde(default)]
    pub billable_from: Option<String>,
    /// Last date of service the code is billable; `None`: still billable.
    #[serde(default)]
    pub billable_until: Option<String>,
    /// The codes to use when this one is not billable (its children or replacements).
    #[serde(default)]
    pub use_instead: Vec<String>,
    pub source: String,
}

/// Version and date of the reference data (`reference/manifest.ron`), and the files it lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: String,
    pub effective_date: String,
    /// Files holding one full `CodeEntry` each.
    pub full_entries: Vec<String>,
    /// Files holding a list of short `CodeEntry`s.
    pub short_entries: Vec<String>,
    pub rules: String,
    pub modifiers: String,
    pub places_of_service: String,
    pub diagnoses: String,
}
