use skillbot_recommender::{Catalog, Plan};

fn recommend(role: &str, spec: &str) -> Vec<String> {
    let catalog = Catalog::builtin();
    let levels = catalog.parse_levels(spec).unwrap();
    catalog
        .recommend(catalog.role(role).unwrap(), &levels, None)
        .into_iter()
        .map(|r| r.skill)
        .collect()
}

fn plan(role: &str, spec: &str) -> Plan {
    let catalog = Catalog::builtin();
    catalog.plan(
        catalog.role(role).unwrap(),
        &catalog.parse_levels(spec).unwrap(),
    )
}

fn position(plan: &Plan, skill: &str) -> Option<usize> {
    plan.steps.iter().position(|s| s.skill == skill)
}

fn category(skill: &str) -> String {
    Catalog::builtin().skill(skill).unwrap().category.clone()
}

#[test]
fn blank_members_start_with_their_language() {
    for (role, languages) in [
        (
            "backend-developer",
            &["python", "java", "javascript", "nodejs", "go", "csharp"][..],
        ),
        ("java-backend-developer", &["java"]),
        ("python-backend-developer", &["python"]),
        ("dotnet-backend-developer", &["csharp"]),
        ("nodejs-backend-developer", &["javascript", "nodejs"]),
    ] {
        let recs = recommend(role, "");
        assert!(languages.contains(&recs[0].as_str()), "{role}: {recs:?}");
    }
}

#[test]
fn sample_cases_from_outside_checks_hold() {
    // The three cases of shared/eval/recommend_cases.jsonl, restated.
    assert_eq!(recommend("java-backend-developer", "")[0], "java");
    let senior = recommend("senior-backend-developer", "");
    for never in ["kubernetes", "microservices", "distributed-systems"] {
        assert!(
            !senior.contains(&never.to_string()),
            "{never} recommended to a blank senior"
        );
    }
    let full_stack = recommend(
        "full-stack-developer",
        "nodejs:4,javascript:4,express:4,sql:3,relational-databases:3,rest-api:4,git:4",
    );
    assert!(
        full_stack[..3]
            .iter()
            .any(|s| ["html", "css", "frontend-frameworks"].contains(&s.as_str())),
        "{full_stack:?}"
    );
}

#[test]
fn nothing_already_at_target_is_recommended() {
    let catalog = Catalog::builtin();
    let role = catalog.role("java-backend-developer").unwrap();
    let java = role.targets.iter().find(|t| t.skill == "java").unwrap();
    let recs = recommend("java-backend-developer", &format!("java:{}", java.level));
    assert!(!recs.contains(&"java".to_string()));
    assert!(recs.contains(&"spring-boot".to_string()), "{recs:?}");
}

#[test]
fn frameworks_follow_their_language() {
    for (framework, language, role) in [
        ("spring-boot", "java", "java-backend-developer"),
        ("django", "python", "python-backend-developer"),
        ("fastapi", "python", "python-backend-developer"),
        ("express", "nodejs", "nodejs-backend-developer"),
        ("aspnet-core", "csharp", "dotnet-backend-developer"),
    ] {
        assert!(!recommend(role, "").contains(&framework.to_string()));
        let p = plan(role, "");
        let (f, l) = (position(&p, framework), position(&p, language));
        assert!(
            f.is_some() && l.is_some() && l < f,
            "{role}: {framework} before {language}"
        );
    }
    let catalog = Catalog::builtin();
    for (framework, language) in [
        ("flask", "python"),
        ("laravel", "php"),
        ("rails", "ruby"),
        ("hibernate-jpa", "java"),
        ("celery", "python"),
    ] {
        let skill = catalog.skill(framework).unwrap();
        assert!(
            skill.prerequisites.contains(&language.to_string()),
            "{framework}"
        );
    }
}

#[test]
fn kubernetes_never_before_docker() {
    let p = plan("senior-backend-developer", "");
    assert!(position(&p, "docker") < position(&p, "kubernetes"));
    assert!(!recommend("senior-backend-developer", "linux-cli:3").contains(&"kubernetes".into()));
    let recs = recommend("senior-backend-developer", "linux-cli:3,docker:3");
    assert!(recs.contains(&"kubernetes".to_string()), "{recs:?}");
}

#[test]
fn plan_follows_the_learning_order_with_soft_skills_alongside() {
    let p = plan("backend-developer", "");
    let first = |cat: &str| {
        p.steps
            .iter()
            .position(|s| category(&s.skill) == cat)
            .unwrap_or_else(|| panic!("no {cat} step in {:?}", p.steps))
    };
    let order = ["language", "data", "api", "framework", "security", "cloud"];
    for pair in order.windows(2) {
        assert!(
            first(pair[0]) < first(pair[1]),
            "{} before {}",
            pair[0],
            pair[1]
        );
    }
    assert_eq!(category(&p.steps[0].skill), "language");
    // Soft skills are spread out: one appears in the first half of the plan.
    let soft: Vec<usize> = p
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| category(&s.skill) == "soft")
        .map(|(i, _)| i)
        .collect();
    assert!(!soft.is_empty());
    assert!(
        soft[0] < p.steps.len() / 2,
        "soft skills at {soft:?} of {}",
        p.steps.len()
    );
}

#[test]
fn missing_prerequisites_enter_the_plan_as_beginner_steps() {
    // docker needs linux-cli; a member who knows nothing must learn it first.
    let p = plan("senior-backend-developer", "");
    let linux = position(&p, "linux-cli").expect("linux-cli in plan");
    assert!(linux < position(&p, "docker").unwrap());
}

#[test]
fn plan_times_accumulate() {
    let p = plan("java-backend-developer", "");
    let mut previous = [0.0f32; 2];
    for step in &p.steps {
        let [lo, hi] = step.estimate.months;
        assert!(lo > 0.0 && lo <= hi, "{step:?}");
        if category(&step.skill) == "soft" {
            assert_eq!(
                step.cumulative_months, previous,
                "soft skills run alongside"
            );
        } else {
            assert_eq!(step.cumulative_months, [previous[0] + lo, previous[1] + hi]);
        }
        previous = step.cumulative_months;
    }
    assert!(
        previous[0] >= 12.0,
        "a whole role takes more than a year: {previous:?}"
    );
}

#[test]
fn reasons_explain_the_choice() {
    let catalog = Catalog::builtin();
    let role = catalog.role("java-backend-developer").unwrap();
    let levels = catalog.parse_levels("java:1").unwrap();
    let recs = catalog.recommend(role, &levels, None);
    let java = recs.iter().find(|r| r.skill == "java").unwrap();
    assert!(java.reasons[0].starts_with("core for Java backend developer: target"));
    assert!(java.reasons[0].ends_with("you are at 1"));
    assert!(
        java.reasons.iter().any(|r| r.starts_with("usually 2–")),
        "{:?}",
        java.reasons
    );
    assert!(java.reasons.iter().any(|r| r.starts_with("unlocks ")));
}

#[test]
fn team_bonus_prefers_what_the_team_lacks() {
    let catalog = Catalog::builtin();
    let role = catalog.role("backend-developer").unwrap();
    let me = catalog.parse_levels("python:3,sql:3").unwrap();
    let solo = catalog.recommend(role, &me, None);
    // Everyone else is strong in the solo top pick; something else should win.
    let top = &solo[0].skill;
    let mate = catalog.parse_levels(&format!("{top}:4")).unwrap();
    let team = catalog.coverage([&me, &mate, &mate.clone()]);
    let with_team = catalog.recommend(role, &me, Some(&team));
    assert_ne!(&with_team[0].skill, top);
    assert!(
        with_team[0]
            .reasons
            .iter()
            .any(|r| r.contains("nobody on the team"))
    );
}
