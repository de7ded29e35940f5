//! Opening and saving claim drafts (RON files).
//!
//! Loading refuses, with a clear reason, anything that is not a draft this build understands:
//! too large, not UTF-8, not RON (with line and column), or from a newer format version. Saving is
//! atomic: a temporary file in the same folder is written, flushed and renamed over the old one,
//! so a crash or a full disk never leaves a half-written draft.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::claim::{ClaimDraft, FORMAT_VERSION};

mod fast;

/// Drafts larger than this are refused before parsing.
pub const MAX_DRAFT_BYTES: u64 = 1024 * 1024;

/// Why a draft could not be opened or saved. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: is not a file")]
    NotAFile { path: PathBuf },
    #[error("{path}: is {size} bytes; a draft may be at most {MAX_DRAFT_BYTES} bytes (1 MiB)")]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{path}:{line}:{column}: the file is not UTF-8 text")]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path}: written by a newer version of cpt-guidance (draft format {found}; this version reads up to {FORMAT_VERSION}); update the app to open it"
    )]
    NewerFormat { path: PathBuf, found: u32 },
    #[error("{path}: draft format version 0 does not exist; the first version is 1")]
    BadFormatVersion { path: PathBuf },
    #[error("{path}: cannot save: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot turn the draft into RON: {0}")]
    Serialize(String),
}

impl DraftError {
    /// The line and column of a problem inside the file, when there is one.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            DraftError::NotUtf8 { line, column, .. } | DraftError::Syntax { line, column, .. } => {
                Some((*line, *column))
            }
            _ => None,
        }
    }
}

/// Reads and parses a draft file.
pub fn load(path: &Path) -> Result<ClaimDraft, DraftError> {
    // Not `load_stamped`: a batch check has no use for the stamp, and hashing every byte costs
    // about as much as reading the file.
    parse_bytes(path, &read_limited(path)?)
}

/// Reads and parses a draft file, with the stamp of exactly the bytes that were parsed, so the app
/// can tell later whether another program changed the file.
pub fn load_stamped(path: &Path) -> Result<(ClaimDraft, FileStamp), DraftError> {
    let bytes = read_limited(path)?;
    let draft = parse_bytes(path, &bytes)?;
    Ok((draft, FileStamp::of(&bytes)))
}

/// Reads a file of at most [`MAX_DRAFT_BYTES`].
fn read_limited(path: &Path) -> Result<Vec<u8>, DraftError> {
    use crate::bounded_read::{BoundedReadError, read_regular_file};
    read_regular_file(path, MAX_DRAFT_BYTES).map_err(|error| match error {
        BoundedReadError::Io(source) => DraftError::Read {
            path: path.to_path_buf(),
            source,
        },
        BoundedReadError::NotAFile => DraftError::NotAFile {
            path: path.to_path_buf(),
        },
        BoundedReadError::TooLarge(size) => DraftError::TooLarge {
            path: path.to_path_buf(),
            size,
        },
    })
}

/// Parses a draft from bytes; `path` only names the source in errors. A UTF-8 byte-order mark
/// at the start (Windows editors write one) is skipped.
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<ClaimDraft, DraftError> {
    let bytes = bytes.strip_prefix(UTF8_BOM.as_bytes()).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let (line, column) = line_column(bytes, error.valid_up_to());
        DraftError::NotUtf8 {
            path: path.to_path_buf(),
            line,
            column,
        }
    })?;
    parse_text(path, text, Reader::FastFirst)
}

/// Parses a draft from text; `path` only names the source in errors. A byte-order mark at the
/// start is skipped.
pub fn parse_str(path: &Path, text: &str) -> Result<ClaimDraft, DraftError> {
    parse_text(
        path,
        text.strip_prefix(UTF8_BOM).unwrap_or(text),
        Reader::FastFirst,
    )
}

/// [`parse_str`] with the general RON parser only, never the fast reader: what the tests compare
/// [`parse_str`] with, since the two must give the same answer for any text.
#[doc(hidden)]
pub fn parse_str_ron_only(path: &Path, text: &str) -> Result<ClaimDraft, DraftError> {
    parse_text(
        path,
        text.strip_prefix(UTF8_BOM).unwrap_or(text),
        Reader::RonOnly,
    )
}

/// Whether to try the fast reader (`fast.rs`) before the general RON parser.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reader {
    FastFirst,
    RonOnly,
}

/// The byte-order mark some editors put at the start of a UTF-8 file.
const UTF8_BOM: &str = "\u{feff}";

fn parse_text(path: &Path, text: &str, reader: Reader) -> Result<ClaimDraft, DraftError> {
    let syntax = |error| syntax_error(path, error);
    if text.trim().is_empty() {
        return Err(DraftError::Syntax {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message:
                "the file is empty; a draft starts with \"(\" and gives at least its format_version"
                    .into(),
        });
    }
    // The whole draft is parsed first (the common case, and the fast one). Only when that fails,
    // or the version is not this build's, is the version read alone, ignoring every other field,
    // so a newer draft says "newer" instead of failing on a field this build does not know.
    // The fast reader answers for drafts in the form this program writes; for anything else
    // `ron` does, so the answer is the same either way.
    let fast = match reader {
        Reader::FastFirst => fast::parse(text),
        Reader::RonOnly => None,
    };
    let full = match fast {
        Some(draft) => Ok(draft),
        None => ron_options().from_str::<ClaimDraft>(text),
    };
    let version = match &full {
        Ok(draft) => Some(draft.format_version),
        Err(_) => ron_options()
            .from_str::<VersionProbe>(text)
            .ok()
            .map(|p| p.format_version),
    };
    match version {
        Some(0) => Err(DraftError::BadFormatVersion {
            path: path.to_path_buf(),
        }),
        Some(found) if found > FORMAT_VERSION => Err(DraftError::NewerFormat {
            path: path.to_path_buf(),
            found,
        }),
        _ => full.map_err(syntax),
    }
}

fn syntax_error(path: &Path, error: ron::error::SpannedError) -> DraftError {
    DraftError::Syntax {
        path: path.to_path_buf(),
        line: error.span.start.line,
        column: error.span.start.col,
        message: match error.code {
            // RON's own text for this names its API; say what is wrong with the file instead.
            ron::Error::ExceededRecursionLimit => {
                format!(
                    "brackets are nested more than {RECURSION_LIMIT} levels deep; this is not a draft"
                )
            }
            code => code.to_string(),
        },
    }
}

/// Only the version of a draft; all other fields are ignored.
/// Named like the draft so a file written as `ClaimDraft( ... )` passes the struct-name check.
#[derive(serde::Deserialize)]
#[serde(rename = "ClaimDraft")]
struct VersionProbe {
    format_version: u32,
}

/// How deep brackets may nest (a draft needs 4). Deeper input is refused by this limit instead of
/// overflowing the stack.
const RECURSION_LIMIT: usize = 64;

/// The RON options for every file this program reads or writes: nesting limited (see
/// [`RECURSION_LIMIT`]).
pub(crate) fn ron_options() -> ron::Options {
    ron::Options::default().with_recursion_limit(RECURSION_LIMIT)
}

/// The draft as pretty RON text, as `save` writes it.
pub fn to_ron_string(draft: &ClaimDraft) -> Result<String, DraftError> {
    to_pretty_ron(draft)
}

/// Pretty RON text as this program writes its files (drafts, recovery files): four-space
/// indent, no struct names, a line break at the end.
pub(crate) fn to_pretty_ron<T: serde::Serialize>(value: &T) -> Result<String, DraftError> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .struct_names(false);
    let mut text = ron_options()
        .to_string_pretty(value, config)
        .map_err(|error| DraftError::Serialize(error.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// Saves atomically: write a temporary file beside `path`, flush it to disk, rename it over
/// `path`. On any failure the old file is untouched and the temporary file is removed.
///
/// A draft whose text would exceed [`MAX_DRAFT_BYTES`] is refused, since `load` could not open it
/// again (text can grow when written: control and format characters are written as escapes).
pub fn save(path: &Path, draft: &ClaimDraft) -> Result<(), DraftError> {
    save_stamped(path, draft).map(|_| ())
}

/// [`save`], returning the stamp of the bytes written (see [`load_stamped`]).
pub fn save_stamped(path: &Path, draft: &ClaimDraft) -> Result<FileStamp, DraftError> {
    let text = to_ron_string(draft)?;
    if text.len() as u64 > MAX_DRAFT_BYTES {
        return Err(DraftError::Write {
            path: path.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::FileTooLarge,
                format!(
                    "the draft would be {} bytes, and a draft may be at most {MAX_DRAFT_BYTES} bytes (1 MiB) to open again; shorten the notes or other long text",
                    text.len()
                ),
            ),
        });
    }
    write_atomically(path, text.as_bytes())?;
    Ok(FileStamp::of(text.as_bytes()))
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), DraftError> {
    write_atomically_with(path, bytes, |file, bytes| file.write_all(bytes))
}

/// [`write_atomically`] with the step that writes the bytes into the temporary file given by the
/// caller. Tests pass one that fails half-way (a full disk) to check the old file survives.
pub fn write_atomically_with(
    path: &Path,
    bytes: &[u8],
    write: impl FnOnce(&mut std::fs::File, &[u8]) -> std::io::Result<()>,
) -> Result<(), DraftError> {
    let write_error = |source| DraftError::Write {
        path: path.to_path_buf(),
        source,
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if file_name.is_empty() {
        return Err(write_error(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the path has no file name",
        )));
    }
    if path.is_dir() {
        return Err(write_error(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "a folder has that name",
        )));
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let temp = folder.join(format!(".{file_name}.{}-{nanos}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        write(&mut file, bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)?;
        // Make the rename itself durable where the platform allows; failure here is harmless.
        if let Ok(dir) = std::fs::File::open(&folder) {
            dir.sync_all().ok();
        }
        Ok(())
    })();
    if result.is_err() {
        // Best effort: the temporary file may not exist if creating it was what failed.
        std::fs::remove_file(&temp).ok();
    }
    result.map_err(write_error)
}

/// 1-based line and column (in characters) of byte `offset`.
fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|i| i + 1)
        .unwrap_or(0);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// What a draft file held when it was opened or saved: its length and a hash of its bytes
/// (FNV-1a, the same in every build, because it is kept in the recovery file). Saving compares it
/// with the file on disk to notice that another program or window changed the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileStamp {
    pub len: u64,
    pub hash: u64,
}

impl FileStamp {
    pub fn of(bytes: &[u8]) -> FileStamp {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for &byte in bytes {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        FileStamp {
            len: bytes.len() as u64,
            hash,
        }
    }
}

/// The stamp of the file at `path` now, or `None` when there is no file there any more.
/// Reads at most one byte past [`MAX_DRAFT_BYTES`]: a larger file differs from any draft anyway.
pub fn file_stamp(path: &Path) -> std::io::Result<Option<FileStamp>> {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error),
    };
    let mut bytes = Vec::new();
    file.take(MAX_DRAFT_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(Some(FileStamp::of(&bytes)))
}

/// A draft from a newer format version, read as far as this build understands it.
#[derive(Clone, Debug, PartialEq)]
pub struct NewerDraft {
    /// The fields this build knows; `format_version` is the file's own (newer) version.
    pub draft: ClaimDraft,
    /// The file's format version.
    pub found: u32,
    pub stamp: FileStamp,
}

/// Reads a draft written by a newer version for viewing only: the fields this build knows are
/// read and every other field is skipped. Nothing read this way may be saved back over the file
/// (the skipped fields would be lost); the app shows it read-only. Fails like [`load`] when the
/// file is not RON, or when a known field changed its type in the newer format.
pub fn load_newer_read_only(path: &Path) -> Result<NewerDraft, DraftError> {
    let bytes = read_limited(path)?;
    let stamp = FileStamp::of(&bytes);
    let found = match parse_bytes(path, &bytes) {
        Err(DraftError::NewerFormat { found, .. }) => found,
        // Not newer after all (the file changed since): the ordinary result.
        Ok(draft) => {
            let found = draft.format_version;
            return Ok(NewerDraft {
                draft,
                found,
                stamp,
            });
        }
        Err(error) => return Err(error),
    };
    // `parse_bytes` accepted the encoding, so this cannot fail; keep the error path anyway.
    let bytes = bytes.strip_prefix(UTF8_BOM.as_bytes()).unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| DraftError::NotUtf8 {
        path: path.to_path_buf(),
        line: 1,
        column: 1,
    })?;
    let lenient: LenientDraft = ron_options()
        .from_str(text)
        .map_err(|error| syntax_error(path, error))?;
    Ok(NewerDraft {
        draft: lenient.into_draft(found),
        found,
        stamp,
    })
}

/// [`ClaimDraft`] without `deny_unknown_fields`, for [`load_newer_read_only`].
#[derive(serde::Deserialize)]
#[serde(rename = "ClaimDraft")]
struct LenientDraft {
    #[serde(default)]
    title: String,
    #[serde(default)]
    date_of_service: String,
    #[serde(default)]
    place_of_service: String,
    #[serde(default)]
    diagnoses: Vec<String>,
    #[serde(default)]
    lines: Vec<LenientLine>,
    #[serde(default)]
    documentation: LenientDocumentation,
    #[serde(default)]
    notes: String,
}

#[derive(serde::Deserialize)]
#[serde(rename = "ServiceLine")]
struct LenientLine {
    #[serde(default)]
    code: String,
    #[serde(default)]
    modifiers: Vec<String>,
    #[serde(default = "one_unit")]
    units: u32,
    #[serde(default)]
    diagnosis_pointers: Vec<u32>,
}

fn one_unit() -> u32 {
    1
}

#[derive(Default, serde::Deserialize)]
#[serde(rename = "Documentation", default)]
struct LenientDocumentation {
    medical_necessity: bool,
    target_site: String,
    procedure_performed: bool,
    supervision_and_interpretation: bool,
}

impl LenientDraft {
    fn into_draft(self, format_version: u32) -> ClaimDraft {
        ClaimDraft {
            format_version,
            title: self.title,
            date_of_service: self.date_of_service,
            place_of_service: self.place_of_service,
            diagnoses: self.diagnoses,
            lines: self
                .lines
                .into_iter()
                .map(|line| crate::claim::ServiceLine {
                    code: line.code,
                    modifiers: line.modifiers,
                    units: line.units,
                    diagnosis_pointers: line.diagnosis_pointers,
                })
                .collect(),
            documentation: crate::claim::Documentation {
                medical_necessity: self.documentation.medical_necessity,
                target_site: self.documentation.target_site,
                procedure_performed: self.documentation.procedure_performed,
                supervision_and_interpretation: self.documentation.supervision_and_interpretation,
            },
            notes: self.notes,
        }
    }
}
