//! Long content inside a scroll area (the claim's service lines, the findings, a reference
//! entry): rows outside the visible part are not laid out, only their space is kept, so a frame costs what is on
//! screen rather than what the draft holds (a 50-line claim has about 200 findings).
//!
//! A row is skipped only when all of this holds: it is outside the visible part, its height is
//! known from an earlier frame and what it shows is unchanged (a key the caller gives), the list
//! is as wide as then, it is not the row with the keyboard focus or next to it (nor the first or
//! last row while the focus is outside the list), and not asked for (a jump target). So Tab and
//! Shift+Tab walk the rows exactly as if all were drawn, the scroll bar keeps its length, and
//! every row, drawn or not, lives under its own id (widget ids and their state do not depend on
//! which rows are drawn). While a screen reader is on (AccessKit, also in the UI tests) every row
//! is drawn, so the whole list stays in the accessibility tree.

use egui::{Rect, Ui};

/// What one list remembers of its rows between frames.
#[derive(Debug)]
pub struct Rows {
    rows: Vec<Row>,
    width: f32,
    /// The visible part last frame.
    clip: Rect,
}

impl Default for Rows {
    fn default() -> Rows {
        Rows {
            rows: Vec::new(),
            width: 0.0,
            clip: Rect::NOTHING,
        }
    }
}

/// Where the keyboard focus is, seen from a list.
#[derive(Clone, Copy, Debug)]
enum Focus {
    Nowhere,
    Row(usize),
    Outside,
}

#[derive(Clone, Copy, Debug)]
struct Row {
    key: u64,
    /// Where the row was last frame (drawn or only its space).
    rect: Rect,
}

impl Rows {
    /// Shows `count` rows: `row(ui, i)` draws row `i`; `key(i)` is a hash of everything its
    /// height depends on besides the width ([`egui::util::hash`]); `keep(i)` forces a row to be
    /// drawn. `gap` is the space below each row. Returns how many rows were drawn.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        count: usize,
        gap: f32,
        key: impl Fn(usize) -> u64,
        keep: impl Fn(usize) -> bool,
        mut row: impl FnMut(&mut Ui, usize),
    ) -> usize {
        let mut pass = self.begin(ui, Some(count));
        for i in 0..count {
            pass.row(ui, key(i), keep(i), |ui| row(ui, i));
            if gap > 0.0 {
                ui.add_space(gap);
            }
        }
        pass.drawn()
    }

    /// Starts a frame of rows added one by one with [`Pass::row`] (content that is not one
    /// uniform list). `count` is the number of rows, if known: without it, Shift+Tab from below
    /// cannot enter at the last row, so leave it out only for rows with nothing focusable.
    pub fn begin(&mut self, ui: &Ui, count: Option<usize>) -> Pass<'_> {
        let width = ui.available_width();
        let draw_all = ui.is_sizing_pass()
            || !ui.is_visible()
            || width != self.width
            || ui.memory(|m| m.options.screen_reader)
            || ui.ctx().has_accesskit_node(egui::accesskit_root_id());
        self.width = width;
        let focus = if draw_all {
            Focus::Nowhere
        } else {
            self.focus(ui)
        };
        let visible = ui.clip_rect();
        self.clip = visible;
        Pass {
            rows: self,
            count,
            draw_all,
            focus,
            visible,
            width,
            next: 0,
            drawn: 0,
        }
    }

    /// Where the keyboard focus is, by where the focused widget and the rows were last frame.
    /// A widget shown outside the list can overlap rows scrolled out of sight, so a visible
    /// widget counts only inside the list's visible part; a widget scrolled out of sight is
    /// matched against the rows (another scroll area's hidden rows never overlap these).
    fn focus(&self, ui: &Ui) -> Focus {
        let ctx = ui.ctx();
        let Some(id) = ctx.memory(|m| m.focused()) else {
            // Tab from a widget drawn before the list passes the focus on during this frame.
            return if ui.input(|i| i.key_pressed(egui::Key::Tab)) {
                Focus::Outside
            } else {
                Focus::Nowhere
            };
        };
        let Some(widget) = ctx.read_response(id) else {
            return Focus::Outside; // Not drawn yet: asked for this frame.
        };
        let shown = widget.interact_rect.is_positive();
        if widget.layer_id != ui.layer_id()
            || (shown && !self.clip.contains(widget.interact_rect.center()))
        {
            return Focus::Outside;
        }
        let center = widget.rect.center();
        match self.rows.iter().position(|r| r.rect.contains(center)) {
            Some(row) => Focus::Row(row),
            None => Focus::Outside,
        }
    }
}

/// One frame of a [`Rows`]: add the rows in order with [`Pass::row`].
pub struct Pass<'a> {
    rows: &'a mut Rows,
    count: Option<usize>,
    draw_all: bool,
    focus: Focus,
    visible: Rect,
    width: f32,
    next: usize,
    drawn: usize,
}

impl Pass<'_> {
    /// Adds the next row: `draw` draws it unless it can be skipped. `key` is a hash of everything
    /// its height depends on besides the width ([`egui::util::hash`]); `keep` forces drawing it.
    /// True when it was drawn.
    pub fn row(&mut self, ui: &mut Ui, key: u64, keep: bool, draw: impl FnOnce(&mut Ui)) -> bool {
        let i = self.next;
        self.next += 1;
        // Next to the focused row: Tab or Shift+Tab goes there. With the focus outside the
        // list, Tab or Shift+Tab may enter it: at the first or the last row.
        let near_focus = match self.focus {
            Focus::Row(f) => i + 1 >= f && i <= f + 1,
            Focus::Outside => i == 0 || self.count.is_some_and(|n| i + 1 == n),
            Focus::Nowhere => false,
        };
        let skip = match self.rows.rows.get(i) {
            Some(known) if !self.draw_all && !keep && !near_focus && known.key == key => {
                let size = egui::vec2(known.rect.width().min(self.width), known.rect.height());
                let place = Rect::from_min_size(ui.cursor().min, size);
                (!self.visible.intersects(place)).then_some(size)
            }
            _ => None,
        };
        let rect = match skip {
            Some(size) => {
                ui.push_id(i, |ui| {
                    ui.allocate_space(size);
                })
                .response
                .rect
            }
            None => {
                self.drawn += 1;
                ui.push_id(i, draw).response.rect
            }
        };
        let remembered = Row { key, rect };
        match self.rows.rows.get_mut(i) {
            Some(slot) => *slot = remembered,
            None => self.rows.rows.push(remembered),
        }
        skip.is_none()
    }

    /// How many rows were drawn so far this frame.
    pub fn drawn(&self) -> usize {
        self.drawn
    }
}

impl Drop for Pass<'_> {
    /// Forgets rows that were not added this frame (the list got shorter).
    fn drop(&mut self) {
        let added = self.next;
        self.rows.rows.truncate(added);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::collections::HashMap;

    use egui::{Id, Key, Modifiers};

    use super::*;

    const ROWS: usize = 200;

    /// A text field, a 200-point-high scroll area with `ROWS` rows of one text field each (every
    /// seventh row two lines high), and a text field below it.
    struct List {
        ctx: egui::Context,
        rows: Rows,
        texts: Vec<String>,
        cull: bool,
        /// Keeps the scroll area at this offset.
        offset: Option<f32>,
    }

    /// What one frame drew.
    struct Drawn {
        rows: usize,
        height: f32,
        /// The field of each drawn row.
        ids: HashMap<usize, Id>,
        before: Id,
        after: Id,
    }

    impl List {
        fn new(cull: bool) -> List {
            List {
                ctx: egui::Context::default(),
                rows: Rows::default(),
                texts: (0..ROWS + 2).map(|i| format!("row {i}")).collect(),
                cull,
                offset: None,
            }
        }

        fn frame(&mut self, events: Vec<egui::Event>) -> Drawn {
            let input = egui::RawInput {
                screen_rect: Some(Rect::from_min_size(
                    egui::Pos2::ZERO,
                    egui::vec2(400.0, 300.0),
                )),
                events,
                ..Default::default()
            };
            let mut drawn = Drawn {
                rows: 0,
                height: 0.0,
                ids: HashMap::new(),
                before: Id::NULL,
                after: Id::NULL,
            };
            let (rows, texts, cull) = (&mut self.rows, &mut self.texts, self.cull);
            let mut output = self.ctx.run_ui(input, |ui| {
                let (list, outside) = texts.split_at_mut(ROWS);
                drawn.before = ui.text_edit_singleline(&mut outside[0]).id;
                let mut area = egui::ScrollArea::vertical().max_height(200.0);
                if let Some(offset) = self.offset {
                    area = area.vertical_scroll_offset(offset);
                }
                area.show(ui, |ui| {
                    let top = ui.cursor().top();
                    let ids = &mut drawn.ids;
                    let mut draw = |ui: &mut Ui, i: usize| {
                        ids.insert(i, ui.text_edit_singleline(&mut list[i]).id);
                        if i.is_multiple_of(7) {
                            ui.label("a second line on every seventh row");
                        }
                    };
                    drawn.rows = if cull {
                        let key = |i: usize| egui::util::hash(i.is_multiple_of(7));
                        rows.show(ui, ROWS, 2.0, key, |_| false, draw)
                    } else {
                        for i in 0..ROWS {
                            ui.push_id(i, |ui| draw(ui, i));
                            ui.add_space(2.0);
                        }
                        ROWS
                    };
                    drawn.height = ui.cursor().top() - top;
                });
                drawn.after = ui.text_edit_singleline(&mut outside[1]).id;
            });
            output.textures_delta.clear(); // No painter here.
            drawn
        }

        fn focus(&mut self, id: Id) {
            self.ctx.memory_mut(|m| m.request_focus(id));
            self.frame(Vec::new());
        }

        /// Presses Tab (Shift+Tab with `back`); returns the frame that handled it.
        fn tab(&mut self, back: bool) -> Drawn {
            let modifiers = if back {
                Modifiers::SHIFT
            } else {
                Modifiers::NONE
            };
            let key = egui::Event::Key {
                key: Key::Tab,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers,
            };
            let drawn = self.frame(vec![key]);
            self.frame(Vec::new()); // Shift+Tab moves the focus one frame later.
            drawn
        }

        fn focused(&self) -> Option<Id> {
            self.ctx.memory(|m| m.focused())
        }
    }

    #[test]
    fn only_rows_in_the_visible_part_are_drawn_and_the_list_keeps_its_height() {
        let mut all = List::new(false);
        let mut culled = List::new(true);
        let full_height = all.frame(Vec::new()).height;
        let first = culled.frame(Vec::new());
        assert_eq!(first.rows, ROWS, "the first frame measures every row");
        assert_eq!(first.height, full_height);
        let next = culled.frame(Vec::new());
        assert!(next.rows < 15, "{} rows drawn", next.rows);
        assert_eq!(next.height, full_height);
        // Scrolled to the middle: the rows there are drawn.
        culled.offset = Some(full_height / 2.0);
        culled.frame(Vec::new());
        let middle = culled.frame(Vec::new());
        assert!(middle.rows < 15, "{} rows drawn", middle.rows);
        assert!(middle.ids.contains_key(&(ROWS / 2)));
        assert!(!middle.ids.contains_key(&0));
    }

    #[test]
    fn tab_walks_every_row_in_order_past_the_visible_part() {
        let mut culled = List::new(true);
        let first = culled.frame(Vec::new());
        culled.focus(first.ids[&0]);
        for i in 1..60 {
            let drawn = culled.tab(false);
            assert_eq!(
                culled.focused(),
                drawn.ids.get(&i).copied(),
                "Tab number {i}"
            );
            assert!(drawn.rows < 20, "{} rows drawn", drawn.rows);
        }
        for i in (40..59).rev() {
            let drawn = culled.tab(true);
            assert_eq!(
                culled.focused(),
                drawn.ids.get(&i).copied(),
                "Shift+Tab to {i}"
            );
        }
    }

    #[test]
    fn tab_enters_the_list_at_its_first_or_last_row_wherever_it_is_scrolled() {
        let mut culled = List::new(true);
        let first = culled.frame(Vec::new());
        // Scrolled to the end, Tab from the field above still goes to the first row.
        culled.offset = Some(first.height);
        culled.frame(Vec::new());
        let scrolled = culled.frame(Vec::new());
        assert!(!scrolled.ids.contains_key(&0) || scrolled.rows < 15);
        culled.focus(scrolled.before);
        let drawn = culled.tab(false);
        assert_eq!(culled.focused(), drawn.ids.get(&0).copied());
        // Scrolled to the top, Shift+Tab from the field below goes to the last row.
        culled.offset = Some(0.0);
        culled.focus(drawn.after);
        let drawn = culled.tab(true);
        assert_eq!(culled.focused(), drawn.ids.get(&(ROWS - 1)).copied());
    }
}
