//! Helpers shared by the integration tests: example drafts, a scratch copy of the reference data,
//! and the desktop app in a kittest harness. Each test file uses only some of them.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

/// An example draft from `assets/examples/`.
pub fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples")
        .join(name)
}

/// The reference files the manifest names, as a reference folder holds them.
pub const REFERENCE_FILES: &[&str] = &[
    "manifest.ron",
    "77014.ron",
    "77012.ron",
    "77003.ron",
    "codes.ron",
    "rules.ron",
    "modifiers.ron",
    "places_of_service.ron",
    "icd10.ron",
];

/// A temporary copy of the files directly in `reference/` (not `icd10cm/`), to edit or break.
pub fn copy_reference() -> tempfile::TempDir {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("reference");
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(source).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

/// The desktop app in a kittest harness: no display, no GPU.
#[cfg(feature = "gui")]
pub mod gui {
    use cpt_guidance::app::App;
    use cpt_guidance::reference::Reference;
    use egui_kittest::Harness;

    /// eframe storage in memory, to see what the app persists.
    #[derive(Default)]
    pub struct MemoryStorage(pub std::collections::HashMap<String, String>);

    impl eframe::Storage for MemoryStorage {
        fn get_string(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set_string(&mut self, key: &str, value: String) {
            self.0.insert(key.to_string(), value);
        }
        fn remove_string(&mut self, key: &str) {
            self.0.remove(key);
        }
        fn flush(&mut self) {}
    }

    /// An app on the embedded reference, its ICD-10-CM code sets loaded.
    pub fn new_app() -> App {
        let reference = Reference::embedded().expect("embedded reference loads");
        let mut app = App::new(reference, None);
        app.wait_for_code_sets();
        app
    }

    /// `app` in a 1400x900 window, after its first frames.
    pub fn harness(app: App) -> Harness<'static, App> {
        let mut harness = Harness::builder()
            .with_size([1400.0, 900.0])
            .build_eframe(|_| app);
        harness.run();
        harness
    }

    /// A new app with an example draft open.
    pub fn harness_with(example_name: &str) -> Harness<'static, App> {
        let mut app = new_app();
        assert!(app.open_path(&super::example(example_name)));
        harness(app)
    }
}
