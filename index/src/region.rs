//! Places named in questions and passages, so an answer with figures for one
//! country can say so when the question asked about another ("what does a
//! backend developer earn in Germany" answered with US salaries).
//!
//! Matching is by words, not regular expressions: it runs on every question,
//! and a process answering one question should not compile fifty patterns.

/// (display name, names as lower-case words; a name of several words is
/// written with spaces). Abbreviations that are also words ("US", "UK") are
/// in [`UPPER`], matched in capitals only.
const PLACES: &[(&str, &[&str])] = &[
    ("the US", &["united states", "usa", "america", "american"]),
    (
        "the UK",
        &[
            "united kingdom",
            "britain",
            "british",
            "england",
            "scotland",
            "wales",
        ],
    ),
    ("Germany", &["germany", "german", "deutschland"]),
    ("France", &["france", "french"]),
    ("Spain", &["spain", "spanish"]),
    ("Italy", &["italy", "italian"]),
    ("the Netherlands", &["netherlands", "holland", "dutch"]),
    ("Belgium", &["belgium"]),
    ("Switzerland", &["switzerland", "swiss"]),
    ("Austria", &["austria"]),
    ("Poland", &["poland", "polish"]),
    ("Portugal", &["portugal"]),
    ("Ireland", &["ireland", "irish"]),
    ("Sweden", &["sweden", "swedish"]),
    ("Norway", &["norway"]),
    ("Denmark", &["denmark"]),
    ("Finland", &["finland"]),
    ("Ukraine", &["ukraine"]),
    ("Romania", &["romania"]),
    ("Czechia", &["czechia", "czech"]),
    ("Russia", &["russia"]),
    ("Turkey", &["turkey"]),
    ("Europe", &["europe", "european", "eu"]),
    ("Canada", &["canada", "canadian"]),
    ("Mexico", &["mexico"]),
    ("Brazil", &["brazil"]),
    ("Argentina", &["argentina"]),
    ("Latin America", &["latin america", "latam"]),
    ("India", &["india", "indian"]),
    ("Pakistan", &["pakistan"]),
    ("Bangladesh", &["bangladesh"]),
    ("China", &["china", "chinese"]),
    ("Japan", &["japan", "japanese"]),
    ("South Korea", &["korea"]),
    ("Singapore", &["singapore"]),
    ("Vietnam", &["vietnam"]),
    ("the Philippines", &["philippines"]),
    ("Indonesia", &["indonesia"]),
    ("Israel", &["israel"]),
    ("the UAE", &["uae", "dubai", "emirates"]),
    ("Egypt", &["egypt"]),
    ("Nigeria", &["nigeria"]),
    ("Kenya", &["kenya"]),
    ("South Africa", &["south africa"]),
    ("Australia", &["australia", "australian"]),
    ("New Zealand", &["new zealand"]),
    ("Asia", &["asia", "asian"]),
    ("Africa", &["africa", "african"]),
];

/// Capitalised abbreviations: (place index, word as written, dots removed).
const UPPER: &[(usize, &str)] = &[(0, "US"), (0, "USA"), (1, "UK")];

/// Places `text` names, as indices into [`PLACES`], in list order. "us" in
/// lower case is the pronoun: the abbreviations count only in capitals
/// ("US", "U.S.", "UK").
pub(crate) fn places(text: &str) -> Vec<usize> {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '.')
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let mut out = Vec::new();
    for (i, (_, names)) in PLACES.iter().enumerate() {
        let named = names.iter().any(|name| {
            let parts: Vec<&str> = name.split(' ').collect();
            lower
                .windows(parts.len())
                .any(|window| window.iter().zip(&parts).all(|(a, b)| a == b))
        });
        if named {
            out.push(i);
        }
    }
    for (i, abbreviation) in UPPER {
        if !out.contains(i) && words.iter().any(|w| w.replace('.', "") == *abbreviation) {
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
    let asked = *places(question).first()?;
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
        assert_eq!(
            mismatch_note("salaries in new zealand?", "In the U.S. it is higher.").as_deref(),
            Some("These figures are for the US; the material has none for New Zealand.")
        );
        // "us" the pronoun is no place, nor is "new" alone.
        assert!(places("can you tell us about salaries").is_empty());
        assert!(places("what is new in zealous code").is_empty());
    }
}
