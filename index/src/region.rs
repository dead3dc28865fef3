//! Places named in questions and passages, so an answer with figures for one
//! country can say so when the question asked about another ("what does a
//! backend developer earn in Germany" answered with US salaries).

use std::sync::LazyLock;

use regex::Regex;

/// (display name, case-insensitive pattern). Abbreviations that are also
/// words ("US", "UK") are matched in capitals only, see [`UPPER`].
const PLACES: &[(&str, &str)] = &[
    (
        "the US",
        r"united\s+states|\busa\b|\bamerica\b|\bamerican\b",
    ),
    (
        "the UK",
        r"united\s+kingdom|\bbritain\b|\bbritish\b|\bengland\b|\bscotland\b|\bwales\b",
    ),
    ("Germany", r"\bgermany\b|\bgerman\b|\bdeutschland\b"),
    ("France", r"\bfrance\b|\bfrench\b"),
    ("Spain", r"\bspain\b|\bspanish\b"),
    ("Italy", r"\bitaly\b|\bitalian\b"),
    ("the Netherlands", r"\bnetherlands\b|\bholland\b|\bdutch\b"),
    ("Belgium", r"\bbelgium\b"),
    ("Switzerland", r"\bswitzerland\b|\bswiss\b"),
    ("Austria", r"\baustria\b"),
    ("Poland", r"\bpoland\b|\bpolish\b"),
    ("Portugal", r"\bportugal\b"),
    ("Ireland", r"\bireland\b|\birish\b"),
    ("Sweden", r"\bsweden\b|\bswedish\b"),
    ("Norway", r"\bnorway\b"),
    ("Denmark", r"\bdenmark\b"),
    ("Finland", r"\bfinland\b"),
    ("Ukraine", r"\bukraine\b"),
    ("Romania", r"\bromania\b"),
    ("Czechia", r"\bczech\w*\b"),
    ("Russia", r"\brussia\b"),
    ("Turkey", r"\bturkey\b"),
    ("Europe", r"\beurope\b|\beuropean\b|\b(?:the\s+)?eu\b"),
    ("Canada", r"\bcanada\b|\bcanadian\b"),
    ("Mexico", r"\bmexico\b"),
    ("Brazil", r"\bbrazil\b"),
    ("Argentina", r"\bargentina\b"),
    ("Latin America", r"\blatin\s+america\b|\blatam\b"),
    ("India", r"\bindia\b|\bindian\b"),
    ("Pakistan", r"\bpakistan\b"),
    ("Bangladesh", r"\bbangladesh\b"),
    ("China", r"\bchina\b|\bchinese\b"),
    ("Japan", r"\bjapan\b|\bjapanese\b"),
    ("South Korea", r"\bkorea\b"),
    ("Singapore", r"\bsingapore\b"),
    ("Vietnam", r"\bvietnam\b"),
    ("the Philippines", r"\bphilippines\b"),
    ("Indonesia", r"\bindonesia\b"),
    ("Israel", r"\bisrael\b"),
    ("the UAE", r"\buae\b|\bdubai\b|\bemirates\b"),
    ("Egypt", r"\begypt\b"),
    ("Nigeria", r"\bnigeria\b"),
    ("Kenya", r"\bkenya\b"),
    ("South Africa", r"\bsouth\s+africa\b"),
    ("Australia", r"\baustralia\b|\baustralian\b"),
    ("New Zealand", r"\bnew\s+zealand\b"),
    ("Asia", r"\basia\b|\basian\b"),
    ("Africa", r"\bafrica\b|\bafrican\b"),
];

/// Capitalised abbreviations: (place index, pattern) matched case-sensitively.
const UPPER: &[(usize, &str)] = &[(0, r"\bU\.?S\.?(?:A\.?)?\b"), (1, r"\bU\.?K\.?\b")];

static PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    PLACES
        .iter()
        .map(|(_, p)| Regex::new(&format!("(?i){p}")).expect("valid regex"))
        .collect()
});
static UPPER_PATTERNS: LazyLock<Vec<(usize, Regex)>> = LazyLock::new(|| {
    UPPER
        .iter()
        .map(|(i, p)| (*i, Regex::new(p).expect("valid regex")))
        .collect()
});

/// Places `text` names, as indices, in list order, deduplicated. In a
/// question, "us" in lower case is the pronoun, so `question` matches the
/// abbreviations only when written in capitals or with dots — as in text.
pub(crate) fn places(text: &str) -> Vec<usize> {
    let mut out: Vec<usize> = PATTERNS
        .iter()
        .enumerate()
        .filter(|(_, re)| re.is_match(text))
        .map(|(i, _)| i)
        .collect();
    for (i, re) in UPPER_PATTERNS.iter() {
        if !out.contains(i) && re.is_match(text) {
            out.push(*i);
        }
    }
    out.sort_unstable();
    out
}

/// A note for an answer whose figures are for other places than the one
/// asked about, e.g. "These figures are for the US; the material has none
/// for Germany."
pub(crate) fn mismatch_note(question: &str, passage: &str) -> Option<String> {
    let asked = places(question);
    let asked = *asked.first()?;
    let given = places(passage);
    if given.is_empty() || given.contains(&asked) {
        return None;
    }
    let names: Vec<&str> = given.iter().map(|&i| PLACES[i].0).collect();
    Some(format!(
        "These figures are for {}; the material has none for {}.",
        names.join(" and "),
        PLACES[asked].0
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_only_when_places_differ() {
        let us = "Average backend developer pay in the US ranges from $88,000 to $150,000.";
        assert_eq!(
            mismatch_note("what does a backend developer earn in germany", us).as_deref(),
            Some("These figures are for the US; the material has none for Germany.")
        );
        assert_eq!(mismatch_note("how much do devs earn in the USA", us), None);
        assert_eq!(
            mismatch_note("how much do backend developers earn", us),
            None
        );
        assert_eq!(
            mismatch_note("salary in germany", "Pay is good everywhere."),
            None
        );
        // "us" the pronoun is no place.
        assert!(places("can you tell us about salaries").is_empty());
    }
}
