use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::suggest::closest;
use crate::{Error, Level, Levels};

const BUILTIN: &str = include_str!("../data/catalog.toml");

/// How much a role cares about a skill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Weight {
    NiceToHave,
    Important,
    Core,
}

impl Weight {
    /// The label used in files, JSON and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Weight::Core => "core",
            Weight::Important => "important",
            Weight::NiceToHave => "nice-to-have",
        }
    }

    pub(crate) fn factor(self) -> f64 {
        match self {
            Weight::Core => 3.0,
            Weight::Important => 2.0,
            Weight::NiceToHave => 1.0,
        }
    }
}

/// A group of skills with its place in the learning order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub name: String,
    /// Learning-order stage: 1 comes first. 0 means "alongside": never
    /// blocking, spread through a plan.
    pub stage: u8,
    /// Months to reach working proficiency when a skill has no figure of its
    /// own; shown as a rough estimate.
    #[serde(default = "default_months")]
    pub default_months: [f32; 2],
}

fn default_months() -> [f32; 2] {
    [1.0, 3.0]
}

/// One skill of the catalog.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    pub id: String,
    pub name: String,
    pub category: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub prerequisites: Vec<String>,
    /// Months to reach working proficiency from scratch, where the source
    /// material gives a figure.
    #[serde(default)]
    pub learning_months: Option<[f32; 2]>,
    pub description: String,
}

/// A role's target for one skill, or for any one skill of a category.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// A skill id, or `any:CATEGORY` when any skill of the category will do
    /// (e.g. `any:language`: a main language, whichever it is).
    pub skill: String,
    pub level: u8,
    pub weight: Weight,
    /// For an `any:` target: the skills to suggest, best first, to a member
    /// who has none of the category yet.
    #[serde(default)]
    pub prefer: Vec<String>,
}

impl Target {
    /// The target level (validated at load).
    pub fn level(&self) -> Level {
        Level::try_from(self.level).unwrap_or(Level::EXPERT)
    }

    /// The category of an `any:CATEGORY` target.
    pub fn any_of(&self) -> Option<&str> {
        self.skill.strip_prefix("any:")
    }
}

/// What a role target asks for, by index.
#[derive(Debug, Clone)]
pub(crate) enum Goal {
    Skill(usize),
    /// Any skill of a category; `prefer` orders suggestions.
    Any {
        category: usize,
        prefer: Vec<usize>,
    },
}

/// A validated role target.
#[derive(Debug, Clone)]
pub(crate) struct RoleTarget {
    pub(crate) goal: Goal,
    pub(crate) level: Level,
    pub(crate) weight: Weight,
}

/// A role and the levels it expects.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub targets: Vec<Target>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    /// In a team file: `true` replaces the built-in catalog instead of
    /// extending it.
    #[serde(default)]
    replace_builtin: bool,
    #[serde(default)]
    categories: Vec<Category>,
    #[serde(default)]
    skills: Vec<Skill>,
    #[serde(default)]
    roles: Vec<Role>,
}

/// A validated catalog of skills and roles.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub(crate) categories: Vec<Category>,
    pub(crate) skills: Vec<Skill>,
    pub(crate) roles: Vec<Role>,
    /// Every lowercase id, name and alias → skill index.
    lookup: HashMap<String, usize>,
    /// Per skill: indices of its direct prerequisites.
    pub(crate) prereqs: Vec<Vec<usize>>,
    /// Per skill: categories of which it needs at least one skill ("any:").
    pub(crate) any_prereqs: Vec<Vec<usize>>,
    /// Per category: its skills, in catalog order.
    pub(crate) category_skills: Vec<Vec<usize>>,
    /// Per skill: the skills that list it as a prerequisite, directly or
    /// through "any:" its category.
    pub(crate) direct_dependents: Vec<Vec<usize>>,
    /// Per skill: index into `categories`.
    pub(crate) category_of: Vec<usize>,
    /// Per role, its validated targets.
    pub(crate) role_targets: Vec<Vec<RoleTarget>>,
}

impl Catalog {
    /// The catalog embedded in this crate, parsed once.
    pub fn builtin() -> &'static Catalog {
        static BUILT: OnceLock<Catalog> = OnceLock::new();
        BUILT.get_or_init(|| {
            Catalog::from_toml(BUILTIN)
                .expect("the embedded catalog is validated by the test suite")
        })
    }

    /// The text of the embedded catalog, e.g. to write out as a template.
    pub fn builtin_source() -> &'static str {
        BUILTIN
    }

    /// Parses and validates a complete catalog in the TOML format of the
    /// embedded one.
    pub fn from_toml(text: &str) -> Result<Catalog, Error> {
        Catalog::validate(parse_file(text)?)
    }

    /// Loads a team's catalog file. By default it extends the built-in
    /// catalog: categories, skills and roles with a new id are added, and an
    /// entry with an existing id replaces the built-in one as a whole. A file
    /// with `replace_builtin = true` at the top is a complete catalog on its
    /// own. Either way the result is validated as one catalog.
    pub fn from_team_file(text: &str) -> Result<Catalog, Error> {
        let team = parse_file(text)?;
        if team.replace_builtin {
            return Catalog::validate(team);
        }
        let mut merged = parse_file(BUILTIN)?;
        merge_by_id(&mut merged.categories, team.categories, |c| &c.id);
        merge_by_id(&mut merged.skills, team.skills, |s| &s.id);
        merge_by_id(&mut merged.roles, team.roles, |r| &r.id);
        Catalog::validate(merged)
    }

    fn validate(file: CatalogFile) -> Result<Catalog, Error> {
        let CatalogFile {
            replace_builtin: _,
            categories,
            skills,
            roles,
        } = file;
        let entry = |entry: &str, problem: String| Error::CatalogEntry {
            entry: entry.to_string(),
            problem,
        };
        if skills.is_empty() {
            return Err(entry("skills", "the catalog has no skills".into()));
        }
        let mut category_index = HashMap::new();
        for (i, c) in categories.iter().enumerate() {
            if category_index.insert(c.id.as_str(), i).is_some() {
                return Err(entry(&c.id, "duplicate category id".into()));
            }
            check_months(&c.id, c.default_months)?;
        }
        let mut lookup: HashMap<String, usize> = HashMap::new();
        let mut ids: HashMap<&str, usize> = HashMap::new();
        for (i, s) in skills.iter().enumerate() {
            if !is_valid_id(&s.id) {
                return Err(entry(
                    &s.id,
                    "ids are lowercase letters, digits and '-'".into(),
                ));
            }
            if ids.insert(s.id.as_str(), i).is_some() {
                return Err(entry(&s.id, "duplicate skill id".into()));
            }
            if s.name.trim().is_empty() || s.description.trim().is_empty() {
                return Err(entry(
                    &s.id,
                    "name and description must not be empty".into(),
                ));
            }
            if let Some(months) = s.learning_months {
                check_months(&s.id, months)?;
            }
        }
        let mut category_of = Vec::with_capacity(skills.len());
        for (i, s) in skills.iter().enumerate() {
            let Some(&c) = category_index.get(s.category.as_str()) else {
                return Err(entry(&s.id, format!("unknown category '{}'", s.category)));
            };
            category_of.push(c);
            let mut keys = vec![s.id.to_lowercase(), s.name.to_lowercase()];
            keys.extend(s.aliases.iter().map(|a| a.trim().to_lowercase()));
            keys.sort();
            keys.dedup();
            for key in keys {
                if key.is_empty() {
                    return Err(entry(&s.id, "empty alias".into()));
                }
                if let Some(&other) = lookup.get(&key)
                    && other != i
                {
                    return Err(entry(
                        &s.id,
                        format!(
                            "name or alias '{key}' is also used by '{}'",
                            skills[other].id
                        ),
                    ));
                }
                lookup.insert(key, i);
            }
        }
        let mut category_skills = vec![Vec::new(); categories.len()];
        for (i, &c) in category_of.iter().enumerate() {
            category_skills[c].push(i);
        }
        let mut prereqs = Vec::with_capacity(skills.len());
        let mut any_prereqs = Vec::with_capacity(skills.len());
        for s in &skills {
            let mut list = Vec::new();
            let mut any = Vec::new();
            for p in &s.prerequisites {
                if let Some(category) = p.strip_prefix("any:") {
                    let Some(&c) = category_index.get(category) else {
                        return Err(entry(&s.id, format!("unknown prerequisite category '{p}'")));
                    };
                    if category_skills[c].is_empty() || any.contains(&c) {
                        return Err(entry(
                            &s.id,
                            format!("prerequisite '{p}' is empty or repeated"),
                        ));
                    }
                    any.push(c);
                    continue;
                }
                let Some(&j) = ids.get(p.as_str()) else {
                    return Err(entry(&s.id, format!("unknown prerequisite '{p}'")));
                };
                if list.contains(&j) {
                    return Err(entry(&s.id, format!("prerequisite '{p}' listed twice")));
                }
                list.push(j);
            }
            prereqs.push(list);
            any_prereqs.push(any);
        }
        // For cycles, "any:" stands for every skill of the category.
        let edges: Vec<Vec<usize>> = (0..skills.len())
            .map(|i| {
                let mut e = prereqs[i].clone();
                for &c in &any_prereqs[i] {
                    e.extend(&category_skills[c]);
                }
                e
            })
            .collect();
        if let Some(cycle) = find_cycle(&edges) {
            return Err(Error::CatalogCycle {
                cycle: cycle.into_iter().map(|i| skills[i].id.clone()).collect(),
            });
        }
        let mut direct_dependents = vec![Vec::new(); skills.len()];
        for (dependent, e) in edges.iter().enumerate() {
            for &p in e {
                if !direct_dependents[p].contains(&dependent) {
                    direct_dependents[p].push(dependent);
                }
            }
        }
        let mut role_ids = HashMap::new();
        let mut role_targets = Vec::with_capacity(roles.len());
        for r in &roles {
            if !is_valid_id(&r.id) {
                return Err(entry(
                    &r.id,
                    "ids are lowercase letters, digits and '-'".into(),
                ));
            }
            if role_ids.insert(r.id.as_str(), ()).is_some() {
                return Err(entry(&r.id, "duplicate role id".into()));
            }
            let mut targets: Vec<RoleTarget> = Vec::new();
            for t in &r.targets {
                let goal = match t.any_of() {
                    Some(category) => {
                        let Some(&c) = category_index.get(category) else {
                            return Err(entry(
                                &r.id,
                                format!("unknown category '{category}' in targets"),
                            ));
                        };
                        if category_skills[c].is_empty() {
                            return Err(entry(
                                &r.id,
                                format!("target '{}' has no skills", t.skill),
                            ));
                        }
                        let mut prefer = Vec::new();
                        for p in &t.prefer {
                            match ids.get(p.as_str()) {
                                Some(&j) if category_of[j] == c && !prefer.contains(&j) => {
                                    prefer.push(j)
                                }
                                _ => {
                                    return Err(entry(
                                        &r.id,
                                        format!(
                                            "'{p}' in prefer of '{}' is not a distinct skill \
                                             of that category",
                                            t.skill
                                        ),
                                    ));
                                }
                            }
                        }
                        Goal::Any {
                            category: c,
                            prefer,
                        }
                    }
                    None => {
                        let Some(&j) = ids.get(t.skill.as_str()) else {
                            return Err(entry(
                                &r.id,
                                format!("unknown skill '{}' in targets", t.skill),
                            ));
                        };
                        if !t.prefer.is_empty() {
                            return Err(entry(
                                &r.id,
                                format!("prefer is only for 'any:' targets, not '{}'", t.skill),
                            ));
                        }
                        Goal::Skill(j)
                    }
                };
                let level = Level::try_from(t.level)
                    .ok()
                    .filter(|l| *l > Level::NONE)
                    .ok_or_else(|| {
                        entry(
                            &r.id,
                            format!("target level {} for '{}' is not 1–5", t.level, t.skill),
                        )
                    })?;
                let same = |other: &RoleTarget| match (&other.goal, &goal) {
                    (Goal::Skill(a), Goal::Skill(b)) => a == b,
                    (Goal::Any { category: a, .. }, Goal::Any { category: b, .. }) => a == b,
                    _ => false,
                };
                if targets.iter().any(same) {
                    return Err(entry(&r.id, format!("skill '{}' targeted twice", t.skill)));
                }
                targets.push(RoleTarget {
                    goal,
                    level,
                    weight: t.weight,
                });
            }
            role_targets.push(targets);
        }
        Ok(Catalog {
            categories,
            skills,
            roles,
            lookup,
            prereqs,
            any_prereqs,
            category_skills,
            direct_dependents,
            category_of,
            role_targets,
        })
    }

    /// All skills, in catalog order.
    pub fn skills(&self) -> &[Skill] {
        &self.skills
    }

    /// All roles, in catalog order.
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    /// All categories, in catalog order.
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// The category of a skill.
    pub fn category_of(&self, skill: &Skill) -> &Category {
        let index = self.index_of(&skill.id).unwrap_or(0);
        &self.categories[self.category_of[index]]
    }

    /// Finds a skill by id, name or alias, ignoring case.
    pub fn skill(&self, name: &str) -> Result<&Skill, Error> {
        self.lookup
            .get(&name.trim().to_lowercase())
            .map(|&i| &self.skills[i])
            .ok_or_else(|| Error::UnknownSkill {
                given: name.trim().to_string(),
                suggestions: self.suggest_skill(name),
            })
    }

    /// Finds a role by id.
    pub fn role(&self, id: &str) -> Result<&Role, Error> {
        let wanted = id.trim().to_lowercase();
        self.roles
            .iter()
            .find(|r| r.id == wanted)
            .ok_or_else(|| Error::UnknownRole {
                given: id.trim().to_string(),
                suggestions: closest(&wanted, self.roles.iter().map(|r| r.id.as_str())),
            })
    }

    /// The target `role` sets for `skill` (an id): its own target, else an
    /// `any:` target of the skill's category (Java is a main language for
    /// backend-developer).
    pub fn target_for<'a>(&self, role: &'a Role, skill: &str) -> Option<&'a Target> {
        let own = role.targets.iter().find(|t| t.skill == skill);
        own.or_else(|| {
            let category = &self.skill(skill).ok()?.category;
            role.targets
                .iter()
                .find(|t| t.any_of() == Some(category.as_str()))
        })
    }

    /// Names and aliases a text tagger should look for, per skill id:
    /// `(id, [name, aliases…])`.
    pub fn skill_names(&self) -> Vec<(String, Vec<String>)> {
        self.skills
            .iter()
            .map(|s| {
                let mut names = vec![s.name.clone()];
                names.extend(s.aliases.iter().cloned());
                (s.id.clone(), names)
            })
            .collect()
    }

    fn suggest_skill(&self, name: &str) -> Vec<String> {
        let wanted = name.trim().to_lowercase();
        let mut out: Vec<String> = Vec::new();
        for key in closest(&wanted, self.lookup.keys().map(String::as_str)) {
            let id = &self.skills[self.lookup[&key]].id;
            if !out.contains(id) {
                out.push(id.clone());
            }
        }
        out
    }

    pub(crate) fn index_of(&self, id: &str) -> Option<usize> {
        self.lookup.get(&id.to_lowercase()).copied()
    }

    pub(crate) fn role_index(&self, role: &Role) -> usize {
        self.roles
            .iter()
            .position(|r| r.id == role.id)
            .expect("roles come from this catalog")
    }

    /// Levels with no skill assessed yet.
    pub fn empty_levels(&self) -> Levels {
        Levels::unassessed(self.skills.len())
    }

    /// Builds levels from `(skill, level)` pairs; skills may be ids, names or
    /// aliases. Skills not given stay "not assessed". A skill given twice is
    /// an error.
    pub fn levels<'a>(
        &self,
        pairs: impl IntoIterator<Item = (&'a str, Level)>,
    ) -> Result<Levels, Error> {
        let mut levels = self.empty_levels();
        let mut seen = vec![false; self.skills.len()];
        for (name, level) in pairs {
            let skill = self.skill(name)?;
            let i = self.index_of(&skill.id).expect("found above");
            if std::mem::replace(&mut seen[i], true) {
                return Err(Error::DuplicateLevel {
                    skill: skill.id.clone(),
                });
            }
            levels.set_at(i, level);
        }
        Ok(levels)
    }

    /// Parses `"id:level,id:level"` (ids, names or aliases; spaces allowed).
    /// Skills not listed stay "not assessed" (see
    /// [`Levels::fill_unassessed`] for input that lists everything known).
    pub fn parse_levels(&self, spec: &str) -> Result<Levels, Error> {
        let mut pairs = Vec::new();
        for entry in spec.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let Some((name, level)) = entry.rsplit_once(':') else {
                return Err(Error::MalformedLevels {
                    entry: entry.to_string(),
                });
            };
            if name.trim().is_empty() {
                return Err(Error::MalformedLevels {
                    entry: entry.to_string(),
                });
            }
            let skill = self.skill(name)?;
            pairs.push((skill.id.as_str(), Level::parse(&skill.id, level)?));
        }
        self.levels(pairs)
    }

    /// A member's level in one skill for ranking (0 when not assessed or
    /// for unknown ids).
    pub fn level_of(&self, levels: &Levels, skill: &str) -> Level {
        self.index_of(skill).map_or(Level::NONE, |i| levels.at(i))
    }

    /// A member's assessed level in one skill; `None` when never assessed.
    pub fn assessed_level_of(&self, levels: &Levels, skill: &str) -> Option<Level> {
        self.index_of(skill).and_then(|i| levels.assessed(i))
    }

    /// Every skill with a non-zero level: `(id, level)` in catalog order.
    pub fn known_levels<'a>(
        &'a self,
        levels: &'a Levels,
    ) -> impl Iterator<Item = (&'a str, Level)> {
        self.assessed_levels(levels)
            .filter(|(_, l)| *l > Level::NONE)
    }

    /// Every assessed skill, 0 included: `(id, level)` in catalog order.
    pub fn assessed_levels<'a>(
        &'a self,
        levels: &'a Levels,
    ) -> impl Iterator<Item = (&'a str, Level)> {
        self.skills
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((s.id.as_str(), levels.assessed(i)?)))
    }
}

fn parse_file(text: &str) -> Result<CatalogFile, Error> {
    toml::from_str(text).map_err(|e| Error::CatalogSyntax {
        message: e.to_string().trim().to_string(),
    })
}

/// Entries of `extra` replace the entry of `base` with the same id, in
/// place; the others are appended in their order.
fn merge_by_id<T>(base: &mut Vec<T>, extra: Vec<T>, id: impl Fn(&T) -> &String) {
    for item in extra {
        match base.iter().position(|b| id(b) == id(&item)) {
            Some(i) => base[i] = item,
            None => base.push(item),
        }
    }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn check_months(entry: &str, [lo, hi]: [f32; 2]) -> Result<(), Error> {
    if lo.is_finite() && hi.is_finite() && lo > 0.0 && lo <= hi && hi <= 120.0 {
        Ok(())
    } else {
        Err(Error::CatalogEntry {
            entry: entry.to_string(),
            problem: format!("learning months [{lo}, {hi}] must satisfy 0 < lo <= hi <= 120"),
        })
    }
}

/// A cycle in the prerequisite graph, as skill indices with the first repeated
/// at the end, or `None` for a DAG.
fn find_cycle(prereqs: &[Vec<usize>]) -> Option<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::New; prereqs.len()];
    let mut path: Vec<usize> = Vec::new();
    for start in 0..prereqs.len() {
        if mark[start] != Mark::New {
            continue;
        }
        // Iterative DFS: (node, next child position).
        let mut stack = vec![(start, 0usize)];
        mark[start] = Mark::Open;
        path.push(start);
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&child) = prereqs[node].get(*next) {
                *next += 1;
                match mark[child] {
                    Mark::Open => {
                        let from = path.iter().position(|&n| n == child).unwrap_or(0);
                        let mut cycle = path[from..].to_vec();
                        cycle.push(child);
                        return Some(cycle);
                    }
                    Mark::New => {
                        mark[child] = Mark::Open;
                        path.push(child);
                        stack.push((child, 0));
                    }
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                path.pop();
                stack.pop();
            }
        }
    }
    None
}
