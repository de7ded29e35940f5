//! A fast reader for drafts written the way this program writes them, so that checking
//! thousands of drafts is not spent in the general RON parser (which costs about 20 times more
//! on these files: see docs/PERFORMANCE.md).
//!
//! It accepts a strict subset of RON: the draft's own fields without struct names, ASCII
//! whitespace, no comments, strings with the escapes `\\ \" \' \n \r \t` only (what `ron` writes
//! for typed text), unsigned decimal
//! integers without sign, separator or leading zero, `true` and `false`. On anything else,
//! including every error, it answers `None` and the caller parses with `ron`, which then gives the
//! answer or the error with its line and column. So for any text, the result is what `ron` gives;
//! `tests/properties.rs` checks exactly that on generated and mutated drafts.

use crate::claim::{ClaimDraft, Documentation, ServiceLine};

/// The draft in `text`, or `None` when the text is not in the subset this reader knows.
pub(super) fn parse(text: &str) -> Option<ClaimDraft> {
    let mut cursor = Cursor {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    let draft = cursor.claim_draft()?;
    cursor.skip_ws();
    (cursor.at == cursor.bytes.len()).then_some(draft)
}

struct Cursor<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

/// Which fields a struct has had already, so a repeated field is left to `ron` (an error there).
#[derive(Default)]
struct Seen(u32);

impl Seen {
    /// Marks field `bit`; `None` when it was seen already.
    fn first(&mut self, bit: u32) -> Option<()> {
        let mask = 1 << bit;
        if self.0 & mask != 0 {
            return None;
        }
        self.0 |= mask;
        Some(())
    }

    fn has(&self, bit: u32) -> bool {
        self.0 & (1 << bit) != 0
    }
}

impl<'a> Cursor<'a> {
    fn claim_draft(&mut self) -> Option<ClaimDraft> {
        let mut draft = ClaimDraft::default();
        let mut seen = Seen::default();
        self.fields(|c, name| {
            match name {
                "format_version" => (seen.first(0)?, draft.format_version = c.uint()?),
                "title" => (seen.first(1)?, draft.title = c.string()?),
                "date_of_service" => (seen.first(2)?, draft.date_of_service = c.string()?),
                "place_of_service" => (seen.first(3)?, draft.place_of_service = c.string()?),
                "diagnoses" => (seen.first(4)?, draft.diagnoses = c.list(Cursor::string)?),
                "lines" => (seen.first(5)?, draft.lines = c.list(Cursor::service_line)?),
                "documentation" => (seen.first(6)?, draft.documentation = c.documentation()?),
                "notes" => (seen.first(7)?, draft.notes = c.string()?),
                _ => return None,
            };
            Some(())
        })?;
        // Without a version the draft is an error: `ron` says which.
        seen.has(0).then_some(draft)
    }

    fn service_line(&mut self) -> Option<ServiceLine> {
        // Serde's field defaults, not `ServiceLine::default()` (which points at diagnosis 1).
        let mut line = ServiceLine {
            code: String::new(),
            modifiers: Vec::new(),
            units: 1,
            diagnosis_pointers: Vec::new(),
        };
        let mut seen = Seen::default();
        self.fields(|c, name| {
            match name {
                "code" => (seen.first(0)?, line.code = c.string()?),
                "modifiers" => (seen.first(1)?, line.modifiers = c.list(Cursor::string)?),
                "units" => (seen.first(2)?, line.units = c.uint()?),
                "diagnosis_pointers" => (
                    seen.first(3)?,
                    line.diagnosis_pointers = c.list(Cursor::uint)?,
                ),
                _ => return None,
            };
            Some(())
        })?;
        // `code` has no default: a line without one is an error `ron` reports.
        seen.has(0).then_some(line)
    }

    fn documentation(&mut self) -> Option<Documentation> {
        let mut documentation = Documentation::default();
        let mut seen = Seen::default();
        self.fields(|c, name| {
            let d = &mut documentation;
            match name {
                "medical_necessity" => (seen.first(0)?, d.medical_necessity = c.boolean()?),
                "target_site" => (seen.first(1)?, d.target_site = c.string()?),
                "procedure_performed" => (seen.first(2)?, d.procedure_performed = c.boolean()?),
                "supervision_and_interpretation" => (
                    seen.first(3)?,
                    d.supervision_and_interpretation = c.boolean()?,
                ),
                _ => return None,
            };
            Some(())
        })?;
        Some(documentation)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_ws(&mut self) {
        let bytes = self.bytes;
        let mut at = self.at;
        loop {
            // Indentation, eight spaces at a time.
            if bytes.get(at..at + 8) == Some(b"        ") {
                at += 8;
                continue;
            }
            match bytes.get(at) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => at += 1,
                _ => break,
            }
        }
        self.at = at;
    }

    /// How many bytes from here satisfy `accept` (a tight loop: the whole reader is such loops).
    fn count_while(&self, accept: impl Fn(u8) -> bool) -> usize {
        let rest = self.bytes.get(self.at..).unwrap_or(&[]);
        rest.iter().position(|&b| !accept(b)).unwrap_or(rest.len())
    }

    /// Skips whitespace, then `byte`.
    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_ws();
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// True when a value just read ends here (so `12x` or `truex` is not taken as `12`, `true`).
    fn at_delimiter(&self) -> bool {
        matches!(
            self.peek(),
            Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b')' | b']')
        )
    }

    /// `( name: value, ... )` with an optional trailing comma; `value` reads the value of a field
    /// and refuses (`None`) a name it does not know.
    fn fields(&mut self, mut value: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        self.expect(b'(')?;
        loop {
            self.skip_ws();
            if self.peek()? == b')' {
                self.at += 1;
                return Some(());
            }
            let name = self.field_name()?;
            self.skip_ws();
            value(self, name)?;
            self.skip_ws();
            match self.peek()? {
                b',' => self.at += 1,
                b')' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// `[ item, ... ]` with an optional trailing comma.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.expect(b'[')?;
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            if self.peek()? == b']' {
                self.at += 1;
                return Some(items);
            }
            items.push(item(self)?);
            self.skip_ws();
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(items);
                }
                _ => return None,
            }
        }
    }

    /// A field name and the `:` after it (with whitespace between). The name is what lies before
    /// the next `:`, less trailing whitespace; the callers accept only their own field names, so
    /// anything else there (a comment, a raw identifier, a letter `ron` reads differently) is
    /// refused by them.
    fn field_name(&mut self) -> Option<&'a str> {
        let rest = self.bytes.get(self.at..)?;
        let colon = memchr::memchr(b':', rest)?;
        let raw = rest.get(..colon)?;
        let end = raw
            .iter()
            .rposition(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .map_or(0, |i| i + 1);
        let name = self.text.get(self.at..self.at + end)?;
        self.at += colon + 1;
        Some(name)
    }

    fn uint(&mut self) -> Option<u32> {
        let start = self.at;
        let mut value: u32 = 0;
        while let Some(digit @ b'0'..=b'9') = self.peek() {
            value = value
                .checked_mul(10)?
                .checked_add(u32::from(digit - b'0'))?;
            self.at += 1;
        }
        let digits = self.at - start;
        let leading_zero = digits > 1 && self.bytes.get(start) == Some(&b'0');
        (digits > 0 && !leading_zero && self.at_delimiter()).then_some(value)
    }

    fn boolean(&mut self) -> Option<bool> {
        let rest = self.bytes.get(self.at..)?;
        let (value, len) = if rest.starts_with(b"true") {
            (true, 4)
        } else if rest.starts_with(b"false") {
            (false, 5)
        } else {
            return None;
        };
        self.at += len;
        self.at_delimiter().then_some(value)
    }

    /// A `"..."` string; control characters and escapes other than `\\ \" \' \n \r \t` are refused.
    fn string(&mut self) -> Option<String> {
        if self.peek()? != b'"' {
            return None;
        }
        self.at += 1;
        let mut out = String::new();
        let mut start = self.at;
        loop {
            // Plain characters in one step; then the quote, escape or refused byte that ends them.
            self.at += self.count_while(|b| !matches!(b, b'"' | b'\\' | 0..=0x1f | 0x7f));
            match self.peek()? {
                b'"' => {
                    out.push_str(self.text.get(start..self.at)?);
                    self.at += 1;
                    return Some(out);
                }
                b'\\' => {
                    out.push_str(self.text.get(start..self.at)?);
                    out.push(match self.bytes.get(self.at + 1)? {
                        b'\\' => '\\',
                        b'"' => '"',
                        b'\'' => '\'',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        _ => return None,
                    });
                    self.at += 2;
                    start = self.at;
                }
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ron(text: &str) -> Option<ClaimDraft> {
        ron::from_str(text).ok()
    }

    #[test]
    fn reads_a_saved_draft_as_ron_does() {
        let draft = ClaimDraft {
            title: "Left \"L4\" nerve block\\ \u{e9}\n\ttab".into(),
            date_of_service: "2026-03-14".into(),
            place_of_service: "22".into(),
            diagnoses: vec!["M54.16".into(), "M48.061".into()],
            lines: vec![ServiceLine {
                code: "64483".into(),
                modifiers: vec!["LT".into()],
                units: 1,
                diagnosis_pointers: vec![1, 2],
            }],
            documentation: Documentation {
                medical_necessity: true,
                target_site: "left L4-5 foramen".into(),
                procedure_performed: true,
                supervision_and_interpretation: false,
            },
            ..ClaimDraft::default()
        };
        let pretty = crate::draft::to_ron_string(&draft).unwrap_or_default();
        let compact = ron::to_string(&draft).unwrap_or_default();
        for text in [pretty.as_str(), compact.as_str()] {
            assert_eq!(parse(text).as_ref(), Some(&draft), "{text}");
            assert_eq!(ron(text).as_ref(), Some(&draft), "{text}");
        }
    }

    #[test]
    fn omitted_fields_take_serde_defaults() {
        let text = "(format_version: 1, lines: [(code: \"77003\")], documentation: ())";
        let fast = parse(text);
        assert_eq!(fast, ron(text));
        let line = fast.as_ref().and_then(|d| d.lines.first());
        assert_eq!(
            line.map(|l| (l.units, l.diagnosis_pointers.len())),
            Some((1, 0))
        );
    }

    #[test]
    fn leaves_everything_else_to_ron() {
        for text in [
            "",
            "ClaimDraft(format_version: 1)",
            "(format_version: 1) // saved",
            "(format_version: 1, /* c */ title: \"a\")",
            "(format_version: 1, title: r\"raw\")",
            "(format_version: 1, title: \"\\u{41}\")",
            "(format_version: 01)",
            "(format_version: +1)",
            "(format_version: 1_0)",
            "(format_version: 4294967296)",
            "(format_version: 1, format_version: 1)",
            "(format_version: 1, colour: \"red\")",
            "(title: \"no version\")",
            "(format_version: 1, lines: [(units: 2)])",
            "(format_version: 1, documentation: (medical_necessity: truex))",
            "(format_version: 1, title: \"line\nbreak\")",
            "(format_version: 1,,)",
            "(format_version: 1) x",
            "#![enable(implicit_some)] (format_version: 1)",
            "(format_version:\u{2028}1)",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }
}
