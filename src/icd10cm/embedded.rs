//! The bundled data compiled into the binary, parsed once on first use.
//!
//! Adding a release: merge it into `reference/icd10cm/codes.tsv` and list it in `manifest.ron`
//! (see `tools/README.md`).

use std::borrow::Cow;
use std::sync::OnceLock;

use super::sets::MANIFEST_FILE;
use super::{CodeSets, Icd10Error};

const MANIFEST: &str = include_str!("../../reference/icd10cm/manifest.ron");

/// The data files by the name the manifest gives them.
const FILES: &[(&str, &str)] = &[(
    "codes.tsv",
    include_str!("../../reference/icd10cm/codes.tsv"),
)];

static EMBEDDED: OnceLock<(CodeSets, Option<Icd10Error>)> = OnceLock::new();

fn load() -> (CodeSets, Option<Icd10Error>) {
    let read = |name: &str| {
        FILES
            .iter()
            .find(|(file, _)| *file == name)
            .map(|(_, text)| Cow::Borrowed(*text))
            .ok_or_else(|| Icd10Error::Invalid {
                file: name.to_string(),
                message: "listed in the manifest but not embedded (add it to FILES in src/icd10cm/embedded.rs)".into(),
            })
    };
    match CodeSets::from_sources(MANIFEST_FILE, MANIFEST, read) {
        Ok(sets) => (sets, None),
        Err(e) => (CodeSets::unavailable(&e.to_string()), Some(e)),
    }
}

/// A fresh parse of the embedded data, not the shared copy [`embedded`] keeps: for benchmarks of
/// the one-time load, and for tools that want the error.
pub fn parse_embedded() -> Result<CodeSets, Icd10Error> {
    let (sets, error) = load();
    match error {
        Some(error) => Err(error),
        None => Ok(sets),
    }
}

/// The embedded releases, parsed on the first call. Never fails: should the embedded data not
/// parse (the tests make sure it does), this holds one empty release named after the error, and
/// [`embedded_error`] tells why.
pub fn embedded() -> &'static CodeSets {
    &EMBEDDED.get_or_init(load).0
}

/// Why the embedded data could not be parsed, if it could not.
pub fn embedded_error() -> Option<&'static Icd10Error> {
    EMBEDDED.get_or_init(load).1.as_ref()
}
