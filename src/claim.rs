//! The claim draft a user edits: what a saved draft file holds (format version 1).
//!
//! Field names are a contract with users' saved files. New fields must be optional with a default,
//! so an old draft always opens.

use serde::{Deserialize, Serialize};

/// The draft format this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;

/// One claim: date and place of service, diagnoses, service lines and documentation facts.
/// Text fields stay text (not parsed dates or codes) so a half-typed value is kept and reported
/// by the rules instead of refusing the file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimDraft {
    pub format_version: u32,
    #[serde(default)]
    pub title: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub date_of_service: String,
    /// A CMS place-of-service code ("22").
    #[serde(default)]
    pub place_of_service: String,
    /// ICD-10-CM codes in claim order; pointers refer to them from 1.
    #[serde(default)]
    pub diagnoses: Vec<String>,
    /// Service lines in claim order.
    #[serde(default)]
    pub lines: Vec<ServiceLine>,
    #[serde(default)]
    pub documentation: Documentation,
    #[serde(default)]
    pub notes: String,
}

impl Default for ClaimDraft {
    fn default() -> Self {
        ClaimDraft {
            format_version: FORMAT_VERSION,
            title: String::new(),
            date_of_service: String::new(),
            place_of_service: String::new(),
            diagnoses: Vec::new(),
            lines: Vec::new(),
            documentation: Documentation::default(),
            notes: String::new(),
        }
    }
}

/// One service line: a procedure code with its modifiers, units and diagnosis pointers.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceLine {
    pub code: String,
    #[serde(default)]
    pub modifiers: Vec<String>,
    #[serde(default = "one")]
    pub units: u32,
    /// 1-based positions in `ClaimDraft::diagnoses`.
    #[serde(default)]
    pub diagnosis_pointers: Vec<u32>,
}

fn one() -> u32 {
    1
}

impl Default for ServiceLine {
    fn default() -> Self {
        ServiceLine {
            code: String::new(),
            modifiers: Vec::new(),
            units: 1,
            diagnosis_pointers: vec![1],
        }
    }
}

impl ServiceLine {
    /// True when the line carries `modifier` (compared without case: users type "xu").
    pub fn has_modifier(&self, modifier: &str) -> bool {
        self.modifiers
            .iter()
            .any(|m| m.trim().eq_ignore_ascii_case(modifier))
    }

    /// The line's code as the rules compare it: trimmed and upper-case.
    pub fn normalized_code(&self) -> String {
        self.code.trim().to_ascii_uppercase()
    }
}

/// What the medical record documents, as the source's coding guideline asks:
/// "the medical necessity ..., the target lesion/site, the procedure performed, and the
/// supervision and interpretation".
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Documentation {
    #[serde(default)]
    pub medical_necessity: bool,
    /// The target lesion or site as documented; empty when not documented.
    #[serde(default)]
    pub target_site: String,
    #[serde(default)]
    pub procedure_performed: bool,
    #[serde(default)]
    pub supervision_and_interpretation: bool,
}
