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

/// How many files are checked in parallel before their reports are printed, in argument order:
/// enough to keep every core busy, few enough that memory does not grow with the file count.
const CHUNK: usize = 256;

/// `cpt-guidance check`: every file is checked, in argument order. Never writes to the files.
///
/// Files are checked on all cores a chunk at a time, and each chunk's reports are printed (in
/// argument order) as soon as the chunk is done, so the output streams and memory stays flat
/// however many files are given. The output is the same as [`report::text`] or [`report::json`]
/// of all the reports, trimmed at the end, then a line break.
pub fn check(files: &[PathBuf], json: bool, reference: &Reference, out: &mut dyn Write) -> u8 {
    use rayon::prelude::*;

    // A closed pipe (`| head`) is not an error of the check: the remaining files are still
    // checked, for the exit code, but nothing more is printed.
    let mut writable = true;
    let mut print = |text: &str| {
        writable = writable
            && out
                .write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .is_ok();
    };
    let (mut unreadable, mut errors) = (false, false);
    let mut array = report::JsonArray::default();
    // Text output ends trimmed, so the last file's block is held back until the end.
    let mut held = String::new();
    for chunk in files.chunks(CHUNK) {
        let done: Vec<(String, bool, bool)> = chunk
            .par_iter()
            .map(|path| {
                let report = check_file(path, reference);
                let rendered = if json {
                    report::json_entry(&report, reference)
                } else {
                    let mut block = String::new();
                    report::text_block(&report, reference, &mut block);
                    block
                };
                let has_errors = report.count(Severity::Error) > 0;
                (rendered, report.outcome.is_err(), has_errors)
            })
            .collect();
        let mut text = String::new();
        for (rendered, failed, has_errors) in done {
            unreadable |= failed;
            errors |= has_errors;
            if json {
                array.push_entry(&rendered, &mut text);
            } else {
                text.push_str(&std::mem::replace(&mut held, rendered));
            }
        }
        print(&text);
    }
    let mut end = held.trim_end().to_string();
    if json {
        array.finish(&mut end);
    }
    end.push('\n');
    print(&end);
    if unreadable {
        exit::UNREADABLE
    } else if errors {
        exit::ERRORS
    } else {
        exit::CLEAN
    }
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
