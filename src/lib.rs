//! cpt-guidance: look up and check CPT image-guidance codes on claim drafts.
//!
//! The domain modules (`reference`, `claim`, `draft`, `recovery`, `rules`, `report`, `icd10cm`)
//! never import egui; the desktop app in `app` and `ui` sits on top of them, as does the command
//! line in `cli`.

#[cfg(feature = "gui")]
pub mod app;
pub mod bounded_read;
pub mod chooser;
pub mod claim;
pub mod cli;
pub mod date;
pub mod draft;
pub mod export;
pub mod icd10cm;
pub mod recovery;
pub mod reference;
pub mod report;
pub mod rules;
#[cfg(feature = "gui")]
pub mod ui;
