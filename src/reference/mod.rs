//! The reference data: code entries, rule tables and dictionaries from `reference/*.ron`.
//!
//! The files are embedded into the binary as the default; `Reference::load_dir` reads a folder of
//! the same files instead, so a billing office can update its tables without a rebuild. Loading
//! cross-checks the data (every code a rule names has an entry, no code twice) and reports
//! problems with file, line and column.

pub mod model;
mod source_text;

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;
use std::sync::Arc;

use crate::icd10cm::CodeSets;

pub use model::*;
pub use source_text::{ReferenceError, TextPosition};
use source_text::{SourceFile, parse_file};

/// The reference files compiled into the binary, by the names the manifest uses.
const EMBEDDED: &[(&str, &str)] = &[
    ("manifest.ron", include_str!("../../reference/manifest.ron")),
    ("77014.ron", include_str!("../../reference/77014.ron")),
    ("77012.ron", include_str!("../../reference/77012.ron")),
    ("77003.ron", include_str!("../../reference/77003.ron")),
    ("codes.ron", include_str!("../../reference/codes.ron")),
    ("rules.ron", include_str!("../../reference/rules.ron")),
    (
        "modifiers.ron",
        include_str!("../../reference/modifiers.ron"),
    ),
    (
        "places_of_service.ron",
        include_str!("../../reference/places_of_service.ron"),
    ),
    ("icd10.ron", include_str!("../../reference/icd10.ron")),
];

/// A fast hasher for the short keys of the lookup tables (codes, modifiers, rule ids): the
/// multiply-rotate hash of rustc's `FxHasher`. The tables are built from the reference files
/// only, never from a draft, so a hash built for speed rather than against flooding is safe, and
/// it makes a lookup several times cheaper than the default SipHash.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CodeHasher(u64);

impl CodeHasher {
    const SEED: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.0 = self.0.wrapping_add(word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for CodeHasher {
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

/// A `HashMap` with [`CodeHasher`], for lookups by code in the rules' hot paths.
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<CodeHasher>>;
/// A `HashSet` with [`CodeHasher`].
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<CodeHasher>>;

/// Loaded, cross-checked reference data with lookup indexes.
#[derive(Debug, Clone)]
pub struct Reference {
    pub manifest: Manifest,
    entries: Vec<CodeEntry>,
    entry_index: FastMap<String, usize>,
    pub tables: RuleTables,
    pub modifiers: Vec<ModifierInfo>,
    pub places_of_service: Vec<PlaceOfService>,
    pub diagnoses: Vec<KnownDiagnosis>,
    /// Primary code → rows of `tables.guidance_included` that name it.
    included_index: FastMap<String, Vec<usize>>,
    fluoro_77003_primaries: FastSet<String>,
    needle_procedures: FastSet<String>,
    /// Lookup indexes into `tables.guidance_codes`, `modifiers`, `places_of_service`,
    /// `diagnoses` (by upper-case code) and `tables.rules`; the first row wins, as a scan would.
    guidance_index: FastMap<String, usize>,
    modifier_index: FastMap<String, usize>,
    place_index: FastMap<String, usize>,
    diagnosis_index: FastMap<String, usize>,
    rule_index: FastMap<String, usize>,
    /// Every ICD-10-CM code by release; `None` when a reference folder has no `icd10cm/`, and
    /// then only the curated `diagnoses` are known.
    icd10cm: Option<Icd10Data>,
    /// Where the data came from: "embedded" or the folder's path.
    pub origin: String,
}

/// The ICD-10-CM code sets: the embedded ones are parsed lazily, on first use, so start-up stays
/// fast; a reference folder's are read when the folder is loaded.
#[derive(Clone, Debug)]
enum Icd10Data {
    Embedded,
    Loaded(Arc<CodeSets>),
}

impl Reference {
    /// The reference data compiled into the binary.
    pub fn embedded() -> Result<Reference, ReferenceError> {
        Reference::load_with("embedded", Some(Icd10Data::Embedded), |name| {
            EMBEDDED
                .iter()
                .find(|(file, _)| *file == name)
                .map(|(_, text)| (*text).to_string())
                .ok_or_else(|| ReferenceError::Missing {
                    file: name.to_string(),
                    message: "no file of that name is embedded; the embedded manifest names only embedded files".into(),
                })
        })
    }

    /// Reads `manifest.ron` and the files it names from `dir`, and the ICD-10-CM code sets from
    /// `dir/icd10cm/` when that folder exists.
    pub fn load_dir(dir: &Path) -> Result<Reference, ReferenceError> {
        let icd10_dir = dir.join("icd10cm");
        let icd10cm = if icd10_dir.join("manifest.ron").is_file() {
            let sets = CodeSets::load_dir(&icd10_dir).map_err(|error| ReferenceError::Missing {
                file: icd10_dir.display().to_string(),
                message: error.to_string(),
            })?;
            Some(Icd10Data::Loaded(Arc::new(sets)))
        } else {
            None
        };
        Reference::load_with(&dir.display().to_string(), icd10cm, |name| {
            read_reference_file(&dir.join(name))
        })
    }

    fn load_with(
        origin: &str,
        icd10cm: Option<Icd10Data>,
        read: impl Fn(&str) -> Result<String, ReferenceError>,
    ) -> Result<Reference, ReferenceError> {
        let open = |name: &str| -> Result<SourceFile, ReferenceError> {
            Ok(SourceFile {
                name: name.to_string(),
                text: read(name)?,
            })
        };
        let manifest_file = open("manifest.ron")?;
        let manifest: Manifest = parse_file(&manifest_file)?;
        check_file_names(&manifest_file, &manifest)?;

        let mut entries = Vec::new();
        let mut entry_files = Vec::new();
        for name in &manifest.full_entries {
            let file = open(name)?;
            let entry: CodeEntry = parse_file(&file)?;
            entries.push(entry);
            entry_files.push(file);
        }
        for name in &manifest.short_entries {
            let file = open(name)?;
            let list: Vec<CodeEntry> = parse_file(&file)?;
            entries.extend(list);
            entry_files.push(file);
        }
        let rules_file = open(&manifest.rules)?;
        let tables: RuleTables = parse_file(&rules_file)?;
        let modifiers_file = open(&manifest.modifiers)?;
        let modifiers: Vec<ModifierInfo> = parse_file(&modifiers_file)?;
        let pos_file = open(&manifest.places_of_service)?;
        let places_of_service: Vec<PlaceOfService> = parse_file(&pos_file)?;
        let diagnoses_file = open(&manifest.diagnoses)?;
        let diagnoses: Vec<KnownDiagnosis> = parse_file(&diagnoses_file)?;

        let mut entry_index = FastMap::default();
        for (i, entry) in entries.iter().enumerate() {
            if entry_index.insert(entry.code.clone(), i).is_some() {
                let at =
                    source_text::locate_in(&entry_files, &format!("code: \"{}\"", entry.code), 2);
                return Err(ReferenceError::cross_check(
                    at,
                    format!(
                        "code {} has two entries; each code may have only one",
                        entry.code
                    ),
                ));
            }
        }
        check_unique(
            &modifiers_file,
            modifiers.iter().map(|m| m.modifier.as_str()),
            "modifier",
        )?;
        check_unique(
            &pos_file,
            places_of_service.iter().map(|p| p.code.as_str()),
            "code",
        )?;
        check_unique(
            &diagnoses_file,
            diagnoses.iter().map(|d| d.code.as_str()),
            "code",
        )?;
        check_unique(
            &rules_file,
            tables.rules.iter().map(|r| r.id.as_str()),
            "id",
        )?;
        check_unique(
            &rules_file,
            tables.guidance_codes.iter().map(|g| g.code.as_str()),
            "code",
        )?;
        for diagnosis in &diagnoses {
            for date in [&diagnosis.billable_from, &diagnosis.billable_until]
                .into_iter()
                .flatten()
            {
                if crate::date::Date::parse(date).is_err() {
                    let at = source_text::locate(&diagnoses_file, &format!("\"{date}\""), 1);
                    return Err(ReferenceError::cross_check(
                        at,
                        format!(
                            "diagnosis {}: \"{date}\" is not a date (YYYY-MM-DD)",
                            diagnosis.code
                        ),
                    ));
                }
            }
        }

        // Every code a rule table names must have an entry, so a finding can always link to it.
        let known = |code: &str| entry_index.contains_key(code);
        let require = |code: &str| -> Result<(), ReferenceError> {
            if known(code) {
                Ok(())
            } else {
                let at = source_text::locate(&rules_file, &format!("\"{code}\""), 1);
                Err(ReferenceError::cross_check(
                    at,
                    format!("code {code} is named in the rule tables but has no reference entry"),
                ))
            }
        };
        for guidance in &tables.guidance_codes {
            require(&guidance.code)?;
            for other in [&guidance.indications_from, &guidance.use_instead]
                .into_iter()
                .flatten()
            {
                require(other)?;
            }
        }
        for rule in &tables.rules {
            if let Some(code) = &rule.entry {
                require(code)?;
            }
        }
        let expand = |codes: &[String]| -> Result<Vec<String>, ReferenceError> {
            let mut out = Vec::new();
            for item in codes {
                let expanded = expand_range(item).map_err(|message| {
                    ReferenceError::cross_check(
                        source_text::locate(&rules_file, &format!("\"{item}\""), 1),
                        message,
                    )
                })?;
                // CPT ranges skip unused numbers (64479-64484 has no 64481): the ends must have
                // entries, and the range stands for the codes between them that have one.
                let ends = [expanded.first(), expanded.last()];
                if let Some(missing) = ends.into_iter().flatten().find(|code| !known(code)) {
                    return Err(ReferenceError::cross_check(
                        source_text::locate(&rules_file, &format!("\"{item}\""), 1),
                        format!(
                            "code {missing} (from \"{item}\") is named in the rule tables but has no reference entry"
                        ),
                    ));
                }
                out.extend(expanded.into_iter().filter(|code| known(code)));
            }
            Ok(out)
        };
        let mut included_index: FastMap<String, Vec<usize>> = FastMap::default();
        for (row, included) in tables.guidance_included.iter().enumerate() {
            for code in expand(&included.codes)? {
                included_index.entry(code).or_default().push(row);
            }
            if let AppliesTo::Codes(codes) = &included.applies_to {
                codes.iter().try_for_each(|c| require(c))?;
            }
            for (from, to) in &included.use_instead {
                require(from)?;
                require(to)?;
            }
        }
        let fluoro_77003_primaries = expand(&tables.fluoroscopy_77003_primaries.codes)?
            .into_iter()
            .collect();
        let needle_procedures = expand(&tables.needle_procedures.codes)?
            .into_iter()
            .collect();

        let guidance_index = first_index(tables.guidance_codes.iter().map(|g| g.code.clone()));
        let modifier_index = first_index(modifiers.iter().map(|m| m.modifier.clone()));
        let place_index = first_index(places_of_service.iter().map(|p| p.code.clone()));
        let diagnosis_index = first_index(diagnoses.iter().map(|d| d.code.to_ascii_uppercase()));
        let rule_index = first_index(tables.rules.iter().map(|r| r.id.clone()));

        Ok(Reference {
            manifest,
            entries,
            entry_index,
            tables,
            modifiers,
            places_of_service,
            diagnoses,
            included_index,
            fluoro_77003_primaries,
            needle_procedures,
            guidance_index,
            modifier_index,
            place_index,
            diagnosis_index,
            rule_index,
            icd10cm,
            origin: origin.to_string(),
        })
    }

    /// Every entry, full entries first, in file order.
    pub fn entries(&self) -> &[CodeEntry] {
        &self.entries
    }

    pub fn entry(&self, code: &str) -> Option<&CodeEntry> {
        self.entry_index.get(code).map(|&i| &self.entries[i])
    }

    pub fn guidance(&self, code: &str) -> Option<&GuidanceCode> {
        let &i = self.guidance_index.get(code)?;
        self.tables.guidance_codes.get(i)
    }

    pub fn is_guidance(&self, code: &str) -> bool {
        self.guidance(code).is_some()
    }

    /// The bundling row saying `primary` already includes guidance, when it applies to `guidance`.
    pub fn guidance_included(&self, primary: &str, guidance: &str) -> Option<&GuidanceIncluded> {
        self.included_index
            .get(primary)?
            .iter()
            .map(|&row| &self.tables.guidance_included[row])
            .find(|row| match &row.applies_to {
                AppliesTo::AllGuidance => true,
                AppliesTo::Codes(codes) => codes.iter().any(|c| c == guidance),
            })
    }

    /// True when CPT lists `primary` among the procedures +77003 is reported with.
    pub fn is_77003_primary(&self, primary: &str) -> bool {
        self.fluoro_77003_primaries.contains(primary)
    }

    /// True for needle biopsy, aspiration, drainage, injection and localization procedures.
    pub fn is_needle_procedure(&self, code: &str) -> bool {
        self.needle_procedures.contains(code)
    }

    pub fn modifier(&self, modifier: &str) -> Option<&ModifierInfo> {
        let &i = self.modifier_index.get(modifier)?;
        self.modifiers.get(i)
    }

    pub fn place_of_service(&self, code: &str) -> Option<&PlaceOfService> {
        let &i = self.place_index.get(code)?;
        self.places_of_service.get(i)
    }

    /// The curated diagnosis with this code, compared without ASCII case.
    pub fn known_diagnosis(&self, code: &str) -> Option<&KnownDiagnosis> {
        let index = if code.bytes().any(|b| b.is_ascii_lowercase()) {
            self.diagnosis_index.get(&code.to_ascii_uppercase())
        } else {
            self.diagnosis_index.get(code)
        };
        self.diagnoses.get(*index?)
    }

    /// The ICD-10-CM code sets, when this reference has them and they loaded.
    pub fn icd10cm(&self) -> Option<&CodeSets> {
        match &self.icd10cm {
            Some(Icd10Data::Embedded) if crate::icd10cm::embedded_error().is_none() => {
                Some(crate::icd10cm::embedded())
            }
            Some(Icd10Data::Loaded(sets)) => Some(sets),
            _ => None,
        }
    }

    /// The same reference without the ICD-10-CM code sets: only the curated diagnoses.
    pub fn without_icd10cm(mut self) -> Reference {
        self.icd10cm = None;
        self
    }

    pub fn rule(&self, id: &str) -> Option<&RuleInfo> {
        let &i = self.rule_index.get(id)?;
        self.tables.rules.get(i)
    }
}

/// Key → position of the first item with that key.
fn first_index(keys: impl Iterator<Item = String>) -> FastMap<String, usize> {
    let mut index = FastMap::default();
    for (i, key) in keys.enumerate() {
        index.entry(key).or_insert(i);
    }
    index
}

/// A reference file larger than this is refused (the largest bundled one is under 64 KiB).
pub const MAX_REFERENCE_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads one reference file as text. Only regular files are opened: a pipe would block and a
/// device such as `/dev/zero` would never end. A UTF-8 byte-order mark at the start is skipped.
fn read_reference_file(path: &Path) -> Result<String, ReferenceError> {
    use crate::bounded_read::{BoundedReadError, read_regular_file};
    let error = |message: String| ReferenceError::Io {
        file: path.display().to_string(),
        message,
    };
    let bytes = read_regular_file(path, MAX_REFERENCE_FILE_BYTES).map_err(|e| match e {
        BoundedReadError::TooLarge(size) => error(format!(
            "the file is {size} bytes; a reference file may be at most {MAX_REFERENCE_FILE_BYTES} bytes"
        )),
        other => error(other.to_string()),
    })?;
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    std::str::from_utf8(bytes).map(str::to_string).map_err(|e| {
        let offset = e.valid_up_to();
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        error(format!(
            "the file is not UTF-8 text (line {line}, byte {offset})"
        ))
    })
}

/// Refuses a manifest naming anything but a file directly in the reference folder: an absolute
/// path, a folder path or `..` would read outside it, and an error about such a file would name
/// neither the folder nor the manifest line that asked for it.
fn check_file_names(file: &SourceFile, manifest: &Manifest) -> Result<(), ReferenceError> {
    let names = manifest
        .full_entries
        .iter()
        .chain(&manifest.short_entries)
        .chain([
            &manifest.rules,
            &manifest.modifiers,
            &manifest.places_of_service,
            &manifest.diagnoses,
        ]);
    for name in names {
        if !crate::bounded_read::is_plain_file_name(name) {
            let at = source_text::locate(file, &format!("\"{name}\""), 1);
            return Err(ReferenceError::cross_check(
                at,
                format!(
                    "\"{name}\" is not the name of a file in the reference folder (no folders, no absolute paths)"
                ),
            ));
        }
    }
    Ok(())
}

/// Refuses a table whose `field` holds the same value twice.
fn check_unique<'a>(
    file: &SourceFile,
    keys: impl Iterator<Item = &'a str>,
    field: &str,
) -> Result<(), ReferenceError> {
    let mut seen = HashSet::new();
    for key in keys {
        if !seen.insert(key) {
            let at = source_text::locate(file, &format!("{field}: \"{key}\""), 2);
            return Err(ReferenceError::cross_check(
                at,
                format!("{field} \"{key}\" is listed twice in {}", file.name),
            ));
        }
    }
    Ok(())
}

/// Expands "62320-62329" to each code in it; a single code stays as it is.
pub fn expand_range(item: &str) -> Result<Vec<String>, String> {
    let Some((start, end)) = item.split_once('-') else {
        return Ok(vec![item.to_string()]);
    };
    let numeric = |s: &str| s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit());
    if !numeric(start) || !numeric(end) {
        return Err(format!(
            "\"{item}\" is not a range of five-digit codes (like 62320-62329)"
        ));
    }
    let (a, b) = match (start.parse::<u32>(), end.parse::<u32>()) {
        (Ok(a), Ok(b)) if a <= b && b - a < 1000 => (a, b),
        _ => {
            return Err(format!(
                "\"{item}\" is not an ascending range of at most 1,000 codes"
            ));
        }
    };
    Ok((a..=b).map(|n| format!("{n:05}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_expand() {
        assert_eq!(
            expand_range("64479-64481").unwrap(),
            ["64479", "64480", "64481"]
        );
        assert_eq!(expand_range("27096").unwrap(), ["27096"]);
        assert_eq!(expand_range("10005-10006").unwrap(), ["10005", "10006"]);
        assert!(expand_range("62329-62320").is_err());
        assert!(expand_range("6232-62329").is_err());
    }
}
