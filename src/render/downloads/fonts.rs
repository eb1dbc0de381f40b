//! The fonts a PDF is set in: the theme's first; then pubgen's own fallback set, for
//! what editors type that a theme's fonts often lack (Latin, Greek and Cyrillic letters,
//! emoji, symbols, maths, Arabic, Hebrew, Devanagari, Chinese); then the fonts installed on the machine. Typst takes
//! each character from the first font the text asks for that has it, and otherwise
//! from the closest font that does; a character that no font has is shown as its code
//! point, with a warning at the line that writes it (see `pdf.rs`).

use std::path::PathBuf;
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Coverage, Font, FontBook, FontInfo};

use crate::model::ThemeFile;

/// pubgen's fallback fonts (SIL Open Font License; `fonts/README.md`), built into the
/// program so that every site has them, whatever its theme.
const FALLBACK: [&[u8]; 9] = [
    include_bytes!("../../../fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../../fonts/NotoSansSymbols-Regular.ttf"),
    include_bytes!("../../../fonts/NotoSansSymbols2-Regular.ttf"),
    include_bytes!("../../../fonts/NotoSansMath-Regular.ttf"),
    include_bytes!("../../../fonts/NotoEmoji-Regular.ttf"),
    include_bytes!("../../../fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../../../fonts/NotoSansHebrew-Regular.ttf"),
    include_bytes!("../../../fonts/NotoSansDevanagari-Regular.ttf"),
    include_bytes!("../../../fonts/NotoSansSC-Regular.ttf"),
];

/// Every font Typst may use, described in one book; the machine's are read only when
/// a document uses them.
pub(super) struct Fonts {
    pub book: FontBook,
    slots: Vec<Slot>,
}

struct Slot {
    source: SlotSource,
    font: OnceLock<Option<Font>>,
}

enum SlotSource {
    Memory(Bytes, u32),
    Disk(PathBuf, u32),
}

impl Fonts {
    /// The theme's fonts, the fallback set, and the machine's unless
    /// `PUBGEN_SYSTEM_FONTS=0`.
    pub(super) fn new(theme: &[ThemeFile]) -> Fonts {
        Fonts::with(theme, crate::switches::get().system_fonts)
    }

    fn with(theme: &[ThemeFile], system: bool) -> Fonts {
        let mut fonts = Fonts {
            book: FontBook::new(),
            slots: Vec::new(),
        };
        for file in theme {
            fonts.add_memory(Bytes::new(file.contents.clone()));
        }
        for data in FALLBACK {
            fonts.add_memory(Bytes::new(data));
        }
        if system {
            fonts.add_system();
        }
        fonts
    }

    /// The font at `index` in the book, read from disk the first time it is asked for.
    pub(super) fn font(&self, index: usize) -> Option<Font> {
        let slot = self.slots.get(index)?;
        slot.font
            .get_or_init(|| match &slot.source {
                SlotSource::Memory(data, i) => Font::new(data.clone(), *i),
                SlotSource::Disk(path, i) => {
                    let data = std::fs::read(path).ok()?;
                    Font::new(Bytes::new(data), *i)
                }
            })
            .clone()
    }

    /// Whether some font has a glyph for `c`.
    pub(super) fn covers(&self, c: char) -> bool {
        let mut text = [0u8; 4];
        self.book
            .select_fallback(None, Default::default(), c.encode_utf8(&mut text))
            .is_some()
    }

    fn add_memory(&mut self, data: Bytes) {
        let faces = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
        for index in 0..faces {
            if let Some(info) = honest_info(&data, index) {
                self.push(info, SlotSource::Memory(data.clone(), index));
            }
        }
    }

    /// The machine's fonts, found as fontconfig finds them (fontdb).
    fn add_system(&mut self) {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        for face in db.faces() {
            let path = match &face.source {
                fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => path.clone(),
                fontdb::Source::Binary(_) => continue,
            };
            let info = db
                .with_face_data(face.id, honest_info)
                .flatten()
                .filter(|info| !info.is_last_resort());
            if let Some(info) = info {
                self.push(info, SlotSource::Disk(path, face.index));
            }
        }
    }

    fn push(&mut self, info: FontInfo, source: SlotSource) {
        self.book.push(info);
        self.slots.push(Slot {
            source,
            font: OnceLock::new(),
        });
    }
}

/// A font's description, its coverage only the characters it has a glyph for: some
/// fonts' character maps also list characters they map to no glyph (DejaVu Sans lists
/// U+2705 ✅), and Typst, trusting the list, would not look for them in another font.
fn honest_info(data: &[u8], index: u32) -> Option<FontInfo> {
    let mut info = FontInfo::new(data, index)?;
    let face = ttf_parser::Face::parse(data, index).ok()?;
    let drawn: Vec<u32> = info
        .coverage
        .iter()
        .filter(|&c| {
            char::from_u32(c)
                .and_then(|c| face.glyph_index(c))
                .is_some_and(|g| g.0 != 0)
        })
        .collect();
    info.coverage = Coverage::from_vec(drawn);
    Some(info)
}

/// Characters that are never drawn, so need no glyph: spaces, controls, and what
/// Typst itself leaves out when it shapes text (joiners, variation selectors, …).
pub(super) fn needs_no_glyph(c: char) -> bool {
    c.is_whitespace() || c.is_control() || typst::text::is_default_ignorable(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fallback_font_loads_and_is_in_the_book() {
        let fonts = Fonts::with(&[], false);
        assert_eq!(fonts.slots.len(), FALLBACK.len());
        for index in 0..fonts.slots.len() {
            let info = fonts.book.info(index).unwrap();
            assert!(fonts.font(index).is_some(), "{} does not load", info.family);
        }
        for c in ['✅', '🎉', '⭐', 'ש', 'م', 'न', '王', '∑'] {
            assert!(fonts.covers(c), "{c}");
        }
    }

    #[test]
    fn a_font_covers_only_the_characters_it_draws() {
        // DejaVu Sans's character map lists U+2705 ✅ with no glyph: the book must not
        // say it has it, or Typst never looks for it in the emoji font.
        let dejavu = ThemeFile {
            name: "DejaVuSans.ttf".into(),
            display: "DejaVuSans.ttf".into(),
            contents: include_bytes!("../../../themes/default/fonts/DejaVuSans.ttf").to_vec(),
        };
        let fonts = Fonts::with(&[dejavu], false);
        let info = fonts.book.info(0).unwrap();
        assert_eq!(info.family, "DejaVu Sans");
        assert!(!info.coverage.contains(0x2705));
        assert!(info.coverage.contains('é' as u32));
        assert!(fonts.covers('✅'), "the emoji font has it");
    }
}
