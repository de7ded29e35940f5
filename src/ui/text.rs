//! Text with the reference search's matches marked, for the reference panel.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, TextStyle, Ui};

/// How a run of text looks before matches are marked.
#[derive(Clone, Copy, Debug, Default)]
pub struct Look {
    pub strong: bool,
    pub italic: bool,
    pub monospace: bool,
    pub color: Option<Color32>,
}

/// Byte ranges of `query` in `text`, ignoring ASCII case (which keeps byte offsets valid).
pub fn match_ranges(text: &str, query: &str) -> Vec<std::ops::Range<usize>> {
    let query = query.trim();
    if query.is_empty() {
        return Vec::new();
    }
    let haystack = text.to_ascii_lowercase();
    let needle = query.to_ascii_lowercase();
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(found) = haystack.get(from..).and_then(|rest| rest.find(&needle)) {
        let start = from + found;
        let end = start + needle.len();
        ranges.push(start..end);
        from = end;
    }
    ranges
}

/// True when `text` contains `query` (ASCII case ignored).
pub fn contains(text: &str, query: &str) -> bool {
    let query = query.trim();
    !query.is_empty()
        && text
            .to_ascii_lowercase()
            .contains(&query.to_ascii_lowercase())
}

/// Shows `text` as a wrapping label with the matches of `query` marked. Wrapping is explicit:
/// inside a horizontal row a label would otherwise extend and widen the panel.
pub fn marked_label(ui: &mut Ui, text: &str, query: &str, look: Look) -> egui::Response {
    let job = marked(ui, text, query, look);
    ui.add(egui::Label::new(job).wrap())
}

/// A wrapped layout of `text` in `look`, with each match of `query` on a yellow background.
pub fn marked(ui: &Ui, text: &str, query: &str, look: Look) -> LayoutJob {
    let font: FontId = if look.monospace {
        TextStyle::Monospace.resolve(ui.style())
    } else {
        TextStyle::Body.resolve(ui.style())
    };
    let color = look.color.unwrap_or_else(|| {
        if look.strong {
            ui.visuals().strong_text_color()
        } else {
            ui.visuals().text_color()
        }
    });
    let plain = TextFormat {
        font_id: font.clone(),
        color,
        italics: look.italic,
        ..Default::default()
    };
    let hit = TextFormat {
        background: Color32::from_rgb(255, 220, 90),
        color: Color32::BLACK,
        ..plain.clone()
    };
    let mut job = LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    let mut at = 0;
    for range in match_ranges(text, query) {
        job.append(text.get(at..range.start).unwrap_or(""), 0.0, plain.clone());
        job.append(text.get(range.clone()).unwrap_or(""), 0.0, hit.clone());
        at = range.end;
    }
    job.append(text.get(at..).unwrap_or(""), 0.0, plain);
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_match_ignoring_case() {
        assert_eq!(match_ranges("CT guidance, ct", "ct"), vec![0..2, 13..15]);
        assert!(match_ranges("abc", " ").is_empty());
        assert!(contains("Needle placement", "NEEDLE"));
    }
}
