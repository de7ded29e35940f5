//! The command line: `check`, `codes` and `show`. Argument parsing lives in `main.rs`; this module
//! does the work and returns the process exit code.

pub mod export;
pub mod icd;
pub mod which;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::reference::{CodeEntry, Reference};
use crate::report::{self, FileReport};
use crate::rules::{self, Severity};

/// Exit codes of `check`.
pub mod exit {
    pub const CLEAN: u8 = 0;
    pub const ERRORS: u8 = 1;
    pub const UNREADABLE: u8 = 2;
}

/// Loads the reference: the embedded default, or `dir` when given.
pub fn load_reference(dir: Option<&Path>) -> Result<Reference, crate::reference::ReferenceError> {
    match dir {
        Some(dir) => Reference::load_dir(dir),
        None => Reference::embedded(),
    }
}

/// Checks one draft file; a file that cannot be read becomes that file's entry, never a stop.
pub fn check_file(path: &Path, reference: &Reference) -> FileReport {
    FileReport {
        file: path.display().to_string(),
        outcome: crate::draft::load(path)
            .map(|draft| rules::validate(&draft, reference))
            .map_err(|error| error.to_string()),
    }
}

/// `cpt-guidance check`: every file is checked, in argument order. Never writes to the files.
pub fn check(files: &[PathBuf], json: bool, reference: &Reference, out: &mut dyn Write) -> u8 {
    let reports: Vec<FileReport> = files
        .iter()
        .map(|path| check_file(path, reference))
        .collect();
    let text = if json {
        report::json(&reports, reference)
    } else {
        report::text(&reports, reference)
    };
    // A closed pipe (`| head`) is not an error of the check; the exit code still tells.
    writeln!(out, "{}", text.trim_end()).ok();
    exit_code(&reports)
}

/// 2 when any file could not be checked, else 1 when any has an error finding, else 0.
pub fn exit_code(reports: &[FileReport]) -> u8 {
    if reports.iter().any(|r| r.outcome.is_err()) {
        exit::UNREADABLE
    } else if reports.iter().any(|r| r.count(Severity::Error) > 0) {
        exit::ERRORS
    } else {
        exit::CLEAN
    }
}

/// `cpt-guidance codes`: one line per code.
pub fn codes(reference: &Reference, out: &mut dyn Write) {
    for entry in reference.entries() {
        let marker = if reference.is_guidance(&entry.code) {
            "guidance"
        } else {
            kind_label(entry)
        };
        writeln!(
            out,
            "{:<6} {:<18} {}",
            entry.code, marker, entry.description
        )
        .ok();
    }
}

fn kind_label(entry: &CodeEntry) -> &'static str {
    match entry.kind {
        crate::reference::CodeKind::ImageGuidance => "guidance",
        crate::reference::CodeKind::RadiationOncology => "radiation oncology",
        crate::reference::CodeKind::Procedure => "procedure",
        crate::reference::CodeKind::Other => "other",
    }
}

/// `cpt-guidance show CODE`: the whole entry; exit 2 when the code is not in the reference.
pub fn show(code: &str, reference: &Reference, out: &mut dyn Write) -> u8 {
    let code = code.trim().to_ascii_uppercase();
    let Some(entry) = reference.entry(&code) else {
        writeln!(
            out,
            "{code} is not in the reference; `cpt-guidance codes` lists the codes it has."
        )
        .ok();
        return exit::UNREADABLE;
    };
    writeln!(out, "{}", entry_text(entry)).ok();
    exit::CLEAN
}

/// An entry as plain text, every section the source gives, in the reference's order.
pub fn entry_text(entry: &CodeEntry) -> String {
    let mut out = format!(
        "{} ({})\n{}\n",
        entry.code,
        kind_label(entry),
        entry.description
    );
    if let Some(banner) = &entry.banner {
        out.push_str(&format!("\n!! {banner}\n"));
    }
    for section in entry.sections() {
        out.push_str(&format!("\n{}\n", section.title));
        match section.items.as_slice() {
            [only] if !section.is_list => out.push_str(&format!("  {only}\n")),
            items => items
                .iter()
                .for_each(|item| out.push_str(&format!("  - {item}\n"))),
        }
    }
    out.push_str(&format!("\nSource: {}\n", entry.source));
    out
}
