//! Languages of passages and questions, as ISO 639-3 codes packed in a u64
//! (0: unknown). Detection is whatlang's; a page's declared language
//! (`<html lang>`) decides when a passage is too short to tell.

use std::sync::LazyLock;

use whatlang::{Detector, Lang, Script};

/// Unknown language: matches every question.
pub(crate) const UNKNOWN: u64 = 0;

/// Most bytes of prose looked at to detect a language.
const SAMPLE_BYTES: usize = 300;

/// The languages told apart (the most used on the web). Fewer candidates
/// keep detection cheap enough to run on every passage.
static DETECTOR: LazyLock<Detector> = LazyLock::new(|| {
    Detector::with_allowlist(vec![
        Lang::Eng,
        Lang::Spa,
        Lang::Fra,
        Lang::Deu,
        Lang::Por,
        Lang::Ita,
        Lang::Nld,
        Lang::Pol,
        Lang::Ces,
        Lang::Swe,
        Lang::Dan,
        Lang::Fin,
        Lang::Tur,
        Lang::Ind,
        Lang::Vie,
        Lang::Ron,
        Lang::Hun,
        Lang::Rus,
        Lang::Ukr,
        Lang::Jpn,
        Lang::Cmn,
        Lang::Kor,
        Lang::Ara,
        Lang::Heb,
        Lang::Hin,
        Lang::Pes,
        Lang::Ell,
    ])
});

fn whatlang_detect(text: &str) -> Option<whatlang::Info> {
    DETECTOR.detect(text)
}

/// Packs a three-letter code.
fn pack(code: &str) -> u64 {
    code.bytes()
        .take(3)
        .fold(0u64, |acc, b| (acc << 8) | u64::from(b))
}

/// The three-letter code of a packed language ("eng"), or "" if unknown.
pub(crate) fn code(lang: u64) -> String {
    if lang == UNKNOWN {
        return String::new();
    }
    (0..3)
        .rev()
        .map(|i| ((lang >> (8 * i)) & 0xff) as u8 as char)
        .collect()
}

fn of(lang: Lang) -> u64 {
    pack(lang.code())
}

/// A declared language (`en`, `en-US`, `ja`, `zh-CN`, `eng`) as packed code.
pub(crate) fn from_declared(tag: &str) -> u64 {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let three = match primary.as_str() {
        "en" => "eng",
        "ja" => "jpn",
        "zh" => "cmn",
        "ko" => "kor",
        "es" => "spa",
        "fr" => "fra",
        "de" => "deu",
        "pt" => "por",
        "it" => "ita",
        "ru" => "rus",
        "uk" => "ukr",
        "pl" => "pol",
        "nl" => "nld",
        "tr" => "tur",
        "sv" => "swe",
        "cs" => "ces",
        "vi" => "vie",
        "id" => "ind",
        "ar" => "ara",
        "hi" => "hin",
        "fa" => "pes",
        "he" => "heb",
        other if other.len() == 3 => other,
        _ => return UNKNOWN,
    };
    Lang::from_code(three).map_or(UNKNOWN, of)
}

/// The language of a passage's prose, if whatlang is confident.
pub(crate) fn detect(prose: &str) -> Option<u64> {
    let mut end = prose.len().min(SAMPLE_BYTES);
    while !prose.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &prose[..end];
    if sample.split_whitespace().count() < 4 && sample.is_ascii() {
        return None;
    }
    let info = whatlang_detect(sample)?;
    (info.is_reliable() || non_latin(info.script())).then(|| of(info.lang()))
}

/// The language of a passage's prose: English when its common words say
/// so (cheap, and most material is English), else what whatlang detects,
/// else the page's language.
pub(crate) fn of_passage(prose: &str, page: u64) -> u64 {
    let mut words = 0;
    let mut english = 0;
    for word in prose.split_whitespace().take(120) {
        words += 1;
        let w = word.trim_matches(|c: char| !c.is_alphanumeric());
        if ENGLISH_MARKERS
            .binary_search(&w.to_ascii_lowercase().as_str())
            .is_ok()
        {
            english += 1;
        }
    }
    if words >= 8 && english * 5 >= words {
        return pack("eng");
    }
    detect(prose).unwrap_or(page)
}

/// Very common English words, sorted: a fifth of a text's words being
/// among them is English.
const ENGLISH_MARKERS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "has", "have", "if",
    "in", "into", "is", "it", "its", "not", "of", "on", "or", "that", "the", "their", "then",
    "there", "these", "this", "to", "was", "we", "when", "which", "will", "with", "you", "your",
];

/// The language of a question, if it can be told: a reliable detection, or
/// a script only a few languages use (Japanese kana, Hangul, Han).
pub(crate) fn of_question(question: &str) -> Option<u64> {
    let info = whatlang_detect(question)?;
    if non_latin(info.script()) {
        return Some(of(info.lang()));
    }
    // Short Latin-script questions are too easily mistaken ("what does
    // Box<T> do" is not Tagalog): only long, confident ones count.
    (info.is_reliable() && question.split_whitespace().count() >= 5 && info.confidence() >= 0.9)
        .then(|| of(info.lang()))
}

fn non_latin(script: Script) -> bool {
    matches!(
        script,
        Script::Hiragana | Script::Katakana | Script::Hangul | Script::Mandarin
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        assert_eq!(code(from_declared("en-US")), "eng");
        assert_eq!(code(from_declared("ja")), "jpn");
        assert_eq!(code(from_declared("zh-CN")), "cmn");
        assert_eq!(from_declared("xx"), UNKNOWN);
        assert_eq!(code(UNKNOWN), "");
    }

    #[test]
    fn markers_are_sorted() {
        assert!(ENGLISH_MARKERS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn passages_in_english_are_told_cheaply() {
        let page = from_declared("ja");
        assert_eq!(
            code(of_passage(
                "This chapter explains how the borrow checker works and why it is there.",
                page
            )),
            "eng"
        );
        assert_eq!(code(of_passage("fn main() {}", page)), "jpn");
        assert_eq!(
            code(of_passage(
                "El operador de interrogación propaga el error hacia la función que llama, y devuelve el valor si todo va bien.",
                page
            )),
            "spa"
        );
    }

    #[test]
    fn detection() {
        assert_eq!(
            detect("The borrow checker makes sure references never outlive the data they point to, so there are no dangling pointers.").map(code),
            Some("eng".into())
        );
        assert_eq!(
            detect("ボックスはヒープ上のデータを指すスマートポインタです。").map(code),
            Some("jpn".into())
        );
        assert_eq!(detect("fn main"), None);
        assert_eq!(of_question("what does Box<T> do"), None);
        assert_eq!(
            of_question("Box<T>は何をしますか").map(code),
            Some("jpn".into())
        );
    }
}
