//! Never losing work in the desktop app: autosave to a recovery file and the restore question
//! at start, the check that the file did not change on disk before Save overwrites it, and
//! drafts from a newer version opened read-only.
//!
//! The file I/O and the debounce live in [`crate::recovery`]; this part ties them to the app's
//! draft, dialogs and frames. `app.rs` calls in at a few points (open, save, each frame, exit).

use std::path::{Path, PathBuf};

use crate::draft::{self, DraftError, FileStamp};
use crate::recovery::{self, AutosaveOptions, Autosaver, Clock, Orphan, RecoveryStore, Snapshot};
use crate::ui::dialogs::{Choice, Dialog, ErrorReport, Then};
use crate::ui::files::DialogPurpose;
use crate::ui::labels;
use crate::ui::recovery_dialogs::RecoveryOffer;

use super::App;

/// The app's part of never losing work.
#[derive(Debug, Default)]
pub(super) struct Safekeeping {
    /// `None` until [`App::enable_recovery`] (tests that do not need it leave it off).
    autosaver: Option<Autosaver>,
    clock: Clock,
    /// Another instance's unsaved work, found at start: asked about once no other dialog shows.
    offer: Option<Orphan>,
    offer_shown: bool,
    /// The open file as it was last opened or saved here.
    stamp: Option<(PathBuf, FileStamp)>,
    /// The open draft comes from this newer format version and is shown read-only.
    read_only: Option<u32>,
    /// The status line says an autosave failed (cleared by the next one that works).
    autosave_failed: bool,
}

impl Safekeeping {
    /// The newer format version of a draft shown read-only.
    pub(super) fn read_only(&self) -> Option<u32> {
        self.read_only
    }
}

impl App {
    /// Turns on the autosave to a recovery file in `options.dir` and looks there for work a
    /// crashed or killed instance left: the newest is offered (Restore / Discard) on the first
    /// frame without another dialog. If the folder cannot be used, the status line says so and
    /// the app runs without autosave.
    pub fn enable_recovery(&mut self, options: AutosaveOptions) {
        self.keep.clock = options.clock.clone();
        match RecoveryStore::open(&options.dir) {
            Ok(store) => {
                let orphans = store.orphans();
                if let Some(first) = orphans.unreadable.first() {
                    self.status =
                        format!("A recovery file could not be read (it was kept): {first}");
                }
                self.keep.offer = orphans.found.into_iter().next();
                self.keep.autosaver = Some(Autosaver::new(store, options.delay));
            }
            Err(error) => {
                self.status = format!(
                    "Autosave is off: the folder {} cannot be used: {error}",
                    options.dir.display()
                );
            }
        }
    }

    /// [`App::enable_recovery`] in the data folder ([`recovery::data_dir`]), as the app starts.
    pub(super) fn enable_recovery_in_data_dir(&mut self) {
        match recovery::data_dir() {
            Some(dir) => self.enable_recovery(AutosaveOptions::new(&dir)),
            None => {
                self.status = format!(
                    "Autosave is off: no data folder was found (set {})",
                    recovery::DATA_DIR_ENV
                );
            }
        }
    }

    /// This instance's recovery file, while it holds unsaved work.
    pub fn recovery_file(&self) -> Option<&Path> {
        self.keep
            .autosaver
            .as_ref()
            .filter(|a| a.has_recovery_file())
            .map(|a| a.store().path())
    }

    /// Writes the recovery file now, without waiting for the delay (tests). True when written.
    pub fn autosave_now(&mut self) -> bool {
        let now = self.keep.clock.now();
        let dirty = self.unsaved_for_autosave();
        let stamp = self.stamp_of_current_file();
        let Some(autosaver) = self.keep.autosaver.as_mut() else {
            return false;
        };
        let snapshot = Snapshot {
            draft: &self.draft,
            path: self.path.as_deref(),
            stamp,
            dirty,
        };
        autosaver.write_now(now, snapshot) == recovery::Tick::Wrote
    }

    /// True when the open draft is from a newer version and shown read-only.
    pub fn is_read_only(&self) -> bool {
        self.keep.read_only.is_some()
    }

    // ---- Hooks called from app.rs ----

    /// A draft was opened or saved: remember the file as it is on disk now.
    pub(super) fn remember_file(&mut self, path: &Path, stamp: FileStamp) {
        self.keep.stamp = Some((path.to_path_buf(), stamp));
    }

    /// The draft was replaced (new, opened, restored): forget the old file's stamp and mode.
    pub(super) fn forget_file(&mut self) {
        self.keep.stamp = None;
        self.keep.read_only = None;
    }

    /// Opening failed with `error`; a draft from a newer format is opened read-only instead when
    /// its known fields can be read. True when it was.
    pub(super) fn open_newer_read_only(&mut self, path: &Path, error: &DraftError) -> bool {
        if !matches!(error, DraftError::NewerFormat { .. }) {
            return false;
        }
        let Ok(newer) = draft::load_newer_read_only(path) else {
            return false; // The caller shows the "newer version" error.
        };
        self.set_draft(newer.draft.clone(), Some(path.to_path_buf()));
        self.saved = newer.draft;
        self.remember_file(path, newer.stamp);
        self.keep.read_only = Some(newer.found);
        self.status = format!("Opened {} read-only (newer format)", path.display());
        true
    }

    /// Saving a read-only draft is refused with an explanation. True when refused.
    pub(super) fn refuse_read_only_save(&mut self) -> bool {
        let Some(found) = self.keep.read_only else {
            return false;
        };
        self.dialog = Some(Dialog::Error {
            title: labels::READ_ONLY_TITLE.to_string(),
            report: ErrorReport {
                file: self
                    .path
                    .as_deref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                position: None,
                reason: format!(
                    "it was written by a newer version of cpt-guidance (draft format {found}). \
                     Saving it here would drop what this version does not understand, so it \
                     is never saved from here; the file stays as it is."
                ),
            },
        });
        true
    }

    /// Before Save overwrites `path`: if another program changed the file since it was opened
    /// or saved here, ask first (Overwrite / Save As… / Cancel). True when asking.
    pub(super) fn ask_if_changed_on_disk(&mut self, path: &Path, then: &Option<Then>) -> bool {
        let Some((known_path, known)) = &self.keep.stamp else {
            return false;
        };
        if self.keep.read_only.is_some() {
            return false; // Saving is refused anyway, with its own explanation.
        }
        if known_path != path {
            return false;
        }
        // A missing file is no conflict (saving writes it again); a file that cannot be read
        // is left to the save, which reports why.
        let changed = matches!(draft::file_stamp(path), Ok(Some(now)) if now != *known);
        if changed {
            self.dialog = Some(Dialog::ChangedOnDisk {
                path: path.to_path_buf(),
                then: then.clone(),
            });
        }
        changed
    }

    /// Answers to the dialogs of this module; any other dialog is handed back.
    pub(super) fn safekeeping_choice(
        &mut self,
        ctx: &egui::Context,
        dialog: Dialog,
        choice: Choice,
    ) -> Option<Dialog> {
        match dialog {
            Dialog::Recovery(_) => {
                let orphan = self.keep.offer.take();
                match (choice, orphan) {
                    (Choice::Restore, Some(orphan)) => self.restore(orphan),
                    (Choice::Discard, Some(orphan)) => match orphan.discard() {
                        Ok(()) => self.status = "Discarded the unsaved work".to_string(),
                        Err(error) => {
                            self.status = format!("The recovery file could not be deleted: {error}")
                        }
                    },
                    _ => {
                        self.status =
                            "The unsaved work stays in its recovery file; it is offered again at the next start"
                                .to_string();
                    }
                }
                None
            }
            Dialog::ChangedOnDisk { path, then } => {
                match choice {
                    Choice::Overwrite => {
                        if self.save_to(&path)
                            && let Some(then) = then
                        {
                            self.proceed(ctx, then);
                        }
                    }
                    Choice::SaveAs => {
                        self.start_file_dialog(ctx, DialogPurpose::SaveAs { then });
                    }
                    _ => {}
                }
                None
            }
            other => Some(other),
        }
    }

    /// Before the frame's dialogs: the restore question, once nothing else is asked.
    pub(super) fn safekeeping_before_frame(&mut self) {
        if self.keep.offer_shown || self.dialog.is_some() {
            return;
        }
        if let Some(orphan) = &self.keep.offer {
            self.keep.offer_shown = true;
            let recovery = &orphan.recovery;
            self.dialog = Some(Dialog::Recovery(RecoveryOffer {
                file: recovery.file_label(),
                title: recovery.draft.title.clone(),
                when: recovery::describe_time(recovery.saved_at, recovery::unix_now()),
            }));
        }
    }

    /// After the frame: keep a read-only draft unchanged, autosave when due, and ask for a
    /// repaint when the next autosave is due (the idle app does not repaint otherwise).
    pub(super) fn safekeeping_after_frame(&mut self, ctx: &egui::Context) {
        if self.keep.read_only.is_some() && self.draft != self.saved {
            self.draft = self.saved.clone();
        }
        let now = self.keep.clock.now();
        let dirty = self.unsaved_for_autosave();
        let stamp = self.stamp_of_current_file();
        let Some(autosaver) = self.keep.autosaver.as_mut() else {
            return;
        };
        let snapshot = Snapshot {
            draft: &self.draft,
            path: self.path.as_deref(),
            stamp,
            dirty,
        };
        let tick = autosaver.tick(now, snapshot);
        let wake = autosaver.next_wake(now);
        self.on_autosave(tick);
        if let Some(wake) = wake {
            ctx.request_repaint_after(wake);
        }
    }

    /// The app is closing. After a clean quit (nothing unsaved, or the user discarded it) the
    /// recovery file goes; otherwise the latest edits are written to it, to be offered next time.
    pub(super) fn safekeeping_exit(&mut self) {
        let dirty = self.unsaved_for_autosave();
        let now = self.keep.clock.now();
        let stamp = self.stamp_of_current_file();
        let Some(mut autosaver) = self.keep.autosaver.take() else {
            return;
        };
        if !dirty || self.allow_close {
            if let Err(error) = autosaver.close() {
                eprintln!("cpt-guidance: the recovery file could not be removed: {error}");
            }
        } else {
            let snapshot = Snapshot {
                draft: &self.draft,
                path: self.path.as_deref(),
                stamp,
                dirty,
            };
            if let recovery::Tick::Failed(reason) = autosaver.write_now(now, snapshot) {
                eprintln!("cpt-guidance: the unsaved work could not be autosaved: {reason}");
            }
        }
    }

    // ---- Inside ----

    fn unsaved_for_autosave(&self) -> bool {
        self.keep.read_only.is_none() && self.is_dirty()
    }

    fn stamp_of_current_file(&self) -> Option<FileStamp> {
        match (&self.keep.stamp, &self.path) {
            (Some((known_path, stamp)), Some(path)) if known_path == path => Some(*stamp),
            _ => None,
        }
    }

    fn on_autosave(&mut self, tick: recovery::Tick) {
        match tick {
            recovery::Tick::Failed(reason) => {
                self.keep.autosave_failed = true;
                self.status = format!(
                    "Autosave failed ({reason}); trying again. Your edits are still here: save them to a file"
                );
            }
            recovery::Tick::Wrote | recovery::Tick::Removed if self.keep.autosave_failed => {
                self.keep.autosave_failed = false;
                self.status = "Autosave works again".to_string();
            }
            _ => {}
        }
    }

    /// Restore: the recovered draft comes back unsaved, with its file; this instance's recovery
    /// file takes it over before the old one is deleted, so it is never only in memory.
    fn restore(&mut self, orphan: Orphan) {
        let recovery = orphan.recovery.clone();
        let path = recovery.original_path.clone();
        // "Unsaved" means: differs from the file as it is now (or from an empty draft).
        let on_disk = path.as_deref().and_then(|p| draft::load(p).ok());
        self.set_draft(recovery.draft, path.clone());
        self.saved = on_disk.unwrap_or_default();
        if let (Some(path), Some(stamp)) = (&path, recovery.original_stamp) {
            // Save asks first if the file changed since the crashed instance opened it.
            self.remember_file(path, stamp);
        }
        let took_over = !self.unsaved_for_autosave() || self.autosave_now();
        if took_over {
            if let Err(error) = orphan.discard() {
                eprintln!("cpt-guidance: the old recovery file could not be removed: {error}");
            }
        } else {
            // Keep the old file: it is the only copy on disk until an autosave works.
            self.keep.autosave_failed = true;
        }
        self.status = format!(
            "Restored unsaved work from {} (autosaved {})",
            recovery::file_label(recovery.original_path.as_deref()),
            recovery::describe_time(recovery.saved_at, recovery::unix_now())
        );
    }
}
