//! Native file dialogs on a worker thread, so the window keeps painting while one is open, and the
//! recent-files list.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// How many recent files the File menu keeps.
pub const MAX_RECENT_FILES: usize = 10;

/// What a file dialog was opened for; the answer is routed by it.
#[derive(Clone, Debug, PartialEq)]
pub enum DialogPurpose {
    Open,
    /// Save As; `then` is what to do after a successful save (the unsaved-changes guard).
    SaveAs {
        then: Option<super::dialogs::Then>,
    },
    /// Export the checked claim as a report in this format.
    Export(ReportFormat),
}

/// The formats of an exported report (the same functions as `cpt-guidance check --format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Markdown,
    Html,
}

impl ReportFormat {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "md",
            ReportFormat::Html => "html",
        }
    }

    /// The file dialog's filter name.
    pub fn filter_name(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "Markdown report (.md)",
            ReportFormat::Html => "HTML report (.html)",
        }
    }
}

/// A file dialog the user has answered: the purpose and the chosen path (`None`: cancelled).
pub struct DialogAnswer {
    pub purpose: DialogPurpose,
    pub path: Option<PathBuf>,
}

/// At most one native dialog at a time, running on its own thread.
#[derive(Default)]
pub struct FileDialogs {
    pending: Option<(DialogPurpose, Receiver<Option<PathBuf>>)>,
}

impl FileDialogs {
    /// True while a dialog is open.
    pub fn is_open(&self) -> bool {
        self.pending.is_some()
    }

    /// Opens a native dialog on a worker thread; the answer arrives through [`Self::poll`] after
    /// the worker wakes the UI. Does nothing while another dialog is open.
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        purpose: DialogPurpose,
        current: Option<&Path>,
        suggested_name: &str,
    ) {
        if self.is_open() {
            return;
        }
        let (filter, extension) = match &purpose {
            DialogPurpose::Export(format) => (format.filter_name(), format.extension()),
            _ => ("Claim draft (.ron)", "ron"),
        };
        let mut dialog = rfd::FileDialog::new().add_filter(filter, &[extension]);
        if let Some(folder) = current.and_then(Path::parent)
            && !folder.as_os_str().is_empty()
        {
            dialog = dialog.set_directory(folder);
        }
        let saving = matches!(
            purpose,
            DialogPurpose::SaveAs { .. } | DialogPurpose::Export(_)
        );
        if saving {
            dialog = dialog.set_file_name(suggested_name);
        }
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                let path = if saving {
                    dialog
                        .save_file()
                        .map(|path| with_default_extension(path, extension))
                } else {
                    dialog.pick_file()
                };
                // The receiver is gone only if the app closed meanwhile; nothing to tell then.
                sender.send(path).ok();
                ctx.request_repaint();
            });
        if spawned.is_ok() {
            self.pending = Some((purpose, receiver));
        }
    }

    /// The answer of the open dialog, once the user has given it.
    pub fn poll(&mut self) -> Option<DialogAnswer> {
        let (_, receiver) = self.pending.as_ref()?;
        let path = match receiver.try_recv() {
            Ok(path) => path,
            Err(TryRecvError::Empty) => return None,
            // The worker died without an answer: treat it as cancelled.
            Err(TryRecvError::Disconnected) => None,
        };
        let (purpose, _) = self.pending.take()?;
        Some(DialogAnswer { purpose, path })
    }
}

/// Adds `extension` when the user typed a name without one.
fn with_default_extension(path: PathBuf, extension: &str) -> PathBuf {
    if path.extension().is_none() {
        path.with_extension(extension)
    } else {
        path
    }
}

/// A file name for Save As, from the draft's title ("CT-guided lung biopsy" → "ct-guided-lung-biopsy.ron").
pub fn suggested_file_name(title: &str) -> String {
    let mut name = String::new();
    for c in title.trim().chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('-') && !name.is_empty() {
            name.push('-');
        }
        if name.len() >= 60 {
            break;
        }
    }
    let name = name.trim_end_matches('-');
    if name.is_empty() {
        "claim.ron".to_string()
    } else {
        format!("{name}.ron")
    }
}

/// Puts `path` first in the recent list, without duplicates, keeping at most [`MAX_RECENT_FILES`].
pub fn remember(recent: &mut Vec<PathBuf>, path: &Path) {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    recent.retain(|p| p != &path);
    recent.insert(0, path);
    recent.truncate(MAX_RECENT_FILES);
}

/// True for a dropped file the app can open.
pub fn is_draft_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_titles() {
        assert_eq!(
            suggested_file_name("CT-guided lung biopsy (77014)"),
            "ct-guided-lung-biopsy-77014.ron"
        );
        assert_eq!(suggested_file_name("  "), "claim.ron");
    }

    #[test]
    fn recent_list_is_unique_and_bounded() {
        let mut recent = Vec::new();
        for i in 0..15 {
            remember(&mut recent, Path::new(&format!("/nonexistent/{i}.ron")));
        }
        remember(&mut recent, Path::new("/nonexistent/3.ron"));
        assert_eq!(recent.len(), MAX_RECENT_FILES);
        assert_eq!(recent[0], Path::new("/nonexistent/3.ron"));
        assert_eq!(recent.iter().filter(|p| p.ends_with("3.ron")).count(), 1);
    }
}
