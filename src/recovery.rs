//! Never losing work: the recovery file the desktop app autosaves the open draft to, and finding
//! the recovery files a crashed or killed instance left behind.
//!
//! Each running instance owns one `recovery-<id>.ron` in the data folder, written (atomically,
//! with [`draft::write_atomically`]) a few seconds after the last edit, and removed when the draft
//! is saved, discarded or closed cleanly. Beside it the instance holds an exclusive lock on
//! `recovery-<id>.lock` for as long as it runs; the operating system releases the lock when the
//! process ends in any way, so a recovery file whose lock can be taken belongs to an instance
//! that is gone, and the next start offers it. A running instance's file is never offered.
//!
//! Pure file I/O and timing: no egui. The app and the hidden `__autosave-probe` command (which
//! the crash test kills) drive the same [`Autosaver`].

pub mod probe;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::claim::ClaimDraft;
use crate::draft::{self, DraftError, FileStamp};

/// The environment variable that replaces the data folder (tests, portable installs).
pub const DATA_DIR_ENV: &str = "CPT_GUIDANCE_DATA_DIR";
/// How long after the last edit the recovery file is written.
pub const AUTOSAVE_DELAY: Duration = Duration::from_secs(3);
/// The longest an edit waits while the user keeps typing without a pause.
pub const AUTOSAVE_MAX_DELAY: Duration = Duration::from_secs(15);
/// How long after a failed autosave it is tried again.
pub const AUTOSAVE_RETRY: Duration = Duration::from_secs(10);
/// Recovery files larger than this are not read (a draft is at most 1 MiB).
pub const MAX_RECOVERY_BYTES: u64 = 2 * draft::MAX_DRAFT_BYTES + 64 * 1024;

const PREFIX: &str = "recovery-";
/// Lock files without a recovery file, older than this, are left over from a crash before the
/// first autosave and are removed. Younger ones may belong to an instance that is starting.
const STALE_LOCK_AGE: Duration = Duration::from_secs(60);

/// The folder for recovery files: `$CPT_GUIDANCE_DATA_DIR` when set, else the platform data
/// folder (`~/.local/share/cpt-guidance` on Linux, the folder eframe keeps its settings in).
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "cpt-guidance").map(|d| d.data_dir().to_path_buf())
}

/// What a recovery file holds: the draft and where it came from.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename = "Recovery")]
pub struct Recovery {
    /// The version of cpt-guidance that wrote it.
    pub app_version: String,
    /// When it was written, in seconds since 1970-01-01 UTC.
    pub saved_at: u64,
    /// The draft's file, if it had one. A path that is not UTF-8 is not kept: the draft then
    /// comes back untitled (its content is kept either way).
    #[serde(default)]
    pub original_path: Option<PathBuf>,
    /// The draft's file as it was last opened or saved, to notice later changes on disk.
    #[serde(default)]
    pub original_stamp: Option<FileStamp>,
    pub draft: ClaimDraft,
}

impl Recovery {
    /// A recovery of `draft` written now.
    pub fn new(
        draft: &ClaimDraft,
        original_path: Option<&Path>,
        original_stamp: Option<FileStamp>,
    ) -> Recovery {
        Recovery {
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            saved_at: unix_now(),
            original_path: original_path
                .filter(|p| p.to_str().is_some())
                .map(Path::to_path_buf),
            original_stamp,
            draft: draft.clone(),
        }
    }

    /// What the draft is called in the restore question: its file, or "untitled draft".
    pub fn file_label(&self) -> String {
        file_label(self.original_path.as_deref())
    }
}

/// A draft's file for people: its path, or "untitled draft".
pub fn file_label(path: Option<&Path>) -> String {
    match path {
        Some(path) => path.display().to_string(),
        None => "untitled draft".to_string(),
    }
}

/// Why a recovery file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: is {size} bytes; a recovery file is at most {MAX_RECOVERY_BYTES} bytes")]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{path}: not a recovery file: {message}")]
    Syntax { path: PathBuf, message: String },
    #[error(transparent)]
    Draft(#[from] DraftError),
}

/// Reads one recovery file.
pub fn read(path: &Path) -> Result<Recovery, RecoveryError> {
    use crate::bounded_read::{BoundedReadError, read_regular_file};
    let bytes = read_regular_file(path, MAX_RECOVERY_BYTES).map_err(|error| match error {
        BoundedReadError::Io(source) => RecoveryError::Io {
            path: path.to_path_buf(),
            source,
        },
        BoundedReadError::TooLarge(size) => RecoveryError::TooLarge {
            path: path.to_path_buf(),
            size,
        },
        BoundedReadError::NotAFile => RecoveryError::Syntax {
            path: path.to_path_buf(),
            message: "not a regular file".to_string(),
        },
    })?;
    let text = std::str::from_utf8(&bytes).map_err(|_| RecoveryError::Syntax {
        path: path.to_path_buf(),
        message: "not UTF-8 text".to_string(),
    })?;
    draft::ron_options()
        .from_str(text)
        .map_err(|error| RecoveryError::Syntax {
            path: path.to_path_buf(),
            message: error.to_string(),
        })
}

/// Writes one recovery file atomically: it holds either the previous recovery or the new one,
/// whenever the process is killed.
pub fn write(path: &Path, recovery: &Recovery) -> Result<(), DraftError> {
    draft::write_atomically(path, draft::to_pretty_ron(recovery)?.as_bytes())
}

/// Seconds since 1970-01-01 UTC (0 if the clock is before it).
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// "2026-11-22 14:03 UTC (12 minutes ago)": when an autosave happened, for the restore question.
pub fn describe_time(saved_at: u64, now: u64) -> String {
    let days = (saved_at / 86_400) as i64;
    let seconds = saved_at % 86_400;
    let date = crate::date::Date::from_days_since_epoch(days);
    let clock = format!("{:02}:{:02}", seconds / 3600, seconds % 3600 / 60);
    let ago = match now.checked_sub(saved_at) {
        None => "in the future: check the computer's clock".to_string(),
        Some(s) if s < 60 => "just now".to_string(),
        Some(s) if s < 3600 => plural(s / 60, "minute"),
        Some(s) if s < 86_400 => plural(s / 3600, "hour"),
        Some(s) => plural(s / 86_400, "day"),
    };
    format!("{date} {clock} UTC ({ago})")
}

fn plural(n: u64, unit: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{n} {unit}{s} ago")
}

// ---- The folder of recovery files ----

/// This instance's recovery file and the lock that marks it as in use.
#[derive(Debug)]
pub struct RecoveryStore {
    dir: PathBuf,
    path: PathBuf,
    lock_path: PathBuf,
    /// Held for the instance's lifetime; the OS releases it when the process ends.
    _lock: File,
}

impl RecoveryStore {
    /// Claims a new recovery file name in `dir` (created if missing). Nothing is written yet.
    pub fn open(dir: &Path) -> std::io::Result<RecoveryStore> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        std::fs::create_dir_all(dir)?;
        for _ in 0..1000 {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let id = format!("{}-{}-{n}", std::process::id(), unix_now());
            let lock_path = dir.join(format!("{PREFIX}{id}.lock"));
            let lock = match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&lock_path)
            {
                Ok(file) => file,
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(error) => return Err(error),
            };
            match lock.try_lock() {
                Ok(()) => {}
                // No locks on this file system: carry on; then a running instance's file can
                // be offered elsewhere, which costs a duplicate, never a loss.
                Err(std::fs::TryLockError::Error(error))
                    if error.kind() == std::io::ErrorKind::Unsupported => {}
                Err(std::fs::TryLockError::Error(error)) => return Err(error),
                Err(std::fs::TryLockError::WouldBlock) => continue,
            }
            return Ok(RecoveryStore {
                dir: dir.to_path_buf(),
                path: dir.join(format!("{PREFIX}{id}.ron")),
                lock_path,
                _lock: lock,
            });
        }
        Err(std::io::Error::other(
            "no free recovery file name after 1000 tries",
        ))
    }

    /// This instance's recovery file (it exists only while there is unsaved work).
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn write(&self, recovery: &Recovery) -> Result<(), DraftError> {
        write(&self.path, recovery)
    }

    /// Removes this instance's recovery file; a missing file is fine.
    pub fn remove(&self) -> std::io::Result<()> {
        remove_if_present(&self.path)
    }

    /// A clean exit: the recovery file and the lock file go.
    pub fn close(self) -> std::io::Result<()> {
        let result = self.remove();
        remove_if_present(&self.lock_path).ok(); // Harmless if left: the next start removes it.
        result
    }

    /// The recovery files in this folder that no running instance owns (see [`find_orphans`]).
    pub fn orphans(&self) -> Orphans {
        find_orphans(&self.dir, Some(&self.path))
    }
}

fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

/// A recovery file left by an instance that is gone. While this value lives, its lock is held,
/// so no other instance offers the same file at the same time.
#[derive(Debug)]
pub struct Orphan {
    pub path: PathBuf,
    pub recovery: Recovery,
    lock_path: PathBuf,
    _lock: File,
}

impl Orphan {
    /// Deletes the recovery file (after Discard, or once its draft is safe elsewhere).
    pub fn discard(self) -> std::io::Result<()> {
        let result = remove_if_present(&self.path);
        if result.is_ok() {
            remove_if_present(&self.lock_path).ok(); // Harmless if left.
        }
        result
    }
}

/// What a folder of recovery files holds for a new instance.
#[derive(Debug, Default)]
pub struct Orphans {
    /// Readable recovery files of instances that are gone, newest first.
    pub found: Vec<Orphan>,
    /// Recovery files that could not be read. They are left in place, never deleted.
    pub unreadable: Vec<RecoveryError>,
}

/// The recovery files in `dir` whose instance is gone (their lock could be taken), newest
/// first, except `own`. Files of running instances are skipped. Left-overs of a crash are
/// removed: lock files without a recovery file (a crash before the first autosave) and the
/// temporary file of a write the kill cut short (the recovery file itself is whole: the previous
/// autosave).
pub fn find_orphans(dir: &Path, own: Option<&Path>) -> Orphans {
    let mut orphans = Orphans::default();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return orphans; // No folder yet: nothing to recover.
    };
    let mut names: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(PREFIX))
        })
        .collect();
    names.sort();
    // Temporary files of writes cut short by a kill: `.recovery-<id>.ron.<pid>-<n>.tmp`.
    let temps: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                        n.starts_with(&format!(".{PREFIX}")) && n.ends_with(".tmp")
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    for path in names {
        let extension = path.extension().and_then(|e| e.to_str());
        if extension == Some("lock") {
            clean_up_without_recovery_file(&path, &temps);
            continue;
        }
        if extension != Some("ron") || Some(path.as_path()) == own {
            continue;
        }
        let lock_path = path.with_extension("lock");
        let Some(lock) = take_lock(&lock_path) else {
            continue; // Its instance is running.
        };
        remove_temps(&path, &temps); // Its instance is gone: none of its writes is under way.
        match read(&path) {
            Ok(recovery) => orphans.found.push(Orphan {
                path,
                recovery,
                lock_path,
                _lock: lock,
            }),
            Err(error) => orphans.unreadable.push(error),
        }
    }
    orphans
        .found
        .sort_by_key(|o| std::cmp::Reverse(o.recovery.saved_at));
    orphans
}

/// Takes the lock of a recovery file: `None` while its instance runs.
fn take_lock(lock_path: &Path) -> Option<File> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(lock_path)
        .ok()?;
    match file.try_lock() {
        Ok(()) => Some(file),
        Err(std::fs::TryLockError::WouldBlock) => None,
        // No locks here: assume the owner is gone (a duplicate offer at worst, never a loss).
        Err(std::fs::TryLockError::Error(_)) => Some(file),
    }
}

/// A lock file whose instance never autosaved: once the instance is gone, its temporary files
/// go, and the lock file too when it is old enough not to belong to an instance still starting.
fn clean_up_without_recovery_file(lock_path: &Path, temps: &[PathBuf]) {
    let recovery_path = lock_path.with_extension("ron");
    if recovery_path.exists() {
        return; // Handled with its recovery file.
    }
    let Some(lock) = take_lock(lock_path) else {
        return; // Running.
    };
    remove_temps(&recovery_path, temps);
    let old = std::fs::metadata(lock_path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > STALE_LOCK_AGE);
    if old {
        remove_if_present(lock_path).ok(); // Best effort; it is only an empty file.
    }
    drop(lock);
}

/// Removes the temporary files of writes to `recovery_path` (see [`draft::write_atomically`]).
fn remove_temps(recovery_path: &Path, temps: &[PathBuf]) {
    let Some(name) = recovery_path.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let prefix = format!(".{name}.");
    for temp in temps {
        if temp
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(&prefix))
        {
            remove_if_present(temp).ok(); // Best effort: only a partial copy.
        }
    }
}

// ---- Timing ----

/// The time the autosave goes by: the system's, or one a test moves by hand.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    manual: Option<(Instant, Arc<AtomicU64>)>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock that stands still until [`Clock::advance`] moves it (clones share the time).
    pub fn manual() -> Clock {
        Clock {
            manual: Some((Instant::now(), Arc::new(AtomicU64::new(0)))),
        }
    }

    pub fn advance(&self, by: Duration) {
        if let Some((_, offset)) = &self.manual {
            let nanos = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
            offset.fetch_add(nanos, Ordering::SeqCst);
        }
    }

    pub fn now(&self) -> Instant {
        match &self.manual {
            Some((start, offset)) => *start + Duration::from_nanos(offset.load(Ordering::SeqCst)),
            None => Instant::now(),
        }
    }
}

/// Where and when the desktop app autosaves.
#[derive(Clone, Debug)]
pub struct AutosaveOptions {
    /// The folder for recovery files ([`data_dir`] in the app; a temporary one in tests).
    pub dir: PathBuf,
    pub delay: Duration,
    pub clock: Clock,
}

impl AutosaveOptions {
    /// Recovery files in `dir`, the app's delay, the system clock.
    pub fn new(dir: &Path) -> AutosaveOptions {
        AutosaveOptions {
            dir: dir.to_path_buf(),
            delay: AUTOSAVE_DELAY,
            clock: Clock::system(),
        }
    }
}

/// What the autosaver is shown each frame: the draft and whether it has unsaved changes.
#[derive(Clone, Copy, Debug)]
pub struct Snapshot<'a> {
    pub draft: &'a ClaimDraft,
    pub path: Option<&'a Path>,
    pub stamp: Option<FileStamp>,
    pub dirty: bool,
}

/// What one [`Autosaver::tick`] did.
#[derive(Debug, PartialEq)]
pub enum Tick {
    /// Nothing (no change, or waiting for the delay to pass).
    Idle,
    /// The recovery file was written.
    Wrote,
    /// The draft is clean again (saved, discarded): the recovery file was removed.
    Removed,
    /// Writing or removing failed; a write is tried again after [`AUTOSAVE_RETRY`].
    Failed(String),
}

#[derive(Clone, Copy, Debug)]
struct Pending {
    /// The first edit not yet written.
    since: Instant,
    deadline: Instant,
}

/// Writes the recovery file a short delay after the last edit (debounced), at most
/// [`AUTOSAVE_MAX_DELAY`] after the first unwritten edit, and removes it once the draft is
/// clean. Call [`Autosaver::tick`] after every frame (or edit) and wake up again after
/// [`Autosaver::next_wake`]; nothing runs in between.
#[derive(Debug)]
pub struct Autosaver {
    store: RecoveryStore,
    delay: Duration,
    max_delay: Duration,
    seen: Option<(ClaimDraft, Option<PathBuf>, bool)>,
    pending: Option<Pending>,
    written: bool,
}

impl Autosaver {
    pub fn new(store: RecoveryStore, delay: Duration) -> Autosaver {
        Autosaver {
            store,
            delay,
            max_delay: AUTOSAVE_MAX_DELAY.max(delay),
            seen: None,
            pending: None,
            written: false,
        }
    }

    pub fn store(&self) -> &RecoveryStore {
        &self.store
    }

    /// True while this instance's recovery file holds unsaved work.
    pub fn has_recovery_file(&self) -> bool {
        self.written
    }

    /// Notices changes and writes or removes the recovery file when due.
    pub fn tick(&mut self, now: Instant, snapshot: Snapshot<'_>) -> Tick {
        let changed = self.seen.as_ref().is_none_or(|(draft, path, dirty)| {
            draft != snapshot.draft || path.as_deref() != snapshot.path || *dirty != snapshot.dirty
        });
        if changed {
            self.seen = Some((
                snapshot.draft.clone(),
                snapshot.path.map(Path::to_path_buf),
                snapshot.dirty,
            ));
        }
        if !snapshot.dirty {
            // Saved, discarded or undone: nothing to recover. Removing is not debounced.
            self.pending = None;
            if !self.written {
                return Tick::Idle;
            }
            self.written = false;
            return match self.store.remove() {
                Ok(()) => Tick::Removed,
                Err(error) => Tick::Failed(format!(
                    "{}: cannot remove: {error}",
                    self.store.path().display()
                )),
            };
        }
        if changed {
            let since = self.pending.map_or(now, |p| p.since);
            let deadline = (now + self.delay).min(since + self.max_delay);
            self.pending = Some(Pending { since, deadline });
        }
        match self.pending {
            Some(pending) if now >= pending.deadline => self.write_now(now, snapshot),
            _ => Tick::Idle,
        }
    }

    /// Writes the recovery file now, whatever the delay (restoring another instance's work, a
    /// clean draft excepted).
    pub fn write_now(&mut self, now: Instant, snapshot: Snapshot<'_>) -> Tick {
        if !snapshot.dirty {
            return self.tick(now, snapshot);
        }
        let recovery = Recovery::new(snapshot.draft, snapshot.path, snapshot.stamp);
        match self.store.write(&recovery) {
            Ok(()) => {
                self.pending = None;
                self.written = true;
                Tick::Wrote
            }
            Err(error) => {
                self.pending = Some(Pending {
                    since: now,
                    deadline: now + AUTOSAVE_RETRY,
                });
                Tick::Failed(error.to_string())
            }
        }
    }

    /// How long until the next write is due, if one is pending: the app asks for a repaint then
    /// (`request_repaint_after`), the probe sleeps. `None`: nothing to do until the next edit.
    pub fn next_wake(&self, now: Instant) -> Option<Duration> {
        self.pending
            .map(|p| p.deadline.saturating_duration_since(now))
    }

    /// A clean exit: the recovery file and the lock go. Call only when nothing is unsaved, or
    /// the user chose to discard it.
    pub fn close(self) -> std::io::Result<()> {
        self.store.close()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn draft(title: &str) -> ClaimDraft {
        ClaimDraft {
            title: title.to_string(),
            ..ClaimDraft::default()
        }
    }

    fn snapshot(draft: &ClaimDraft) -> Snapshot<'_> {
        Snapshot {
            draft,
            path: None,
            stamp: None,
            dirty: true,
        }
    }

    #[test]
    fn the_write_waits_for_a_pause_in_the_edits() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::open(dir.path()).unwrap();
        let file = store.path().to_path_buf();
        let mut saver = Autosaver::new(store, AUTOSAVE_DELAY);
        let t0 = Instant::now();
        let one = draft("a");
        assert_eq!(saver.tick(t0, snapshot(&one)), Tick::Idle);
        assert_eq!(saver.next_wake(t0), Some(AUTOSAVE_DELAY));
        // Another edit 2 s later restarts the wait.
        let two = draft("ab");
        let t2 = t0 + Duration::from_secs(2);
        assert_eq!(saver.tick(t2, snapshot(&two)), Tick::Idle);
        assert_eq!(saver.next_wake(t2), Some(AUTOSAVE_DELAY));
        let t4 = t0 + Duration::from_secs(4);
        assert_eq!(saver.tick(t4, snapshot(&two)), Tick::Idle);
        assert!(!file.exists());
        let t5 = t2 + AUTOSAVE_DELAY;
        assert_eq!(saver.tick(t5, snapshot(&two)), Tick::Wrote);
        assert_eq!(read(&file).unwrap().draft.title, "ab");
        assert_eq!(saver.next_wake(t5), None);
        // No change: nothing more is written.
        assert_eq!(saver.tick(t5 + AUTOSAVE_DELAY, snapshot(&two)), Tick::Idle);
    }

    #[test]
    fn nonstop_typing_is_written_after_the_longest_delay() {
        let dir = tempfile::tempdir().unwrap();
        let mut saver = Autosaver::new(RecoveryStore::open(dir.path()).unwrap(), AUTOSAVE_DELAY);
        let t0 = Instant::now();
        let mut wrote_at = None;
        for step in 0..200u64 {
            let now = t0 + Duration::from_millis(500 * step);
            let edit = draft(&"x".repeat(step as usize + 1));
            if saver.tick(now, snapshot(&edit)) == Tick::Wrote {
                wrote_at = Some(now - t0);
                break;
            }
        }
        assert_eq!(wrote_at, Some(AUTOSAVE_MAX_DELAY));
    }

    #[test]
    fn a_clean_draft_removes_the_file_at_once_and_close_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut saver = Autosaver::new(RecoveryStore::open(dir.path()).unwrap(), AUTOSAVE_DELAY);
        let now = Instant::now();
        let edited = draft("edited");
        assert_eq!(saver.write_now(now, snapshot(&edited)), Tick::Wrote);
        assert!(saver.store().path().exists());
        let clean = Snapshot {
            dirty: false,
            ..snapshot(&edited)
        };
        assert_eq!(saver.tick(now, clean), Tick::Removed);
        assert!(!saver.store().path().exists());
        saver.close().unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_running_instance_is_not_an_orphan_and_a_gone_one_is() {
        let dir = tempfile::tempdir().unwrap();
        let running = RecoveryStore::open(dir.path()).unwrap();
        running
            .write(&Recovery::new(&draft("running"), None, None))
            .unwrap();
        let gone = RecoveryStore::open(dir.path()).unwrap();
        let mut recovery = Recovery::new(&draft("gone"), Some(Path::new("/x/y.ron")), None);
        recovery.saved_at -= 100;
        gone.write(&recovery).unwrap();
        let newer = RecoveryStore::open(dir.path()).unwrap();
        newer
            .write(&Recovery::new(&draft("newer"), None, None))
            .unwrap();
        drop(gone); // Like a crash: the lock is released and the file stays.
        drop(newer);
        let me = RecoveryStore::open(dir.path()).unwrap();
        let orphans = me.orphans();
        let titles: Vec<&str> = orphans
            .found
            .iter()
            .map(|o| o.recovery.draft.title.as_str())
            .collect();
        assert_eq!(titles, ["newer", "gone"]);
        // While offered, the files are locked: a second new instance does not offer them too.
        assert!(find_orphans(dir.path(), None).found.is_empty());
        let mut found = orphans.found.into_iter();
        found.next().unwrap().discard().unwrap();
        drop(found);
        let again = find_orphans(dir.path(), None);
        assert_eq!(again.found.len(), 1);
        assert_eq!(again.found[0].recovery.file_label(), "/x/y.ron");
    }

    #[test]
    fn an_unreadable_recovery_file_is_reported_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("recovery-1-2-3.ron");
        std::fs::write(&bad, "not ( a recovery").unwrap();
        let orphans = find_orphans(dir.path(), None);
        assert!(orphans.found.is_empty());
        assert_eq!(orphans.unreadable.len(), 1);
        assert!(bad.exists());
    }

    #[test]
    fn the_time_reads_as_a_date_and_an_age() {
        // 2026-11-22 14:03:00 UTC
        let at = 1_795_356_180;
        assert_eq!(
            describe_time(at, at + 12 * 60 + 5),
            "2026-11-22 14:03 UTC (12 minutes ago)"
        );
        assert_eq!(describe_time(at, at + 5), "2026-11-22 14:03 UTC (just now)");
        assert_eq!(
            describe_time(at, at + 86_400),
            "2026-11-22 14:03 UTC (1 day ago)"
        );
    }

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let clock = Clock::manual();
        let start = clock.now();
        let shared = clock.clone();
        shared.advance(Duration::from_secs(3));
        assert_eq!(clock.now() - start, Duration::from_secs(3));
    }
}
