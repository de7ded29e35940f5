//! The command line: `check`, `codes` and `show`. Argument parsing lives in `main.rs`; this module
//! does the work and returns the process exit code.

pub mod icd;

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

/// An entry as plain text, every section the source gives.
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
    let mut paragraph = |title: &str, text: &Option<String>| {
        if let Some(text) = text {
            out.push_str(&format!("\n{title}\n  {text}\n"));
        }
    };
    paragraph(
        "Descriptor in the source document",
        &entry.source_descriptor,
    );
    paragraph("Service type", &entry.service_type);
    let mut list = |title: &str, items: Vec<String>| {
        if !items.is_empty() {
            out.push_str(&format!("\n{title}\n"));
            for item in items {
                out.push_str(&format!("  - {item}\n"));
            }
        }
    };
    list("Summary", entry.summary.clone());
    list("Clinical indications", entry.clinical_indications.clone());
    list("Procedure steps", entry.procedure_steps.clone());
    list("Coding guidelines", entry.coding_guidelines.clone());
    list(
        "Associated ICD-10 codes",
        entry
            .icd10_codes
            .iter()
            .map(|d| match &d.note {
                Some(note) => format!("{} - {} (note: {note})", d.code, d.title),
                None => format!("{} - {}", d.code, d.title),
            })
            .collect(),
    );
    list(
        "Modifiers",
        entry
            .modifiers
            .iter()
            .map(|m| format!("{} {}: {}", m.modifier, m.description, m.when_to_use))
            .collect(),
    );
    list("Payers", entry.payers.clone());
    list("Typical sites of service", entry.sites_of_service.clone());
    list("Notes", entry.notes.clone());
    let mut paragraph = |title: &str, text: &Option<String>| {
        if let Some(text) = text {
            out.push_str(&format!("\n{title}\n  {text}\n"));
        }
    };
    paragraph("Clinical vignette", &entry.vignette);
    paragraph("What readers learn", &entry.readers_learn);
    out.push_str(&format!("\nSource: {}\n", entry.source));
    out
}
