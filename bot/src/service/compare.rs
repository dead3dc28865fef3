//! Comparison answers: "X vs Y", "should I learn X or Y first?".
//!
//! The index recognises a comparison and finds the passages; this module
//! puts the sides next to each other from what the catalog knows: for each
//! side its one-line description, learning time, the roles that need it (and
//! at what weight), its prerequisites and the best passage about it. When the
//! question asks what to learn first, the answer gives the rule the
//! recommender's plans follow: a prerequisite before what builds on it, then
//! the earlier step of the learning order (languages, then data, APIs,
//! frameworks…), then the heavier weight for the asker's role (or, without a
//! role, the skill more roles count as core), then the shorter learning time.
//! When a member's role is known, one line says how much that role needs
//! each side. A side the material does not know is said so, never dropped:
//! an answer never covers only one side of a question that names two.
//!
//! Everything here is plain data: the CLI prints [`render`], Discord puts
//! [`render_side`] into embed fields.

use std::fmt::Write as _;

use serde::Serialize;
use skillbot_index::{Comparison, ComparisonAnswer, Passage};
use skillbot_recommender::{Catalog, Role, Skill, Target, Weight};

/// A passage quoted in a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteView {
    pub source: String,
    pub section: String,
    pub text: String,
}

/// The side-by-side answer to a comparison question (`comparison` in
/// `ask --json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonView {
    pub sides: Vec<SideView>,
    /// A passage of the material that compares the sides, when one fits.
    pub passage: Option<QuoteView>,
    /// Three or more sides and no page on them all: passages of pages on
    /// two sides each that, with `passage`, take in every side.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pairs: Vec<QuoteView>,
    /// Facts from the catalog that tell the sides apart, one sentence each.
    pub differences: Vec<String>,
    /// The learning-order rule, when the question asks what to learn first.
    pub which_first: Option<String>,
    /// How much the asker's role needs each side, when the role is known.
    pub for_role: Option<String>,
    /// Said when the material lacks a side ("I have material on Kafka but
    /// not on Pulsar").
    pub message: Option<String>,
    /// What the choice is for, when the question says ("microservices").
    pub context: Option<String>,
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideView {
    /// The words the question used ("k8s", "merge").
    pub term: String,
    /// The catalog skill, if the words name one.
    pub id: Option<String>,
    /// How to call the side: the skill's name when the words are that skill
    /// ("k8s" → "Kubernetes"), else the words ("Kafka", a kind of message queue).
    pub name: String,
    /// The skill's name (may differ from `name`: "Kafka" is under "Message queues").
    pub skill_name: Option<String>,
    pub category: Option<String>,
    pub description: Option<String>,
    /// Months to working proficiency, where the material gives a figure.
    pub learning_months: Option<[f32; 2]>,
    /// Roles that target the skill, heaviest weight first.
    pub roles: Vec<RoleNeedView>,
    /// Prerequisite skill ids.
    pub prerequisites: Vec<String>,
    /// Categories of which the skill needs at least one skill ("any:").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prerequisites_any_of: Vec<String>,
    /// The best passage about this side, if any.
    pub passage: Option<QuoteView>,
    /// Whether the material knows the side.
    pub known: bool,
}

/// A role's need for one side's skill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleNeedView {
    pub role: String,
    pub name: String,
    pub weight: &'static str,
    pub level: u8,
    /// Set when the role asks for any skill of this category (its main
    /// language, say) rather than this skill by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub any_of: Option<String>,
}

/// The `source` of an answer composed from the catalog (no passage of the
/// material compares the sides).
pub const CATALOG_SOURCE: &str = "skill catalog";

/// The view of what the index found for a comparison question.
pub fn from_index(
    catalog: &Catalog,
    found: &ComparisonAnswer,
    role: Option<&Role>,
) -> ComparisonView {
    let quote = |p: &Passage| QuoteView {
        source: p.source.clone(),
        section: p.section.clone(),
        text: p.snippet.replace("**", ""),
    };
    let mut view = compose(
        catalog,
        &found.comparison,
        found.page.as_ref().map(quote),
        found.sides.iter().map(|p| p.as_ref().map(quote)).collect(),
        role,
    );
    view.pairs = found.pairs.iter().map(quote).collect();
    view
}

/// The comparison in a few sentences: which side the material lacks, what
/// each side is, how they differ, which first, and for the asker's role —
/// the answer when no passage of the material compares the sides.
pub fn summary(view: &ComparisonView) -> String {
    match &view.message {
        Some(message) => format!("{message} {}", facts(view)),
        None => facts(view),
    }
}

/// [`summary`] without the note on missing sides: only what the catalog and
/// the material say about the sides.
pub fn facts(view: &ComparisonView) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut said: Vec<String> = Vec::new();
    for side in view.sides.iter().filter(|s| s.known) {
        let under_one: Vec<&SideView> = view
            .sides
            .iter()
            .filter(|s| s.id.is_some() && s.id == side.id)
            .collect();
        // Sides under one skill: the skill once, then what the material
        // says of each.
        if under_one.len() > 1 {
            if under_one[0].term == side.term
                && let (Some(skill), Some(description)) = (&side.skill_name, &side.description)
            {
                let names: Vec<String> = under_one.iter().map(|s| s.name.clone()).collect();
                parts.push(format!(
                    "{} are {} {skill} in the catalog: {}",
                    join_and(&names),
                    if names.len() == 2 { "both" } else { "all" },
                    lower_first(description)
                ));
            }
        } else if let Some(description) = &side.description {
            parts.push(format!("{}: {description}", side.name));
            continue;
        }
        if let Some(p) = &side.passage
            && !said.contains(&p.text)
        {
            said.push(p.text.clone());
            parts.push(format!("{}: {}", side.name, p.text));
        }
    }
    parts.extend(view.differences.iter().cloned());
    parts.extend(view.which_first.clone());
    parts.extend(view.for_role.clone());
    let mut out = String::new();
    for part in parts {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part.trim());
        if !out.ends_with(['.', '!', '?', '…']) {
            out.push('.');
        }
    }
    out
}

/// Composes the answer to `comparison` from the catalog, the passage that
/// compares the sides (if any) and the best passage per side (in side
/// order). `role` personalises: "for your role … Python is core".
pub fn compose(
    catalog: &Catalog,
    comparison: &Comparison,
    passage: Option<QuoteView>,
    side_passages: Vec<Option<QuoteView>>,
    role: Option<&Role>,
) -> ComparisonView {
    let shared = comparison.same_skill();
    // The material's own spelling of a side ("RabbitMQ" for "rabbitmq").
    let texts: Vec<String> = passage
        .iter()
        .chain(side_passages.iter().flatten())
        .map(|q| q.text.clone())
        .collect();
    let mut passages = side_passages.into_iter();
    let sides: Vec<SideView> = comparison
        .sides
        .iter()
        .map(|side| {
            let skill = side.skill.as_deref().and_then(|id| catalog.skill(id).ok());
            let mut view = side_view(
                catalog,
                &side.term,
                skill,
                side.known,
                shared,
                passages.next().flatten(),
            );
            if view.skill_name.as_deref() != Some(view.name.as_str()) {
                view.name = spelled(&view.term, &texts);
            }
            view
        })
        .collect();
    let skills: Vec<(&SideView, &Skill)> = sides
        .iter()
        .filter_map(|s| Some((s, catalog.skill(s.id.as_deref()?).ok()?)))
        .collect();
    // The catalog compares skills: sides under one skill ("MySQL",
    // "Postgres") count once, named together.
    let groups = by_skill(&skills);
    let distinct: Vec<(&SideView, &Skill)> = groups.iter().map(|(v, s)| (v, *s)).collect();
    ComparisonView {
        differences: if distinct.len() >= 2 {
            differences(catalog, &distinct)
        } else {
            Vec::new()
        },
        which_first: comparison
            .which_first
            .then(|| which_first(catalog, &sides, &distinct, role))
            .flatten(),
        for_role: role.and_then(|role| for_role(catalog, role, &skills)),
        message: message(&sides),
        context: comparison.context.clone(),
        passage,
        pairs: Vec::new(),
        sides,
    }
}

/// One entry per distinct skill: the side itself, or (for sides under one
/// skill) a copy named "Relational databases (MySQL and Postgres)".
fn by_skill<'a>(skills: &[(&SideView, &'a Skill)]) -> Vec<(SideView, &'a Skill)> {
    let mut groups: Vec<(Vec<&SideView>, &Skill)> = Vec::new();
    for (view, skill) in skills {
        match groups.iter_mut().find(|(_, s)| s.id == skill.id) {
            Some((views, _)) => views.push(view),
            None => groups.push((vec![view], skill)),
        }
    }
    groups
        .into_iter()
        .map(|(views, skill)| {
            let mut view = views[0].clone();
            if views.len() > 1 || view.skill_name.as_deref() != Some(view.name.as_str()) {
                let names: Vec<String> = views.iter().map(|v| v.name.clone()).collect();
                view.name = format!("{} ({})", skill.name, join_and(&names));
            }
            (view, skill)
        })
        .collect()
}

/// How the material writes `term` (a whole-word match, ignoring case), else,
/// if it was typed all in lower case, with a capital first letter ("pulsar"
/// → "Pulsar"), or in capitals when it is short ("jwt" → "JWT").
fn spelled(term: &str, texts: &[String]) -> String {
    let lower = term.to_lowercase();
    if lower.is_empty() {
        return term.to_string();
    }
    for text in texts {
        // Only where lower-casing keeps every character's length, so an
        // offset in one is an offset in the other.
        let haystack = text.to_lowercase();
        let same_lengths = text
            .chars()
            .all(|c| c.to_lowercase().map(char::len_utf8).sum::<usize>() == c.len_utf8());
        if !same_lengths {
            continue;
        }
        for (at, _) in haystack.match_indices(&lower) {
            let before = haystack[..at].chars().next_back();
            let after = haystack[at + lower.len()..].chars().next();
            if before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric())
            {
                let found = &text[at..at + lower.len()];
                // A sentence's capital says nothing of the name.
                let starts_sentence = text[..at]
                    .trim_end()
                    .chars()
                    .next_back()
                    .is_none_or(|c| matches!(c, '.' | '!' | '?' | '>' | '…'));
                let rest_as_typed = found.chars().skip(1).eq(lower.chars().skip(1));
                if !(starts_sentence && rest_as_typed) {
                    return found.to_string();
                }
            }
        }
    }
    if term.chars().any(char::is_uppercase) {
        term.to_string()
    } else if term.chars().count() <= 4 && term.chars().all(char::is_alphanumeric) {
        // Short names typed in lower case are mostly acronyms: "jwt", "ec2".
        term.to_uppercase()
    } else {
        capitalise(term)
    }
}

/// Letters and digits only, lowercase: "Node.js" and "nodejs" are one.
fn plain(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric() || *c == '#' || *c == '+')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `term` is the skill's own name rather than something under it:
/// the id or name ("Node.js", "python3"), its start ("linux" for "Linux
/// command line", "spring"), or its numeronym ("k8s").
fn names_the_skill(term: &str, skill: &Skill) -> bool {
    let term = plain(term);
    let term = term.trim_end_matches(|c: char| c.is_ascii_digit());
    let (id, name) = (plain(&skill.id), plain(&skill.name));
    let numeronym = |word: &str| {
        let chars: Vec<char> = word.chars().collect();
        (chars.len() > 3)
            .then(|| format!("{}{}{}", chars[0], chars.len() - 2, chars[chars.len() - 1]))
    };
    term.chars().count() >= 2
        && (term == id
            || term == name
            || id.starts_with(term)
            || name.starts_with(term)
            || numeronym(&name).as_deref() == Some(term))
}

fn side_view(
    catalog: &Catalog,
    term: &str,
    skill: Option<&Skill>,
    known: bool,
    shared: bool,
    passage: Option<QuoteView>,
) -> SideView {
    let Some(skill) = skill else {
        return SideView {
            term: term.to_string(),
            id: None,
            name: term.to_string(),
            skill_name: None,
            category: None,
            description: None,
            learning_months: None,
            roles: Vec::new(),
            prerequisites: Vec::new(),
            prerequisites_any_of: Vec::new(),
            known: known || passage.is_some(),
            passage,
        };
    };
    // "k8s" is Kubernetes; "kafka" is a kind of message queue, not "Message
    // queues" itself; two sides under one skill keep their own words.
    let is_the_skill = !shared && names_the_skill(term, skill);
    let (prerequisites_any_of, prerequisites): (Vec<&String>, Vec<&String>) = skill
        .prerequisites
        .iter()
        .partition(|p| p.starts_with("any:"));
    SideView {
        term: term.to_string(),
        id: Some(skill.id.clone()),
        name: if is_the_skill {
            skill.name.clone()
        } else {
            term.to_string()
        },
        skill_name: Some(skill.name.clone()),
        category: Some(catalog.category_of(skill).name.clone()),
        description: Some(skill.description.clone()),
        learning_months: skill.learning_months,
        roles: role_needs(catalog, &skill.id),
        prerequisites: prerequisites.into_iter().cloned().collect(),
        prerequisites_any_of: prerequisites_any_of
            .into_iter()
            .map(|p| p.trim_start_matches("any:").to_string())
            .collect(),
        passage,
        known: true,
    }
}

fn role_needs(catalog: &Catalog, skill: &str) -> Vec<RoleNeedView> {
    let mut needs: Vec<(Weight, RoleNeedView)> = catalog
        .roles()
        .iter()
        .filter_map(|role| {
            let target = catalog.target_for(role, skill)?;
            Some((
                target.weight,
                RoleNeedView {
                    role: role.id.clone(),
                    name: role.name.clone(),
                    weight: target.weight.as_str(),
                    level: target.level,
                    any_of: target.any_of().map(str::to_string),
                },
            ))
        })
        .collect();
    // Stable: catalog order within a weight.
    needs.sort_by_key(|(weight, _)| std::cmp::Reverse(*weight));
    needs.into_iter().map(|(_, need)| need).collect()
}

/// What `role` asks of `skill`: its own target, or an `any:` target of the
/// skill's category (Java is the main language of a backend developer).
fn target<'r>(catalog: &Catalog, role: &'r Role, skill: &str) -> Option<&'r Target> {
    catalog.target_for(role, skill)
}

/// Where the role's `any:` target suggests `skill` (lower is earlier);
/// skills it does not list come after those it does.
fn preference(catalog: &Catalog, role: &Role, skill: &str) -> usize {
    target(catalog, role, skill)
        .filter(|t| t.any_of().is_some())
        .and_then(|t| t.prefer.iter().position(|p| p == skill))
        .unwrap_or(usize::MAX)
}

fn core_roles(side: &SideView) -> usize {
    side.roles.iter().filter(|r| r.weight == "core").count()
}

/// The chain of prerequisites by which `later` needs `first`, as skill
/// names from `later` down to `first`, if it does ("any:CATEGORY" counts
/// when `first` is of that category).
fn needs_chain(catalog: &Catalog, first: &Skill, later: &Skill) -> Option<Vec<String>> {
    let mut queue: Vec<(&Skill, Vec<String>)> = vec![(later, vec![later.name.clone()])];
    let mut seen: Vec<&str> = vec![later.id.as_str()];
    while let Some((skill, path)) = queue.pop() {
        for p in &skill.prerequisites {
            if let Some(category) = p.strip_prefix("any:") {
                if first.category == category {
                    let mut path = path.clone();
                    path.push(first.name.clone());
                    return Some(path);
                }
                continue;
            }
            let Ok(next) = catalog.skill(p) else {
                continue;
            };
            let mut path = path.clone();
            path.push(next.name.clone());
            if next.id == first.id {
                return Some(path);
            }
            if !seen.contains(&next.id.as_str()) {
                seen.push(&next.id);
                queue.insert(0, (next, path));
            }
        }
    }
    None
}

/// The learning-order step of a skill; soft skills (step 0) are learned
/// alongside everything, so they sort last.
fn stage(catalog: &Catalog, skill: &Skill) -> u8 {
    match catalog.category_of(skill).stage {
        0 => u8::MAX,
        s => s,
    }
}

fn months(m: Option<[f32; 2]>) -> String {
    match m {
        Some([lo, hi]) if lo == hi => format!("about {lo} months"),
        Some([lo, hi]) => format!("{lo}–{hi} months"),
        None => "no figure in the material".to_string(),
    }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Catalog facts that tell distinct skills apart, each said as a
/// comparison: the kind of skill, which builds on which, learning time, how
/// many roles count each as core.
fn differences(catalog: &Catalog, skills: &[(&SideView, &Skill)]) -> Vec<String> {
    let mut out = Vec::new();
    let name = |i: usize| skills[i].0.name.as_str();
    let pair = skills.len() == 2;
    let category = |i: usize| catalog.category_of(skills[i].1).name.as_str();
    if skills
        .iter()
        .all(|(_, s)| s.category == skills[0].1.category)
    {
        let names: Vec<String> = skills.iter().map(|(v, _)| v.name.clone()).collect();
        out.push(format!(
            "{} are all in {}: the same kind of skill, so the choice is about fit.",
            join_and(&names),
            category(0)
        ));
        if pair {
            let last = out.len() - 1;
            out[last] = out[last].replacen(" are all in ", " are both in ", 1);
        }
    } else if pair {
        out.push(format!(
            "{} belongs to {}, whereas {} belongs to {}.",
            name(0),
            category(0),
            name(1),
            category(1)
        ));
    } else {
        let parts: Vec<String> = (0..skills.len())
            .map(|i| format!("{} to {}", name(i), category(i)))
            .collect();
        out.push(format!("By kind of skill: {}.", join_and(&parts)));
    }
    for (i, (a_view, a)) in skills.iter().enumerate() {
        for (b_view, b) in skills.iter().skip(i + 1) {
            if let Some(chain) = needs_chain(catalog, a, b) {
                out.push(prerequisite_sentence(b_view, a_view, &chain));
            } else if let Some(chain) = needs_chain(catalog, b, a) {
                out.push(prerequisite_sentence(a_view, b_view, &chain));
            }
        }
    }
    let time = |i: usize| skills[i].1.learning_months;
    let span = |m: [f32; 2]| (m[1], m[0]);
    if pair {
        match (time(0), time(1)) {
            (Some(a), Some(b)) if a == b => out.push(format!(
                "{} and {} take about as long to learn ({}).",
                name(0),
                name(1),
                months(Some(a))
            )),
            (Some(a), Some(b)) => {
                let (long, short) = if span(a) > span(b) { (0, 1) } else { (1, 0) };
                out.push(format!(
                    "{} takes longer to learn than {} ({} against {}).",
                    name(long),
                    name(short),
                    months(time(long)),
                    months(time(short))
                ));
            }
            (Some(_), None) | (None, Some(_)) => {
                let (known, other) = if time(0).is_some() { (0, 1) } else { (1, 0) };
                out.push(format!(
                    "{} takes {} to learn; the material gives no figure for {}.",
                    name(known),
                    months(time(known)),
                    name(other)
                ));
            }
            (None, None) => {}
        }
    } else if let Some(longest) =
        (0..skills.len())
            .filter(|&i| time(i).is_some())
            .max_by(|&a, &b| {
                span(time(a).unwrap_or_default())
                    .partial_cmp(&span(time(b).unwrap_or_default()))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
        && (0..skills.len()).any(|i| time(i) != time(longest))
    {
        out.push(format!(
            "{} takes the longest to learn ({}).",
            name(longest),
            months(time(longest))
        ));
    }
    let cores: Vec<usize> = skills.iter().map(|(v, _)| core_roles(v)).collect();
    if cores.iter().any(|c| *c != cores[0]) {
        let (most, _) = cores
            .iter()
            .enumerate()
            .max_by_key(|(i, c)| (**c, std::cmp::Reverse(*i)))
            .unwrap_or((0, &0));
        if pair {
            let other = 1 - most;
            out.push(format!(
                "More roles count {} as core than {} ({} against {}).",
                name(most),
                name(other),
                roles_count(cores[most]),
                cores[other]
            ));
        } else {
            out.push(format!(
                "{} is core for the most roles ({}).",
                name(most),
                roles_count(cores[most])
            ));
        }
    }
    out
}

fn roles_count(n: usize) -> String {
    if n == 1 {
        "1 role".to_string()
    } else {
        format!("{n} roles")
    }
}

fn prerequisite_sentence(later: &SideView, first: &SideView, chain: &[String]) -> String {
    if chain.len() <= 2 {
        format!(
            "{} builds on {}, so {} comes first.",
            later.name, first.name, first.name
        )
    } else {
        format!(
            "{} builds on {} (through {}).",
            later.name,
            first.name,
            chain[1..chain.len() - 1].join(", ")
        )
    }
}

/// Orders the sides' skills the way a plan would, and says why the first
/// comes first.
fn which_first(
    catalog: &Catalog,
    sides: &[SideView],
    skills: &[(&SideView, &Skill)],
    role: Option<&Role>,
) -> Option<String> {
    if skills.len() == 1 && sides.iter().filter(|s| s.id.is_some()).count() > 1 {
        let names: Vec<String> = sides.iter().map(|s| s.name.clone()).collect();
        let skill = sides.iter().find_map(|s| s.skill_name.clone())?;
        return Some(format!(
            "{} are {} {skill} in the catalog: the learning order does not rank them. Learn the \
             one your team runs; the ideas carry over.",
            join_and(&names),
            if names.len() == 2 { "both" } else { "all" }
        ));
    }
    if skills.len() < 2 {
        return None;
    }
    let mut left: Vec<(&SideView, &Skill)> = skills.to_vec();
    let mut order: Vec<(&SideView, &Skill)> = Vec::new();
    while !left.is_empty() {
        // Ready: nothing left is a prerequisite of it.
        let ready: Vec<usize> = (0..left.len())
            .filter(|&i| {
                !left.iter().any(|(_, other)| {
                    other.id != left[i].1.id && needs_chain(catalog, other, left[i].1).is_some()
                })
            })
            .collect();
        let best = ready
            .into_iter()
            .min_by(|&i, &j| compare_for_order(catalog, left[i], left[j], role))
            .unwrap_or(0);
        order.push(left.remove(best));
    }
    let (first_view, first) = order[0];
    let (second_view, second) = order[1];
    let reason = if let Some(chain) = needs_chain(catalog, first, second) {
        if chain.len() <= 2 {
            format!("{} builds on it", second_view.name)
        } else {
            format!(
                "{} builds on it (through {})",
                second_view.name,
                chain[1..chain.len() - 1].join(", ")
            )
        }
    } else if let Some(role) = role
        && target(catalog, role, &first.id).map(|t| t.weight)
            != target(catalog, role, &second.id).map(|t| t.weight)
    {
        format!(
            "for your role ({}) {} is {} while {} is {}",
            role.name,
            first_view.name,
            weight_name(target(catalog, role, &first.id)),
            second_view.name,
            weight_name(target(catalog, role, &second.id))
        )
    } else if let Some(role) = role
        && let Some(any) = target(catalog, role, &first.id).and_then(Target::any_of)
        && target(catalog, role, &second.id).and_then(Target::any_of) == Some(any)
        && preference(catalog, role, &first.id) != preference(catalog, role, &second.id)
    {
        format!(
            "for your role ({}) any one skill of {} will do, and the role suggests {} before {}",
            role.name,
            catalog.category_of(first).name,
            first_view.name,
            second_view.name
        )
    } else if stage(catalog, first) != stage(catalog, second) {
        let (a, b) = (catalog.category_of(first), catalog.category_of(second));
        if b.stage == 0 {
            format!(
                "{} is a soft skill, practised alongside everything else",
                second_view.name
            )
        } else {
            format!(
                "the learning order puts {} (step {}) before {} (step {})",
                a.name, a.stage, b.name, b.stage
            )
        }
    } else if core_roles(first_view) != core_roles(second_view) {
        format!(
            "both sit at the same step of the learning order, and more roles count {} as core \
             ({} against {})",
            first_view.name,
            core_roles(first_view),
            core_roles(second_view)
        )
    } else if first.learning_months.is_some()
        && first.learning_months.map(|m| m[1])
            < second.learning_months.map(|m| m[1]).or(Some(f32::MAX))
    {
        format!(
            "both sit at the same step of the learning order, and {} is quicker to learn ({} \
             against {})",
            first_view.name,
            months(first.learning_months),
            months(second.learning_months)
        )
    } else {
        let names: Vec<String> = order.iter().map(|(v, _)| v.name.clone()).collect();
        return Some(format!(
            "Either order works: neither of {} builds on the other and they sit at the same step \
             of the learning order. Pick the one your team uses.",
            join_and(&names)
        ));
    };
    let mut out = format!("Learn {} first: {reason}.", first_view.name);
    if order.len() > 2 {
        let names: Vec<String> = order.iter().map(|(v, _)| v.name.clone()).collect();
        let _ = write!(out, " Suggested order: {}.", names.join(" → "));
    }
    Some(out)
}

fn weight_name(target: Option<&Target>) -> &'static str {
    target.map_or("not part of it", |t| t.weight.as_str())
}

/// Plan order between two skills that do not need each other, as the
/// recommender ranks: the heavier weight for the role (and the role's
/// suggestion among "any language" picks), the earlier learning step, more
/// roles counting it as core, the shorter learning time, the catalog id.
fn compare_for_order(
    catalog: &Catalog,
    (a_view, a): (&SideView, &Skill),
    (b_view, b): (&SideView, &Skill),
    role: Option<&Role>,
) -> std::cmp::Ordering {
    let high = |s: &Skill| s.learning_months.map_or(f32::MAX, |m| m[1]);
    let by_role = |role: &Role| {
        let weight = |s: &Skill| target(catalog, role, &s.id).map(|t| t.weight);
        weight(b)
            .cmp(&weight(a))
            .then_with(|| preference(catalog, role, &a.id).cmp(&preference(catalog, role, &b.id)))
    };
    role.map_or(std::cmp::Ordering::Equal, by_role)
        .then_with(|| stage(catalog, a).cmp(&stage(catalog, b)))
        .then_with(|| core_roles(b_view).cmp(&core_roles(a_view)))
        .then_with(|| high(a).total_cmp(&high(b)))
        .then_with(|| a.id.cmp(&b.id))
}

/// "For your role (Java backend developer): Java is core (target level 4)
/// and Python is not part of it." Skills the role takes as "any one of a
/// category" are said so, with the role's suggestion.
fn for_role(catalog: &Catalog, role: &Role, skills: &[(&SideView, &Skill)]) -> Option<String> {
    if skills.is_empty() {
        return None;
    }
    // One entry per skill: sides under one skill ("kafka", "rabbitmq")
    // share its target.
    let mut by_skill: Vec<(&Skill, Vec<&SideView>)> = Vec::new();
    for (view, skill) in skills {
        match by_skill.iter_mut().find(|(s, _)| s.id == skill.id) {
            Some((_, views)) => views.push(view),
            None => by_skill.push((skill, vec![view])),
        }
    }
    let label = |skill: &Skill, views: &[&SideView]| {
        if views.len() == 1 && views[0].skill_name.as_deref() == Some(views[0].name.as_str()) {
            views[0].name.clone()
        } else {
            let names: Vec<String> = views.iter().map(|v| v.name.clone()).collect();
            format!("{} ({})", skill.name, join_and(&names))
        }
    };
    let mut parts: Vec<String> = Vec::new();
    let mut any_done: Vec<&str> = Vec::new();
    for (skill, views) in &by_skill {
        match target(catalog, role, &skill.id) {
            Some(t) if t.any_of().is_none() => parts.push(format!(
                "{} is {} (target level {})",
                label(skill, views),
                t.weight.as_str(),
                t.level
            )),
            Some(t) => {
                let category = t.any_of().unwrap_or_default();
                if any_done.contains(&category) {
                    continue;
                }
                any_done.push(category);
                let mut same: Vec<(&Skill, &Vec<&SideView>)> = by_skill
                    .iter()
                    .filter(|(s, _)| {
                        target(catalog, role, &s.id).and_then(Target::any_of) == Some(category)
                    })
                    .map(|(s, v)| (*s, v))
                    .collect();
                same.sort_by_key(|(s, _)| preference(catalog, role, &s.id));
                let names: Vec<String> = same.iter().map(|(s, v)| label(s, v)).collect();
                let mut part = format!(
                    "any one skill of {} is {} (target level {}), and {} {}",
                    catalog.category_of(skill).name,
                    t.weight.as_str(),
                    t.level,
                    join_and(&names),
                    match names.len() {
                        1 => "counts",
                        2 => "both count",
                        _ => "all count",
                    }
                );
                if names.len() > 1 && preference(catalog, role, &same[0].0.id) != usize::MAX {
                    let _ = write!(part, "; the role suggests {} first", names[0]);
                }
                parts.push(part);
            }
            None => parts.push(format!("{} is not part of it", label(skill, views))),
        }
    }
    Some(format!(
        "For your role ({}): {}.",
        role.name,
        join_and(&parts)
    ))
}

/// "I have material on Kafka but not on Pulsar."
fn message(sides: &[SideView]) -> Option<String> {
    let (known, unknown): (Vec<&SideView>, Vec<&SideView>) = sides.iter().partition(|s| s.known);
    if unknown.is_empty() {
        return None;
    }
    let names =
        |list: &[&SideView]| join_and(&list.iter().map(|s| s.name.clone()).collect::<Vec<_>>());
    Some(if known.is_empty() {
        format!("I have no material on {} yet.", names(&unknown))
    } else {
        format!(
            "I have material on {} but not on {}.",
            names(&known),
            names(&unknown)
        )
    })
}

/// A one-line title: "Python vs Java".
pub fn title(view: &ComparisonView) -> String {
    view.sides
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(" vs ")
}

/// Side `i` of `view` as [`render_side`] writes it, except that sides under
/// one catalog skill show its facts once, under the first of them.
pub fn render_side_of(view: &ComparisonView, i: usize) -> String {
    let side = &view.sides[i];
    let repeated = side.id.is_some() && view.sides[..i].iter().any(|s| s.id == side.id);
    if repeated {
        let mut short = side.clone();
        short.description = None;
        short.roles.clear();
        short.id = None;
        render_side(&short)
    } else {
        render_side(side)
    }
}

/// One side as a few Markdown lines (a Discord embed field's value).
pub fn render_side(side: &SideView) -> String {
    let mut out = String::new();
    if !side.known {
        let _ = writeln!(out, "No material on {} yet.", side.name);
        return out;
    }
    if let Some(skill) = &side.skill_name
        && skill != &side.name
    {
        let _ = writeln!(out, "Catalog skill: {skill}");
    }
    if let Some(description) = &side.description {
        let _ = writeln!(out, "{description}");
    }
    if side.id.is_some() {
        let _ = writeln!(out, "Learning time: {}", months(side.learning_months));
        let mut prerequisites = side.prerequisites.clone();
        prerequisites.extend(
            side.prerequisites_any_of
                .iter()
                .map(|c| format!("any {c} skill")),
        );
        let _ = writeln!(
            out,
            "Prerequisites: {}",
            if prerequisites.is_empty() {
                "none".to_string()
            } else {
                prerequisites.join(", ")
            }
        );
        let by_weight = |weight: &str| {
            side.roles
                .iter()
                .filter(|r| r.weight == weight)
                .map(role_label)
                .collect::<Vec<_>>()
                .join(", ")
        };
        for weight in ["core", "important", "nice-to-have"] {
            let roles = by_weight(weight);
            if !roles.is_empty() {
                let _ = writeln!(out, "{} for: {roles}", capitalise(weight));
            }
        }
    }
    if let Some(p) = &side.passage {
        let _ = writeln!(out, "> {}\n— {} › {}", p.text, p.source, p.section);
    }
    out
}

/// "Java backend developer", or "Backend developer (any language)" when the
/// role takes any skill of the category.
fn role_label(need: &RoleNeedView) -> String {
    match &need.any_of {
        Some(category) => format!("{} (any {category})", need.name),
        None => need.name.clone(),
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        // "Decoupling services…" but not "PHP's…" or "JavaScript with…".
        Some(c) if chars.clone().next().is_some_and(char::is_lowercase) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => text.to_string(),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The whole comparison as Markdown text (what `ask` prints).
pub fn render(view: &ComparisonView) -> String {
    let mut out = String::new();
    let _ = write!(out, "**{}**", title(view));
    if let Some(context) = &view.context {
        let _ = write!(out, " (for {context})");
    }
    out.push('\n');
    if let Some(message) = &view.message {
        let _ = writeln!(out, "{message}");
    }
    for p in view.passage.iter().chain(&view.pairs) {
        let _ = writeln!(out, "\n{}\n  — {} › {}", p.text, p.source, p.section);
    }
    for (i, side) in view.sides.iter().enumerate() {
        let _ = writeln!(out, "\n**{}**", side.name);
        for line in render_side_of(view, i).lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
    if !view.differences.is_empty() {
        let _ = writeln!(out, "\nHow they differ:");
        for d in &view.differences {
            let _ = writeln!(out, "  · {d}");
        }
    }
    if let Some(first) = &view.which_first {
        let _ = writeln!(out, "\nWhich first? {first}");
    }
    if let Some(line) = &view.for_role {
        let _ = writeln!(out, "\n{line}");
    }
    out
}

#[cfg(test)]
mod tests {
    use skillbot_index::Side;

    use super::*;

    fn comparison(sides: &[(&str, Option<&str>, bool)], which_first: bool) -> Comparison {
        Comparison {
            sides: sides
                .iter()
                .map(|(term, skill, known)| Side {
                    term: term.to_string(),
                    skill: skill.map(str::to_string),
                    known: *known,
                })
                .collect(),
            which_first,
            choice: which_first,
            context: None,
            as_typed: None,
        }
    }

    fn quote(text: &str) -> QuoteView {
        QuoteView {
            source: "x.md".into(),
            section: "S".into(),
            text: text.into(),
        }
    }

    #[test]
    fn sides_carry_catalog_facts() {
        let catalog = Catalog::builtin();
        let c = comparison(
            &[
                ("k8s", Some("kubernetes"), true),
                ("docker", Some("docker"), true),
            ],
            false,
        );
        let view = compose(
            catalog,
            &c,
            None,
            vec![Some(quote("Kubernetes runs containers.")), None],
            None,
        );
        let k8s = &view.sides[0];
        assert_eq!(k8s.name, "Kubernetes");
        assert_eq!(k8s.term, "k8s");
        assert_eq!(k8s.prerequisites, ["docker"]);
        assert_eq!(
            k8s.learning_months,
            catalog.skill("kubernetes").unwrap().learning_months
        );
        assert!(k8s.description.as_deref().is_some_and(|d| !d.is_empty()));
        assert_eq!(
            k8s.passage.as_ref().unwrap().text,
            "Kubernetes runs containers."
        );
        assert!(view.sides[1].passage.is_none());
        assert!(
            view.sides[1]
                .roles
                .iter()
                .any(|r| r.role == "backend-developer" && r.weight == "important" && r.level == 2)
        );
        assert!(view.which_first.is_none(), "not asked");
        assert!(view.message.is_none());
        assert!(
            view.differences
                .iter()
                .any(|d| d == "Kubernetes builds on Docker, so Docker comes first."),
            "{:?}",
            view.differences
        );
    }

    #[test]
    fn a_side_is_called_by_its_skill_only_when_it_is_that_skill() {
        let catalog = Catalog::builtin();
        for (term, id, name) in [
            ("k8s", "kubernetes", "Kubernetes"),
            ("node.js", "nodejs", "Node.js"),
            ("python3", "python", "Python"),
            ("linux", "linux-cli", "Linux command line"),
            ("jwt", "authentication", "JWT"),
            ("postgres", "relational-databases", "Postgres"),
            ("aws", "cloud", "AWS"),
        ] {
            let c = comparison(&[(term, Some(id), true), ("git", Some("git"), true)], false);
            assert_eq!(
                compose(catalog, &c, None, vec![], None).sides[0].name,
                name,
                "{term}"
            );
        }
    }

    #[test]
    fn sides_are_spelled_as_the_material_spells_them() {
        let texts = vec![
            "Kafka keeps a log. Unlike Kafka, RabbitMQ routes messages.".to_string(),
            "Éclair İstanbul ﬁle — gRPC".to_string(),
        ];
        assert_eq!(spelled("rabbitmq", &texts), "RabbitMQ");
        assert_eq!(spelled("kafka", &texts), "Kafka");
        assert_eq!(
            spelled("grpc", &texts[1..]),
            "GRPC",
            "text changes length when lower-cased"
        );
        assert_eq!(spelled("pulsar", &texts), "Pulsar");
        assert_eq!(spelled("ec2", &texts), "EC2");
        assert_eq!(spelled("", &texts), "");
    }

    #[test]
    fn which_first_follows_prerequisites_then_learning_steps() {
        let catalog = Catalog::builtin();
        for (sides, expected) in [
            (
                [("kubernetes", "kubernetes"), ("docker", "docker")],
                "Learn Docker first: Kubernetes builds on it.",
            ),
            (
                [("rest", "rest-api"), ("python", "python")],
                "Learn Python first: REST APIs builds on it.",
            ),
            (
                [("docker", "docker"), ("sql", "sql")],
                "Learn SQL first: the learning order puts Databases and data (step 2) before Cloud and deployment (step 6).",
            ),
        ] {
            let c = comparison(
                &[
                    (sides[0].0, Some(sides[0].1), true),
                    (sides[1].0, Some(sides[1].1), true),
                ],
                true,
            );
            let view = compose(catalog, &c, None, vec![], None);
            assert_eq!(view.which_first.as_deref(), Some(expected));
        }
    }

    #[test]
    fn a_role_personalises_the_answer() {
        let catalog = Catalog::builtin();
        let c = comparison(
            &[
                ("java", Some("java"), true),
                ("python", Some("python"), true),
            ],
            true,
        );
        let java_role = catalog.role("java-backend-developer").unwrap();
        let view = compose(catalog, &c, None, vec![], Some(java_role));
        assert_eq!(
            view.for_role.as_deref(),
            Some(
                "For your role (Java backend developer): Java is core (target level 4) and \
                 Python is not part of it."
            )
        );
        assert_eq!(
            view.which_first.as_deref(),
            Some(
                "Learn Java first: for your role (Java backend developer) Java is core while \
                 Python is not part of it."
            )
        );
        // A role that takes any language: both count, the role's suggestion first.
        let generic = catalog.role("backend-developer").unwrap();
        let view = compose(catalog, &c, None, vec![], Some(generic));
        let line = view.for_role.unwrap();
        assert!(line.contains("Python and Java both count"), "{line}");
        assert!(line.contains("the role suggests Python first"), "{line}");
        let first = view.which_first.unwrap();
        assert!(first.starts_with("Learn Python first:"), "{first}");
        assert!(first.contains("suggests Python before Java"), "{first}");
        // Without a role the answer does not pretend to know one.
        let view = compose(catalog, &c, None, vec![], None);
        assert_eq!(view.for_role, None);
        assert!(
            view.sides[1]
                .roles
                .iter()
                .any(|r| r.role == "backend-developer" && r.any_of.as_deref() == Some("language"))
        );
    }

    #[test]
    fn an_unknown_side_is_said_not_dropped() {
        let catalog = Catalog::builtin();
        let c = comparison(
            &[
                ("Kafka", Some("message-queues"), true),
                ("Pulsar", None, false),
            ],
            false,
        );
        let view = compose(
            catalog,
            &c,
            None,
            vec![Some(quote("Kafka keeps a log.")), None],
            None,
        );
        assert_eq!(view.sides.len(), 2);
        assert_eq!(
            view.message.as_deref(),
            Some("I have material on Kafka but not on Pulsar.")
        );
        assert_eq!(view.sides[0].name, "Kafka");
        assert_eq!(view.sides[0].skill_name.as_deref(), Some("Message queues"));
        assert!(render(&view).contains("Catalog skill: Message queues"));
        assert!(!view.sides[1].known);
        assert!(render(&view).contains("No material on Pulsar yet."));
    }

    #[test]
    fn sides_under_one_skill_keep_their_own_words() {
        let catalog = Catalog::builtin();
        let c = comparison(
            &[
                ("kafka", Some("message-queues"), true),
                ("rabbitmq", Some("message-queues"), true),
            ],
            true,
        );
        let view = compose(
            catalog,
            &c,
            Some(quote("Kafka is a log; RabbitMQ routes messages.")),
            vec![],
            None,
        );
        assert_eq!(view.sides[0].name, "Kafka");
        assert_eq!(view.sides[1].name, "RabbitMQ");
        assert!(
            view.differences.is_empty(),
            "the catalog cannot tell them apart"
        );
        assert!(
            view.which_first
                .as_deref()
                .unwrap()
                .contains("does not rank them")
        );
        assert!(render(&view).contains("Kafka is a log; RabbitMQ routes messages."));
    }

    #[test]
    fn plain_terms_have_no_catalog_facts() {
        let catalog = Catalog::builtin();
        let c = comparison(&[("merge", None, true), ("rebase", None, true)], true);
        let view = compose(
            catalog,
            &c,
            None,
            vec![
                Some(quote("merge keeps history")),
                Some(quote("rebase rewrites it")),
            ],
            None,
        );
        assert!(
            view.sides
                .iter()
                .all(|s| s.id.is_none() && s.roles.is_empty())
        );
        assert_eq!(view.which_first, None);
        assert_eq!(view.message, None);
        assert_eq!(title(&view), "Merge vs Rebase");
    }

    #[test]
    fn three_sides_get_an_order() {
        let catalog = Catalog::builtin();
        let c = comparison(
            &[
                ("kubernetes", Some("kubernetes"), true),
                ("linux", Some("linux-cli"), true),
                ("docker", Some("docker"), true),
            ],
            true,
        );
        let view = compose(catalog, &c, None, vec![], None);
        let first = view.which_first.unwrap();
        assert!(
            first.contains("Suggested order: Linux command line → Docker → Kubernetes."),
            "{first}"
        );
    }

    #[test]
    fn the_view_serializes_to_the_documented_keys() {
        let catalog = Catalog::builtin();
        let c = comparison(
            &[("sql", Some("sql"), true), ("nosql", Some("nosql"), true)],
            false,
        );
        let v = serde_json::to_value(compose(catalog, &c, None, vec![], None)).unwrap();
        for key in [
            "sides",
            "passage",
            "differences",
            "which_first",
            "for_role",
            "message",
            "context",
        ] {
            assert!(v.get(key).is_some(), "no {key}: {v}");
        }
        for key in [
            "term",
            "id",
            "name",
            "description",
            "learning_months",
            "roles",
            "prerequisites",
            "passage",
            "known",
        ] {
            assert!(v["sides"][0].get(key).is_some(), "side lacks {key}: {v}");
        }
    }
}
