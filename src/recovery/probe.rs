//! The hidden commands the crash test drives: `__autosave-probe` edits a draft through the same
//! [`Autosaver`] the desktop app uses (same debounce, same recovery file), says when the recovery
//! file is written, then waits to be killed; `__recover-report` lists what a new instance would
//! offer to restore, as JSON, without changing anything.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::claim::{ClaimDraft, ServiceLine};
use crate::draft;

use super::{Autosaver, Clock, RecoveryStore, Snapshot, Tick, find_orphans};

/// What the probe does.
#[derive(Clone, Debug)]
pub struct Probe {
    pub data_dir: PathBuf,
    /// A draft to open first; otherwise a new, untitled one.
    pub open: Option<PathBuf>,
    /// Edits, in order: `title=…`, `notes=…`, `date=…`, `pos=…`, `diagnosis=…`, `line=CODE`.
    pub edits: Vec<String>,
    /// Pause between edits, like typing.
    pub edit_gap: Duration,
    /// The autosave delay (the app's by default).
    pub delay: Duration,
    /// After the first autosave, this many more rounds of "edit notes, wait for the autosave".
    pub rounds: u32,
}

/// Runs the probe up to its last autosave, printing `autosaved <file>` and then
/// `autosaved round <n>` for each round. Returns the autosaver: keep it (and with it the
/// instance's lock) until the process is killed.
pub fn run(probe: &Probe, out: &mut dyn Write) -> Result<Autosaver, String> {
    let store = RecoveryStore::open(&probe.data_dir)
        .map_err(|e| format!("{}: {e}", probe.data_dir.display()))?;
    let mut saver = Autosaver::new(store, probe.delay);
    let clock = Clock::system();
    let (mut current, path, stamp) = match &probe.open {
        Some(path) => {
            let (loaded, stamp) = draft::load_stamped(path).map_err(|e| e.to_string())?;
            (loaded, Some(path.clone()), Some(stamp))
        }
        None => (ClaimDraft::default(), None, None),
    };
    let saved = current.clone();
    for (i, edit) in probe.edits.iter().enumerate() {
        if i > 0 {
            std::thread::sleep(probe.edit_gap);
        }
        apply_edit(&mut current, edit)?;
        let snapshot = Snapshot {
            draft: &current,
            path: path.as_deref(),
            stamp,
            dirty: current != saved,
        };
        report_failure(saver.tick(clock.now(), snapshot));
    }
    let mut round = 0;
    loop {
        let snapshot = Snapshot {
            draft: &current,
            path: path.as_deref(),
            stamp,
            dirty: current != saved,
        };
        wait_for_write(&mut saver, &clock, snapshot)?;
        let line = if round == 0 {
            format!("autosaved {}", saver.store().path().display())
        } else {
            format!("autosaved round {round}")
        };
        writeln!(out, "{line}")
            .and_then(|()| out.flush())
            .map_err(|e| e.to_string())?;
        if round == probe.rounds {
            return Ok(saver);
        }
        round += 1;
        current.notes = format!("round {round}");
    }
}

/// Ticks and sleeps exactly as the app ticks and repaints, until the recovery file is written.
fn wait_for_write(
    saver: &mut Autosaver,
    clock: &Clock,
    snapshot: Snapshot<'_>,
) -> Result<(), String> {
    if !snapshot.dirty {
        return Err("the edits leave the draft unchanged: nothing to autosave".to_string());
    }
    loop {
        match saver.tick(clock.now(), snapshot) {
            Tick::Wrote => return Ok(()),
            other => report_failure(other),
        }
        match saver.next_wake(clock.now()) {
            // Nothing pending and the file written: this draft was written already (with no
            // delay, the edit's own tick wrote it).
            None if saver.has_recovery_file() => return Ok(()),
            None => std::thread::sleep(Duration::from_millis(10)),
            Some(wait) => std::thread::sleep(wait),
        }
    }
}

fn report_failure(tick: Tick) {
    if let Tick::Failed(reason) = tick {
        eprintln!("cpt-guidance: autosave failed: {reason}");
    }
}

fn apply_edit(draft: &mut ClaimDraft, edit: &str) -> Result<(), String> {
    let (field, value) = edit
        .split_once('=')
        .ok_or_else(|| format!("{edit:?}: an edit is FIELD=VALUE"))?;
    let value = value.to_string();
    match field {
        "title" => draft.title = value,
        "notes" => draft.notes = value,
        "date" => draft.date_of_service = value,
        "pos" => draft.place_of_service = value,
        "diagnosis" => draft.diagnoses.push(value),
        "line" => draft.lines.push(ServiceLine {
            code: value,
            ..ServiceLine::default()
        }),
        other => {
            return Err(format!(
                "{other:?}: the fields are title, notes, date, pos, diagnosis and line"
            ));
        }
    }
    Ok(())
}

/// Prints, as a JSON array, the recovery files a new instance would offer (newest first); the
/// unreadable ones go to stderr. Nothing is restored or deleted.
pub fn report(data_dir: &Path, out: &mut dyn Write) -> Result<(), String> {
    let orphans = find_orphans(data_dir, None);
    for error in &orphans.unreadable {
        eprintln!("cpt-guidance: unreadable recovery file: {error}");
    }
    let list: Vec<serde_json::Value> = orphans
        .found
        .iter()
        .map(|o| {
            serde_json::json!({
                "file": o.path.display().to_string(),
                "saved_at": o.recovery.saved_at,
                "app_version": o.recovery.app_version,
                "original_path": o.recovery.original_path.as_ref().map(|p| p.display().to_string()),
                "title": o.recovery.draft.title,
                "notes": o.recovery.draft.notes,
                "lines": o.recovery.draft.lines.iter().map(|l| l.code.clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let text = serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?;
    writeln!(out, "{text}").map_err(|e| e.to_string())
}
