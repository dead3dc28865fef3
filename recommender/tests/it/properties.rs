use proptest::prelude::*;
use skillbot_recommender::{Catalog, Coverage, Level, Levels, PREREQUISITE_LEVEL, Pace};

/// Any subset of skills assessed at any level (the rest not assessed).
fn arb_levels() -> impl Strategy<Value = Levels> {
    let catalog = Catalog::builtin();
    let n = catalog.skills().len();
    proptest::collection::vec((0usize..n, 0u8..=5), 0..25).prop_map(move |pairs| {
        let mut seen = std::collections::HashSet::new();
        let pairs: Vec<(&str, Level)> = pairs
            .into_iter()
            .filter(|(i, _)| seen.insert(*i))
            .map(|(i, l)| (catalog.skills()[i].id.as_str(), Level::try_from(l).unwrap()))
            .collect();
        catalog.levels(pairs).unwrap()
    })
}

/// Teammates' levels; the member is added to the coverage by the tests.
fn arb_teammates() -> impl Strategy<Value = Vec<Levels>> {
    proptest::collection::vec(arb_levels(), 0..6)
}

fn arb_pace() -> impl Strategy<Value = Pace> {
    (1u8..=Pace::MAX_AT_ONCE, 1u8..=Pace::MAX_HOURS).prop_map(|(k, h)| Pace::new(k, h).unwrap())
}

fn coverage(me: &Levels, mates: &[Levels]) -> Coverage {
    Catalog::builtin().coverage(std::iter::once(me).chain(mates))
}

/// A prerequisite (skill id or "any:CATEGORY") is met at beginner level.
fn met(levels: &Levels, prerequisite: &str) -> bool {
    let catalog = Catalog::builtin();
    match prerequisite.strip_prefix("any:") {
        Some(category) => catalog
            .skills()
            .iter()
            .filter(|s| s.category == category)
            .any(|s| catalog.level_of(levels, &s.id) >= PREREQUISITE_LEVEL),
        None => catalog.level_of(levels, prerequisite) >= PREREQUISITE_LEVEL,
    }
}

/// `levels` with `skill` raised to `level` (never lowered).
fn raised(levels: &Levels, skill: &str, level: Level) -> Levels {
    let catalog = Catalog::builtin();
    let mut pairs: Vec<(String, Level)> = catalog
        .assessed_levels(levels)
        .filter(|(id, _)| *id != skill)
        .map(|(id, l)| (id.to_string(), l))
        .collect();
    pairs.push((
        skill.to_string(),
        level.max(catalog.level_of(levels, skill)),
    ));
    catalog
        .levels(pairs.iter().map(|(id, l)| (id.as_str(), *l)))
        .unwrap()
}

fn arb_role() -> impl Strategy<Value = usize> {
    0..Catalog::builtin().roles().len()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn recommendations_are_ready_below_target_sorted_and_stable(
        levels in arb_levels(), r in arb_role(), mates in arb_teammates(),
    ) {
        let catalog = Catalog::builtin();
        let role = &catalog.roles()[r];
        let team = coverage(&levels, &mates);
        for team in [None, Some(&team)] {
            let recs = catalog.recommend(role, &levels, team);
            for rec in &recs {
                let skill = catalog.skill(&rec.skill).unwrap();
                for p in &skill.prerequisites {
                    prop_assert!(met(&levels, p), "{} recommended before its prerequisite {}", rec.skill, p);
                }
                prop_assert!(rec.from_level < rec.to_level);
                prop_assert_eq!(rec.from_level, catalog.level_of(&levels, &rec.skill));
                prop_assert_eq!(rec.assessed, catalog.assessed_level_of(&levels, &rec.skill).is_some());
                if let Some(t) = role.targets.iter().find(|t| t.skill == rec.skill) {
                    prop_assert!(rec.from_level.get() < t.level.max(PREREQUISITE_LEVEL.get()));
                }
                prop_assert!(rec.estimate.months[0] > 0.0 && rec.estimate.months[0] <= rec.estimate.months[1]);
                // Never "nobody knows it" unless most teammates assessed it.
                if rec.reasons.iter().any(|r| r.starts_with("nobody on the team")) {
                    let assessed = mates
                        .iter()
                        .filter(|m| catalog.assessed_level_of(m, &rec.skill).is_some())
                        .count();
                    prop_assert!(assessed * 2 > mates.len(), "{}: {assessed} of {}", rec.skill, mates.len());
                    prop_assert!(mates.iter().all(|m| catalog.level_of(m, &rec.skill) < Level::WORKING));
                }
                // An unassessed skill says so.
                let says = rec.reasons.iter().any(|r| r.contains("not assessed yet"));
                prop_assert_eq!(says, !rec.assessed, "{:?}", rec.reasons);
            }
            for w in recs.windows(2) {
                prop_assert!(w[0].score > w[1].score || (w[0].score == w[1].score && w[0].skill < w[1].skill));
            }
            prop_assert_eq!(&recs, &catalog.recommend(role, &levels, team));
            for k in [1, 5] {
                let top = catalog.recommend_top(role, &levels, team, k);
                prop_assert_eq!(&top[..], &recs[..k.min(recs.len())]);
            }
        }
    }

    #[test]
    fn unlocks_name_only_skills_that_were_not_reachable(levels in arb_levels(), r in arb_role()) {
        let catalog = Catalog::builtin();
        let role = &catalog.roles()[r];
        let recs = catalog.recommend(role, &levels, None);
        let startable: Vec<&str> = recs.iter().map(|r| r.skill.as_str()).collect();
        for rec in &recs {
            for reason in rec.reasons.iter().filter(|r| r.starts_with("newly unlocks")) {
                let listed = reason.split(": ").nth(1).unwrap().split(" and ").next().unwrap();
                for id in listed.split(", ") {
                    prop_assert!(!startable.contains(&id), "{}: {id} was startable already", rec.skill);
                    let unlocked = catalog.skill(id).unwrap();
                    let after = raised(&levels, &rec.skill, rec.to_level);
                    prop_assert!(unlocked.prerequisites.iter().all(|p| met(&after, p)), "{id} after {}", rec.skill);
                }
            }
        }
    }

    #[test]
    fn a_plan_orders_prerequisites_first_and_reaches_every_target(
        levels in arb_levels(), r in arb_role(), pace in arb_pace(),
    ) {
        let catalog = Catalog::builtin();
        let role = &catalog.roles()[r];
        let plan = catalog.plan_with(role, &levels, None, pace);
        let mut state = levels.clone();
        let mut done: Vec<&str> = Vec::new();
        for step in &plan.steps {
            let skill = catalog.skill(&step.skill).unwrap();
            // Prerequisites reach beginner level before a step starts: they
            // were there already or come earlier in the plan.
            for p in &skill.prerequisites {
                prop_assert!(met(&state, p), "{} before {}", step.skill, p);
            }
            prop_assert!(!done.contains(&step.skill.as_str()), "{} twice", step.skill);
            prop_assert!(step.from_level < step.to_level);
            prop_assert!(step.start_months[0] <= step.start_months[1]);
            prop_assert!(step.cumulative_months[0] <= step.cumulative_months[1]);
            for b in 0..2 {
                prop_assert!(step.cumulative_months[b] >= step.start_months[b] + step.estimate.months[b] - 0.5);
            }
            done.push(&step.skill);
            state = raised(&state, &step.skill, step.to_level);
        }
        for t in role.targets.iter().filter(|t| t.any_of().is_none()) {
            prop_assert!(catalog.level_of(&state, &t.skill).get() >= t.level, "{} not reached", t.skill);
        }
        // Once the plan is done, nothing is left to recommend or plan.
        prop_assert!(catalog.recommend(role, &state, None).is_empty());
        prop_assert!(catalog.plan(role, &state).steps.is_empty());
        // The last milestone is when the last step is done.
        if let Some(all) = plan.milestones.last() {
            for b in 0..2 {
                let last = plan.steps.iter().map(|s| s.cumulative_months[b]).fold(0.0, f32::max);
                prop_assert_eq!(all.months[b], last);
            }
            for w in plan.milestones.windows(2) {
                prop_assert!(w[0].months[0] <= w[1].months[0] && w[0].months[1] <= w[1].months[1]);
            }
        }
    }

    /// One rule: `/next`'s first pick is `/plan`'s first step, whatever the
    /// role, levels, team and pace.
    #[test]
    fn the_first_recommendation_is_the_first_plan_step(
        levels in arb_levels(), r in arb_role(), mates in arb_teammates(), pace in arb_pace(),
    ) {
        let catalog = Catalog::builtin();
        let role = &catalog.roles()[r];
        let team = coverage(&levels, &mates);
        for team in [None, Some(&team)] {
            let recs = catalog.recommend(role, &levels, team);
            let plan = catalog.plan_with(role, &levels, team, pace);
            match (recs.first(), plan.steps.first()) {
                (Some(rec), Some(step)) => {
                    prop_assert_eq!(&rec.skill, &step.skill);
                    prop_assert_eq!((rec.from_level, rec.to_level), (step.from_level, step.to_level));
                    prop_assert_eq!(&rec.reasons[..2], &step.reasons[..2]);
                }
                (None, None) => {}
                (rec, step) => prop_assert!(false, "recommend {rec:?} but plan {step:?}"),
            }
        }
    }

    /// A member who has a language is never sent to start another one from
    /// scratch by a role that asks for "a main language".
    #[test]
    fn generic_roles_never_start_a_second_language(
        levels in arb_levels(), generic in 0usize..2, language in 0usize..12, level in 2u8..=5,
    ) {
        let catalog = Catalog::builtin();
        let role = catalog.role(["backend-developer", "senior-backend-developer"][generic]).unwrap();
        let languages: Vec<&str> = catalog
            .skills()
            .iter()
            .filter(|s| s.category == "language")
            .map(|s| s.id.as_str())
            .collect();
        // Someone with at least one language at beginner level or better.
        let levels = raised(&levels, languages[language % languages.len()], Level::try_from(level).unwrap());
        let plan = catalog.plan(role, &levels);
        for step in plan.steps.iter().filter(|s| languages.contains(&s.skill.as_str())) {
            let skill = catalog.skill(&step.skill).unwrap();
            // Node.js builds on JavaScript; Python or Go start from scratch.
            let builds_on_something = !skill.prerequisites.is_empty();
            // JavaScript for someone who has Node.js already.
            let under_known = catalog.known_levels(&levels).any(|(id, _)| {
                catalog.skill(id).unwrap().prerequisites.contains(&step.skill)
            });
            prop_assert!(
                step.from_level > Level::NONE || builds_on_something || under_known,
                "{} from scratch with {:?}", step.skill,
                catalog.known_levels(&levels).collect::<Vec<_>>()
            );
        }
    }
}
