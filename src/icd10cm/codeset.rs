//! One release's codes, without copying: records are offsets into the data file's text (see
//! `merged.rs`, which parses it), so loading is one pass with no allocation per code.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::{ReleaseInfo, dotted, is_code_shape, normalize, normalize_into};

/// One code of a release, borrowed from its [`CodeSet`]. `code` is dot-less and upper-case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CodeRecord<'a> {
    pub code: &'a str,
    /// True when valid for HIPAA claims (a leaf); false for a header (category).
    pub billable: bool,
    /// The official long description.
    pub title: &'a str,
}

impl CodeRecord<'_> {
    /// The display form of the code (`M54.50`).
    pub fn dotted(&self) -> String {
        dotted(self.code)
    }
}

/// Where one record lies in the text, and its code as a number to search by (16 bytes: about
/// 97,000 of these per release).
#[derive(Clone, Copy, Debug)]
pub(super) struct Entry {
    /// The code's bytes, big-endian and zero-padded ([`code_key`]): ordered as the codes are.
    pub(super) key: u64,
    /// Where the line starts: the code, then a tab, the mask, a tab and the title.
    pub(super) code_at: u32,
    pub(super) title_len: u16,
    pub(super) code_len: u8,
    pub(super) billable: bool,
}

/// A code (at most 8 bytes, as every ICD-10-CM code is) as a number that sorts as the code does:
/// its bytes big-endian, zero-padded (`A00` < `A000`, as `\0` sorts before any code character).
pub(super) fn code_key(code: &[u8]) -> Option<u64> {
    let mut key = [0u8; 8];
    key.get_mut(..code.len())?.copy_from_slice(code);
    Some(u64::from_be_bytes(key))
}

/// Lower-cased titles, one after the other with `\n` between, built on the first search so that
/// a search is a single substring scan of one buffer.
///
/// The titles are in rank order (billable codes first, then shorter titles, then code order), so
/// the scan meets matches best first and can stop at the limit: a one-letter query, which matches
/// most titles, costs no more than a rare word.
struct TitleIndex {
    lower: String,
    /// Where each ranked title starts in `lower`; one more at the end.
    starts: Vec<u32>,
    /// The entry (index into `CodeSet::entries`) of each ranked title.
    order: Vec<u32>,
}

impl TitleIndex {
    fn title(&self, i: usize) -> &str {
        let (Some(&a), Some(&b)) = (self.starts.get(i), self.starts.get(i + 1)) else {
            return "";
        };
        self.lower
            .get(a as usize..(b as usize).saturating_sub(1))
            .unwrap_or("")
    }

    /// The rank of the title holding byte `pos` of `lower`.
    fn record_at(&self, pos: usize) -> usize {
        self.starts
            .partition_point(|&s| s as usize <= pos)
            .saturating_sub(1)
    }
}

/// All codes of one release, sorted by code.
pub struct CodeSet {
    info: ReleaseInfo,
    /// The whole data file, shared by all releases parsed from it.
    text: Arc<Cow<'static, str>>,
    /// The length of the data file's mask column: a title starts this much after its code, plus
    /// the two tabs.
    mask_len: u8,
    entries: Vec<Entry>,
    billable: usize,
    titles: OnceLock<TitleIndex>,
}

impl std::fmt::Debug for CodeSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CodeSet")
            .field("release", &self.info.id)
            .field("codes", &self.entries.len())
            .field("billable", &self.billable)
            .finish()
    }
}

impl CodeSet {
    /// A release whose records lie in `text` (shared with the other releases of the same file).
    pub(super) fn from_parts(
        info: ReleaseInfo,
        text: Arc<Cow<'static, str>>,
        mask_len: u8,
        entries: Vec<Entry>,
    ) -> CodeSet {
        let billable = entries.iter().filter(|e| e.billable).count();
        CodeSet {
            info,
            text,
            mask_len,
            entries,
            billable,
            titles: OnceLock::new(),
        }
    }

    /// A release without codes.
    pub(crate) fn empty(info: ReleaseInfo) -> CodeSet {
        CodeSet {
            info,
            text: Arc::new(Cow::Borrowed("")),
            mask_len: 0,
            entries: Vec::new(),
            billable: 0,
            titles: OnceLock::new(),
        }
    }

    /// The release these codes belong to.
    pub fn release(&self) -> &ReleaseInfo {
        &self.info
    }

    /// Number of codes, headers included.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the release has no code (only the stand-in for unreadable embedded data).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Number of billable codes.
    pub fn billable_count(&self) -> usize {
        self.billable
    }

    /// All codes in code order.
    pub fn iter(&self) -> impl Iterator<Item = CodeRecord<'_>> {
        self.entries.iter().map(|e| self.record(e))
    }

    /// The record of a code typed in any accepted form (`m54.5`, `M545`), if the release has it.
    pub fn get(&self, code: &str) -> Option<CodeRecord<'_>> {
        let mut buf = [0u8; 8];
        self.find(normalize_into(code, &mut buf)?)
    }

    /// The record of a code already in dot-less upper-case form.
    pub(crate) fn find(&self, code: &str) -> Option<CodeRecord<'_>> {
        let key = code_key(code.as_bytes())?;
        self.entries
            .binary_search_by_key(&key, |e| e.key)
            .ok()
            .and_then(|i| self.entries.get(i))
            .map(|e| self.record(e))
    }

    /// Every billable code under `code` (longer codes starting with it), in code order.
    pub fn billable_children(&self, code: &str) -> Vec<CodeRecord<'_>> {
        let Some(code) = normalize(code) else {
            return Vec::new();
        };
        self.range_records(self.prefix_range(&code))
            .filter(|r| r.billable && r.code.len() > code.len())
            .collect()
    }

    /// Codes matching what the user typed, best first, at most `limit`.
    ///
    /// A query shaped like the start of a code (`M54.5`, `e11`, `S72.0`) lists the codes starting
    /// with it, in code order (so a header precedes its children). Any other query, or one that
    /// starts no code (`b12`), lists the codes whose titles hold every query word as the start of
    /// a word (case-insensitive), billable codes first, then shorter titles.
    pub fn search(&self, query: &str, limit: usize) -> Vec<CodeRecord<'_>> {
        if limit == 0 {
            return Vec::new();
        }
        let prefix = code_prefix(query).map_or(0..0, |p| self.prefix_range(&p));
        let found: Vec<usize> = if prefix.is_empty() {
            self.title_matches(query, limit)
        } else {
            prefix.take(limit).collect()
        };
        found
            .into_iter()
            .filter_map(|i| self.entries.get(i))
            .map(|e| self.record(e))
            .collect()
    }

    /// This release alone as `CODE<TAB>0|1<TAB>title` lines (`\n` line ends), what
    /// `tools/icd10cm_merge.py split` writes for it: the round trip of the import.
    pub fn to_tsv(&self) -> String {
        let mut out = String::with_capacity(self.entries.len() * 64);
        for r in self.iter() {
            out.push_str(r.code);
            out.push_str(if r.billable { "\t1\t" } else { "\t0\t" });
            out.push_str(r.title);
            out.push('\n');
        }
        out
    }

    /// Indexes of the records whose titles hold every query word as a word start, ranked
    /// (billable first, then shorter titles, then code order), at most `limit`.
    fn title_matches(&self, query: &str, limit: usize) -> Vec<usize> {
        let query = query.to_lowercase();
        let words: Vec<&str> = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        // Scan the buffer for the longest word (the rarest, likely), then check the others.
        let Some(anchor) = words.iter().copied().max_by_key(|w| w.len()) else {
            return Vec::new();
        };
        let index = self.title_index();
        let mut hits: Vec<usize> = Vec::new();
        let mut checked = None;
        for (pos, _) in index.lower.match_indices(anchor) {
            if !starts_word(&index.lower, pos) {
                continue;
            }
            let rank = index.record_at(pos);
            if checked == Some(rank) {
                continue;
            }
            checked = Some(rank);
            let title = index.title(rank);
            if words.iter().all(|w| has_word_start(title, w)) {
                hits.extend(index.order.get(rank).map(|&i| i as usize));
                // The titles are in rank order: the first `limit` matches are the best ones.
                if hits.len() >= limit {
                    break;
                }
            }
        }
        hits
    }

    fn title_index(&self) -> &TitleIndex {
        self.titles.get_or_init(|| {
            let mut order: Vec<u32> = (0..self.entries.len() as u32).collect();
            // The key ends with the index, so no two are equal: an unstable sort gives the one order.
            order.sort_unstable_by_key(|&i| {
                let e = self.entries.get(i as usize);
                (
                    !e.is_some_and(|e| e.billable),
                    e.map_or(0, |e| e.title_len),
                    i,
                )
            });
            let mut lower = String::with_capacity(self.text.len());
            let mut starts = Vec::with_capacity(self.entries.len() + 1);
            for r in order
                .iter()
                .filter_map(|&i| self.entries.get(i as usize))
                .map(|e| self.record(e))
            {
                starts.push(lower.len() as u32);
                if r.title.is_ascii() {
                    lower.extend(r.title.chars().map(|c| c.to_ascii_lowercase()));
                } else {
                    lower.push_str(&r.title.to_lowercase());
                }
                lower.push('\n');
            }
            starts.push(lower.len() as u32);
            TitleIndex {
                lower,
                starts,
                order,
            }
        })
    }

    /// Indexes of the codes starting with `prefix` (contiguous, as the codes are sorted).
    fn prefix_range(&self, prefix: &str) -> Range<usize> {
        let start = self.entries.partition_point(|e| self.code_of(e) < prefix);
        let end = self
            .entries
            .partition_point(|e| self.code_of(e) < prefix || self.code_of(e).starts_with(prefix));
        start..end.max(start)
    }

    fn range_records(&self, range: Range<usize>) -> impl Iterator<Item = CodeRecord<'_>> {
        self.entries
            .get(range)
            .unwrap_or(&[])
            .iter()
            .map(|e| self.record(e))
    }

    fn code_of(&self, e: &Entry) -> &str {
        let at = e.code_at as usize;
        self.text
            .get(at..at + usize::from(e.code_len))
            .unwrap_or("")
    }

    fn record(&self, e: &Entry) -> CodeRecord<'_> {
        let at = e.code_at as usize + usize::from(e.code_len) + usize::from(self.mask_len) + 2;
        CodeRecord {
            code: self.code_of(e),
            billable: e.billable,
            title: self.text.get(at..at + e.title_len as usize).unwrap_or(""),
        }
    }
}

/// The dot-less upper-case start of a code when `query` looks like one (a letter and a digit at
/// least: `M5`, `m54.`, `S72.00`), else `None`.
fn code_prefix(query: &str) -> Option<String> {
    let q = query.trim();
    if !q.is_ascii() {
        return None;
    }
    let mut p = q.to_ascii_uppercase();
    if p.as_bytes().get(3) == Some(&b'.') {
        p.remove(3);
    }
    is_code_shape(&p, 2).then_some(p)
}

/// True when byte `pos` of `hay` starts a word (nothing alphanumeric just before it).
fn starts_word(hay: &str, pos: usize) -> bool {
    hay.get(..pos)
        .and_then(|s| s.chars().next_back())
        .is_none_or(|c| !c.is_alphanumeric())
}

/// True when `word` starts some word of `title`.
fn has_word_start(title: &str, word: &str) -> bool {
    title
        .match_indices(word)
        .any(|(pos, _)| starts_word(title, pos))
}
