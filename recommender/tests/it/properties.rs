use proptest::prelude::*;
use skillbot_recommender::{Catalog, Level, Levels, PREREQUISITE_LEVEL};

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

fn arb_role() -> impl Strategy<Value = usize> {
    0..Catalog::builtin().roles().len()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn recommendations_are_ready_below_target_sorted_and_stable(levels in arb_levels(), r in arb_role()) {
        let catalog = Catalog::builtin();
        let role = &catalog.roles()[r];
        let recs = catalog.recommend(role, &levels, None);
        for rec in &recs {
            let skill = catalog.skill(&rec.skill).unwrap();
            for p in &skill.prerequisites {
                prop_assert!(met(&levels, p), "{} recommended before its prerequisite {}", rec.skill, p);
            }
            prop_assert!(rec.from_level < rec.to_level);
            prop_assert_eq!(rec.from_level, catalog.level_of(&levels, &rec.skill));
            if let Some(t) = role.targets.iter().find(|t| t.skill == rec.skill) {
                prop_assert!(rec.from_level.get() < t.level.max(PREREQUISITE_LEVEL.get()));
            }
            prop_assert!(rec.estimate.months[0] > 0.0 && rec.estimate.months[0] <= rec.estimate.months[1]);
        }
        for w in recs.windows(2) {
            prop_assert!(w[0].score > w[1].score || (w[0].score == w[1].score && w[0].skill < w[1].skill));
        }
        prop_assert_eq!(&recs, &catalog.recommend(role, &levels, None));
    }

    #[test]
    fn a_plan_orders_prerequisites_first_and_reaches_every_target(levels in arb_levels(), r in arb_role()) {
        let catalog = Catalog::builtin();
        let role = &catalog.roles()[r];
        let plan = catalog.plan(role, &levels);
        let mut state = levels.clone();
        let mut done: Vec<&str> = Vec::new();
        for step in &plan.steps {
            let skill = catalog.skill(&step.skill).unwrap();
            for p in &skill.prerequisites {
                prop_assert!(met(&state, p), "{} before {}", step.skill, p);
                if !p.starts_with("any:") {
                    let pending_later = plan.steps.iter().skip(done.len() + 1).any(|s| &s.skill == p);
                    prop_assert!(!pending_later, "{} before {}", step.skill, p);
                }
            }
            prop_assert!(!done.contains(&step.skill.as_str()), "{} twice", step.skill);
            done.push(&step.skill);
            let mut pairs: Vec<(String, Level)> = catalog.known_levels(&state)
                .filter(|(id, _)| *id != step.skill)
                .map(|(id, l)| (id.to_string(), l))
                .collect();
            pairs.push((step.skill.clone(), step.to_level));
            state = catalog.levels(pairs.iter().map(|(id, l)| (id.as_str(), *l))).unwrap();
        }
        for t in &role.targets {
            prop_assert!(catalog.level_of(&state, &t.skill).get() >= t.level, "{} not reached", t.skill);
        }
        // Once the plan is done, nothing is left to recommend.
        prop_assert!(catalog.recommend(role, &state, None).is_empty());
    }
}
