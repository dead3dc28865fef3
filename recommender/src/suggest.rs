//! "Did you mean" suggestions by edit distance.

/// Up to three candidates closest to `given`, best first. Only candidates
/// within a distance proportional to the input length are offered, so
/// nonsense input gets no misleading suggestion.
pub(crate) fn closest<'a>(given: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let given = given.trim().to_lowercase();
    if given.is_empty() {
        return Vec::new();
    }
    let limit = (given.chars().count() / 3).clamp(1, 3);
    let mut scored: Vec<(usize, &str)> = candidates
        .filter_map(|c| {
            let distance = strsim::damerau_levenshtein(&given, c);
            let prefix = c.starts_with(&given) && given.len() >= 3;
            (distance <= limit || prefix).then_some((if prefix { 0 } else { distance }, c))
        })
        .collect();
    scored.sort();
    let mut out: Vec<String> = Vec::new();
    for (_, c) in scored {
        if !out.iter().any(|o| o == c) {
            out.push(c.to_string());
        }
        if out.len() == 3 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn typo_finds_the_intended_id() {
        let ids = ["kubernetes", "docker", "kotlin"];
        assert_eq!(closest("kubernets", ids.into_iter()), vec!["kubernetes"]);
    }

    #[test]
    fn nonsense_gets_no_suggestion() {
        let ids = ["kubernetes", "docker", "kotlin"];
        assert!(closest("zzzzzzzz", ids.into_iter()).is_empty());
        assert!(closest("", ids.into_iter()).is_empty());
    }
}
