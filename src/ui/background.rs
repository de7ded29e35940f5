//! Parses the ICD-10-CM releases on a worker thread at start-up, so the window appears at once
//! and typing never waits for the ~200 ms parse. Until it is done the app does not touch the code
//! sets (a call would block on the parse), and validation waits.
//!
//! A release's title search index (a lower-case copy of its titles, about 8.6 MB, built in about
//! 45 ms) is built on another worker only once the new-diagnosis field is focused
//! ([`warm_title_search`]), for the release in force on the date of service: an app that never
//! searches titles, or only one release's, does not hold all three (26 MB).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;

use crate::date::Date;
use crate::reference::Reference;

/// The code-set warm-up: started once, polled every frame through an atomic flag.
pub struct CodeSetsLoader {
    ready: Arc<AtomicBool>,
    /// Set by the UI on its first frame; the worker asks it for one repaint when done.
    ctx: Arc<OnceLock<egui::Context>>,
    handle: Option<JoinHandle<()>>,
}

impl CodeSetsLoader {
    /// Starts parsing the reference's code sets in the background.
    pub fn start(reference: &Reference) -> CodeSetsLoader {
        let ready = Arc::new(AtomicBool::new(false));
        let ctx: Arc<OnceLock<egui::Context>> = Arc::new(OnceLock::new());
        let reference = reference.clone();
        let (worker_ready, worker_ctx) = (Arc::clone(&ready), Arc::clone(&ctx));
        let spawned = std::thread::Builder::new()
            .name("icd10cm-load".into())
            .spawn(move || {
                let _parsed = reference.icd10cm();
                worker_ready.store(true, Ordering::SeqCst);
                if let Some(ctx) = worker_ctx.get() {
                    ctx.request_repaint();
                }
            });
        let handle = match spawned {
            Ok(handle) => Some(handle),
            Err(_) => {
                // No thread: the first use parses on the UI thread instead (a short pause, once).
                ready.store(true, Ordering::SeqCst);
                None
            }
        };
        CodeSetsLoader { ready, ctx, handle }
    }

    /// True once the code sets can be used without waiting. Call every frame with the context so
    /// the worker can wake the UI when it finishes.
    pub fn poll(&self, ctx: &egui::Context) -> bool {
        // The context is stored before the flag is read; the worker sets the flag before reading
        // the context. So either this frame sees the flag, or the worker sees the context.
        self.ctx.get_or_init(|| ctx.clone());
        self.ready.load(Ordering::SeqCst)
    }

    /// Blocks until the worker is done (tests, and the app's first validation if it must wait).
    pub fn wait(&mut self) {
        if let Some(handle) = self.handle.take() {
            // A panic in the worker only means the code sets are unavailable; go on without them.
            handle.join().ok();
        }
        self.ready.store(true, Ordering::SeqCst);
    }
}

/// Builds the title search index of the release in force on `date` on a worker thread, so the
/// first words typed in the new-diagnosis field do not wait for it (a search meanwhile waits for
/// the rest of the build, never builds it twice). Call once the code sets are loaded.
pub fn warm_title_search(reference: &Reference, date: Date) {
    let reference = reference.clone();
    let spawned = std::thread::Builder::new()
        .name("icd10cm-index".into())
        .spawn(move || {
            if let Some(sets) = reference.icd10cm() {
                // A title query builds the release's index (a code query would not).
                sets.for_date(date).set.search("lung", 1);
            }
        });
    // No thread: the first title search builds the index instead (a short pause, once).
    drop(spawned);
}
