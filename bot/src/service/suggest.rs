//! Suggestions while a user types: skills and roles by id, name or alias
//! ("k8s" and "kube" both offer Kubernetes), IANA time zones. Best first,
//! at most [`MAX_SUGGESTIONS`] (Discord's limit on autocomplete choices).

use skillbot_recommender::Catalog;

/// Most suggestions returned.
pub const MAX_SUGGESTIONS: usize = 25;

/// A suggestion: what to show and the value to fill in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub label: String,
    pub value: String,
}

/// How well `typed` matches `candidate` (both lower case): lower is better,
/// `None` is no match.
fn rank(typed: &str, candidate: &str) -> Option<u32> {
    if typed.is_empty() {
        return Some(3);
    }
    if candidate == typed {
        Some(0)
    } else if candidate.starts_with(typed) {
        Some(1)
    } else if candidate
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| word.starts_with(typed))
    {
        Some(2)
    } else if candidate.contains(typed) {
        Some(3)
    } else if typed.chars().count() >= 4 && strsim::damerau_levenshtein(typed, candidate) <= 2 {
        // A typo of a whole word: "kubernets", "dokcer".
        Some(4)
    } else {
        None
    }
}

/// Best first by match quality, then in the order given.
fn best<T>(mut scored: Vec<(u32, usize, T)>) -> Vec<T> {
    scored.sort_by_key(|(score, order, _)| (*score, *order));
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, _, t)| t)
        .collect()
}

/// Skills whose id, name or an alias matches what was typed.
pub fn skills(catalog: &Catalog, typed: &str) -> Vec<Suggestion> {
    let typed = typed.trim().to_lowercase();
    let scored = catalog
        .skills()
        .iter()
        .enumerate()
        .filter_map(|(order, skill)| {
            let names = [skill.id.as_str(), skill.name.as_str()]
                .into_iter()
                .chain(skill.aliases.iter().map(String::as_str));
            let score = names
                .filter_map(|n| rank(&typed, &n.to_lowercase()))
                .min()?;
            let alias = skill
                .aliases
                .iter()
                .find(|a| a.to_lowercase() == typed && score == 0);
            let label = match alias {
                Some(alias) => format!("{} ({alias})", skill.name),
                None => format!("{} — {}", skill.name, skill.category),
            };
            Some((
                score,
                order,
                Suggestion {
                    label: label.chars().take(100).collect(),
                    value: skill.id.clone(),
                },
            ))
        })
        .collect();
    best(scored)
}

/// Roles whose id or name matches.
pub fn roles(catalog: &Catalog, typed: &str) -> Vec<Suggestion> {
    let typed = typed.trim().to_lowercase();
    let scored = catalog
        .roles()
        .iter()
        .enumerate()
        .filter_map(|(order, role)| {
            let score = [role.id.to_lowercase(), role.name.to_lowercase()]
                .iter()
                .filter_map(|n| rank(&typed, n))
                .min()?;
            Some((
                score,
                order,
                Suggestion {
                    label: role.name.clone(),
                    value: role.id.clone(),
                },
            ))
        })
        .collect();
    best(scored)
}

/// IANA time zones matching what was typed ("berlin", "new_york", "new york").
pub fn time_zones(typed: &str) -> Vec<Suggestion> {
    let typed = typed.trim().to_lowercase().replace(' ', "_");
    let scored = chrono_tz::TZ_VARIANTS
        .iter()
        .enumerate()
        .filter_map(|(order, tz)| {
            let name = tz.name();
            let score = rank(&typed, &name.to_lowercase())?;
            // Common zones (Region/City) before legacy aliases (US/Eastern).
            let legacy = u32::from(!name.contains('/') || name.starts_with("Etc/"));
            Some((
                score * 2 + legacy,
                order,
                Suggestion {
                    label: name.to_string(),
                    value: name.to_string(),
                },
            ))
        })
        .collect();
    best(scored)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(s: Vec<Suggestion>) -> Vec<String> {
        s.into_iter().map(|s| s.value).collect()
    }

    #[test]
    fn aliases_and_prefixes_find_kubernetes_first() {
        let catalog = Catalog::builtin();
        for typed in ["k8s", "kube", "Kubernetes", "kubernets"] {
            let found = values(skills(catalog, typed));
            assert_eq!(
                found.first().map(String::as_str),
                Some("kubernetes"),
                "{typed}: {found:?}"
            );
        }
        assert_eq!(skills(catalog, "k8s")[0].label, "Kubernetes (k8s)");
        let postgres = values(skills(catalog, "postgres"));
        assert_eq!(postgres[0], "relational-databases", "{postgres:?}");
        assert!(values(skills(catalog, "c#")).contains(&"csharp".to_string()));
    }

    #[test]
    fn at_most_25_and_nothing_for_nonsense() {
        let catalog = Catalog::builtin();
        assert_eq!(skills(catalog, "").len(), MAX_SUGGESTIONS);
        assert!(skills(catalog, "zzzzqqq").is_empty());
        assert!(skills(catalog, "a").len() <= MAX_SUGGESTIONS);
    }

    #[test]
    fn roles_and_zones() {
        let catalog = Catalog::builtin();
        assert_eq!(values(roles(catalog, "java"))[0], "java-backend-developer");
        assert_eq!(values(time_zones("berlin"))[0], "Europe/Berlin");
        assert_eq!(values(time_zones("new york"))[0], "America/New_York");
        assert!(time_zones("").len() == MAX_SUGGESTIONS);
        assert!(time_zones("nowhere-at-all").is_empty());
    }
}
