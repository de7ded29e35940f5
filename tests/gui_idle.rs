//! The desktop app at rest (egui_kittest and plain egui contexts, no display, no GPU): once the
//! ICD-10-CM code sets are loaded, frames with no input ask for no repaint and validate nothing
//! again; a pending autosave asks for one wake-up at its deadline, not for continuous frames; and
//! skipping the rows of long lists that are off screen (what keeps a 50-line claim's frame short)
//! changes nothing: the same meshes reach the GPU (at rest, scrolled, after a jump, after
//! selecting findings) and the keyboard focus moves exactly as when every row is drawn.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::Duration;

use cpt_guidance::app::App;
use cpt_guidance::claim::{ClaimDraft, Documentation, ServiceLine};
use cpt_guidance::recovery::{AUTOSAVE_DELAY, AutosaveOptions, Clock};
use cpt_guidance::reference::Reference;
use cpt_guidance::rules::{FieldPath, ReferenceLink, Section};
use cpt_guidance::ui::Command;
use cpt_guidance::ui::labels;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

mod common;
use common::example;
use common::gui::harness;

/// A claim with 50 lines and 12 diagnoses (about 200 findings): every list is longer than the
/// window.
fn large_draft() -> ClaimDraft {
    const PRIMARIES: [&str; 5] = ["47000", "32408", "50200", "62323", "10005"];
    const GUIDANCE: [&str; 3] = ["77012", "77014", "77003"];
    const DIAGNOSES: [&str; 12] = [
        "C78.7", "R91.1", "K76.89", "N28.89", "M54.50", "M54.5", "C34.90", "J86.9", "D48.5",
        "E11.9", "I10", "Z99.999",
    ];
    let lines = (0..50)
        .map(|i| ServiceLine {
            code: if i % 3 == 1 {
                GUIDANCE[i % GUIDANCE.len()]
            } else {
                PRIMARIES[i % PRIMARIES.len()]
            }
            .to_string(),
            modifiers: if i % 4 == 1 {
                vec!["26".into()]
            } else {
                vec![]
            },
            units: 1,
            diagnosis_pointers: vec![1 + (i % 12) as u32],
        })
        .collect();
    ClaimDraft {
        title: "Fifty lines".to_string(),
        date_of_service: "2026-05-11".to_string(),
        place_of_service: "22".to_string(),
        diagnoses: DIAGNOSES.iter().map(|d| d.to_string()).collect(),
        lines,
        documentation: Documentation {
            medical_necessity: true,
            target_site: "right hepatic lobe lesion".to_string(),
            procedure_performed: true,
            supervision_and_interpretation: true,
        },
        ..ClaimDraft::default()
    }
}

/// An app with the large draft opened from a file in `dir` (so it is clean), code sets loaded.
fn app_with_large_draft(dir: &Path) -> App {
    let path = dir.join("large.ron");
    std::fs::write(
        &path,
        cpt_guidance::draft::to_ron_string(&large_draft()).unwrap(),
    )
    .unwrap();
    let mut app = App::new(Reference::embedded().unwrap(), None);
    app.wait_for_code_sets();
    assert!(app.open_path(&path));
    assert!(!app.is_dirty());
    app
}

fn repaint_delay(harness: &Harness<'static, App>) -> Duration {
    harness.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay
}

/// Runs `frames` frames with no input; each must ask for no repaint and validate nothing.
fn assert_idle(harness: &mut Harness<'static, App>, frames: usize) {
    let generation = harness.state().findings_generation();
    for frame in 0..frames {
        harness.step();
        assert_eq!(
            repaint_delay(harness),
            Duration::MAX,
            "idle frame {frame} asked for a repaint: {:?}",
            harness.ctx.repaint_causes()
        );
        assert!(!harness.ctx.has_requested_repaint(), "idle frame {frame}");
    }
    assert_eq!(
        harness.state().findings_generation(),
        generation,
        "an idle frame validated the draft again"
    );
}

#[test]
fn a_settled_app_asks_for_no_repaint_and_validates_nothing_again() {
    for app in [
        {
            let mut app = App::new(Reference::embedded().unwrap(), None);
            app.wait_for_code_sets();
            assert!(app.open_path(&example("ct-liver-biopsy.ron")));
            app
        },
        app_with_large_draft(tempfile::tempdir().unwrap().path()),
    ] {
        let mut harness = harness(app);
        assert!(harness.state().findings_generation() > 0, "validated once");
        assert_idle(&mut harness, 10);
    }
}

#[test]
fn a_clean_draft_with_autosave_on_asks_for_nothing_and_a_pending_autosave_for_one_wake_up() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let clock = Clock::manual();
    let mut app = app_with_large_draft(files.path());
    app.enable_recovery(AutosaveOptions {
        dir: data.path().to_path_buf(),
        delay: AUTOSAVE_DELAY,
        clock: clock.clone(),
    });
    let mut harness = harness(app);
    // Clean: the autosave debounce has nothing to wait for.
    assert_idle(&mut harness, 5);

    // An edit: validated once, then one wake-up at the autosave deadline (not continuous frames).
    let generation = harness.state().findings_generation();
    harness.get_by_label(labels::TITLE).click();
    harness.run();
    harness.get_by_label(labels::TITLE).type_text(" edited");
    harness.run();
    assert!(harness.state().is_dirty());
    assert!(harness.state().findings_generation() > generation);
    let generation = harness.state().findings_generation();
    for _ in 0..5 {
        harness.step();
        let delay = repaint_delay(&harness);
        assert!(
            delay > Duration::from_secs(1) && delay <= AUTOSAVE_DELAY,
            "{delay:?}"
        );
    }
    // The deadline passes: the recovery file is written and nothing more is pending. The
    // focused title field's cursor blink is the one thing that asks for frames; without focus,
    // nothing does.
    clock.advance(AUTOSAVE_DELAY);
    harness.step();
    assert!(harness.state().recovery_file().is_some());
    harness.key_press(Key::Escape);
    harness.run();
    assert_idle(&mut harness, 5);
    assert_eq!(harness.state().findings_generation(), generation);
}

// ---- Off-screen rows ----

/// The app in a plain egui context, as eframe runs it. Without a screen reader (AccessKit off)
/// the long lists draw only their rows near the visible part; with it, every row.
struct Plain {
    app: App,
    ctx: egui::Context,
    frame: eframe::Frame,
}

impl Plain {
    fn new(app: App, accesskit: bool) -> Plain {
        let ctx = egui::Context::default();
        if accesskit {
            ctx.enable_accesskit();
        }
        let mut plain = Plain {
            app,
            ctx,
            frame: eframe::Frame::_new_kittest(),
        };
        for _ in 0..3 {
            plain.step(Vec::new());
        }
        plain
    }

    /// One frame with `events`, as eframe runs it (the font atlas is not uploaded anywhere).
    fn run(&mut self, events: Vec<egui::Event>) -> egui::FullOutput {
        let input = egui::RawInput {
            // The smallest window the app allows, so most rows are off screen.
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(960.0, 600.0),
            )),
            events,
            ..Default::default()
        };
        let (app, frame) = (&mut self.app, &mut self.frame);
        let mut output = self.ctx.run_ui(input, |ui| {
            eframe::App::ui(app, ui, frame);
        });
        output.textures_delta.clear();
        output
    }

    fn step(&mut self, events: Vec<egui::Event>) {
        self.run(events);
    }

    /// Presses a key and runs one more frame (Shift+Tab moves the focus a frame later).
    fn press(&mut self, modifiers: Modifiers, key: Key) {
        let event = |pressed| egui::Event::Key {
            key,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers,
        };
        self.step(vec![event(true), event(false)]);
        self.step(Vec::new());
    }

    fn focused(&self) -> Option<egui::Id> {
        self.ctx.memory(|m| m.focused())
    }

    /// The next frame as the GPU would get it: the meshes after clipping.
    fn meshes(&mut self, events: Vec<egui::Event>) -> Meshes {
        let output = self.run(events);
        self.ctx
            .tessellate(output.shapes, output.pixels_per_point)
            .into_iter()
            .filter_map(|clipped| match clipped.primitive {
                egui::epaint::Primitive::Mesh(mesh) => Some((clipped.clip_rect, mesh)),
                egui::epaint::Primitive::Callback(_) => None,
            })
            .collect()
    }
}

#[test]
fn tab_and_shift_tab_move_through_skipped_rows_as_through_drawn_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut all = Plain::new(app_with_large_draft(dir.path()), true);
    let mut culled = Plain::new(app_with_large_draft(dir.path()), false);
    for back in [false, true] {
        // Ctrl+D: the new-diagnosis field, just above the service lines. Tab then walks down the
        // lines (past the window's bottom); Shift+Tab walks up the diagnoses and into the
        // findings from their last card (the list shows its top).
        all.press(Modifiers::COMMAND, Key::D);
        culled.press(Modifiers::COMMAND, Key::D);
        assert!(all.focused().is_some());
        assert_eq!(culled.focused(), all.focused());
        let modifiers = if back {
            Modifiers::SHIFT
        } else {
            Modifiers::NONE
        };
        for n in 1..=60 {
            all.press(modifiers, Key::Tab);
            culled.press(modifiers, Key::Tab);
            assert!(all.focused().is_some(), "Tab {n} (back: {back})");
            assert_eq!(culled.focused(), all.focused(), "Tab {n} (back: {back})");
        }
    }
    assert_eq!(
        culled.app.findings_generation(),
        all.app.findings_generation()
    );
}

/// The same frame in both apps; the meshes must be the same.
type Meshes = Vec<(egui::Rect, egui::epaint::Mesh)>;
fn both(all: &mut Plain, culled: &mut Plain, events: Vec<egui::Event>, what: &str) -> Meshes {
    let (a, b) = (all.meshes(events.clone()), culled.meshes(events));
    assert!(a == b, "{what}: the frames differ");
    a
}

#[test]
fn skipping_rows_changes_no_pixel_at_rest_scrolling_jumping_or_selecting() {
    let dir = tempfile::tempdir().unwrap();
    let mut all = Plain::new(app_with_large_draft(dir.path()), true);
    let mut culled = Plain::new(app_with_large_draft(dir.path()), false);
    let at_rest = both(&mut all, &mut culled, Vec::new(), "at rest");

    // The wheel over the claim form, then over the findings.
    for (x, what) in [(500.0, "claim form scrolled"), (850.0, "findings scrolled")] {
        let pointer = egui::Event::PointerMoved(egui::pos2(x, 400.0));
        let wheel = egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -900.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: Modifiers::NONE,
        };
        let mut scrolled = both(&mut all, &mut culled, vec![pointer, wheel], what);
        for _ in 0..10 {
            scrolled = both(&mut all, &mut culled, Vec::new(), what);
        }
        assert!(scrolled != at_rest, "{what}: nothing moved");
    }

    // A finding on line 46 clicked: the form and the reference panel jump to a far target.
    let reference = Reference::embedded().unwrap();
    let entry = reference.entry("77012").unwrap();
    let link = if entry.notes.is_empty() {
        ReferenceLink::Entry {
            code: "77012".to_string(),
            section: Some(Section::CodingGuidelines),
            item: Some(entry.coding_guidelines.len().saturating_sub(1)),
        }
    } else {
        ReferenceLink::Entry {
            code: "77012".to_string(),
            section: Some(Section::Notes),
            item: Some(entry.notes.len() - 1),
        }
    };
    for plain in [&mut all, &mut culled] {
        for command in [
            Command::JumpTo(FieldPath::LineCode(45)),
            Command::ShowReference(link.clone()),
        ] {
            plain.app.apply(&plain.ctx.clone(), command);
        }
    }
    let mut jumped = Vec::new();
    for _ in 0..20 {
        jumped = both(&mut all, &mut culled, Vec::new(), "after the jump");
    }
    assert!(jumped != at_rest, "nothing moved");
    assert_eq!(
        culled.app.highlighted_field(),
        Some(FieldPath::LineCode(45))
    );
    assert_eq!(culled.focused(), all.focused());
    assert!(
        culled.focused().is_some(),
        "the jump puts the cursor in the field"
    );

    // A finding card clicked, scrolled out of sight, then another one clicked: the first loses
    // its thicker selected border while it is not drawn.
    let click = |x: f32, y: f32| {
        let pos = egui::pos2(x, y);
        let button = |pressed| egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        };
        vec![egui::Event::PointerMoved(pos), button(true), button(false)]
    };
    let wheel = |dy: f32| {
        vec![
            egui::Event::PointerMoved(egui::pos2(770.0, 400.0)),
            egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, dy),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
                modifiers: Modifiers::NONE,
            },
        ]
    };
    let steps = [
        ("first card clicked", click(770.0, 250.0)),
        ("findings scrolled down", wheel(-700.0)),
        ("second card clicked", click(770.0, 250.0)),
        ("findings scrolled back", wheel(500.0)),
    ];
    for (what, events) in steps {
        let before = culled.app.highlighted_field();
        both(&mut all, &mut culled, events, what);
        for _ in 0..10 {
            both(&mut all, &mut culled, Vec::new(), what);
        }
        if what.contains("clicked") {
            assert_ne!(
                culled.app.highlighted_field(),
                before,
                "{what}: no card hit"
            );
        }
    }
}

#[test]
fn title_words_are_suggested_with_the_index_built_when_the_field_takes_the_cursor() {
    let mut app = App::new(Reference::embedded().unwrap(), None);
    app.wait_for_code_sets();
    assert!(app.open_path(&example("ct-liver-biopsy.ron")));
    let mut harness = harness(app);
    harness.get_by_label(labels::NEW_DIAGNOSIS).click();
    harness.run();
    harness
        .get_by_label(labels::NEW_DIAGNOSIS)
        .type_text("farmer lung");
    harness.run();
    harness.get_by_label(&labels::suggestion("J67.0")).click();
    harness.run();
    assert_eq!(harness.state().draft().diagnoses, ["C78.7", "J67.0"]);
}
