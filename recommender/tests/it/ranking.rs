use skillbot_recommender::{Catalog, Level, Levels, MilestoneKind, Pace, Plan, Recommendation};

/// Levels as `--skills` gives them: what is not listed is a known 0.
fn levels(spec: &str) -> Levels {
    Catalog::builtin()
        .parse_levels(spec)
        .unwrap()
        .fill_unassessed(Level::NONE)
}

fn recs(role: &str, spec: &str) -> Vec<Recommendation> {
    let catalog = Catalog::builtin();
    catalog.recommend(catalog.role(role).unwrap(), &levels(spec), None)
}

fn recommend(role: &str, spec: &str) -> Vec<String> {
    recs(role, spec).into_iter().map(|r| r.skill).collect()
}

fn plan(role: &str, spec: &str) -> Plan {
    let catalog = Catalog::builtin();
    catalog.plan(catalog.role(role).unwrap(), &levels(spec))
}

fn plan_skills(p: &Plan) -> Vec<&str> {
    p.steps.iter().map(|s| s.skill.as_str()).collect()
}

fn position(plan: &Plan, skill: &str) -> Option<usize> {
    plan.steps.iter().position(|s| s.skill == skill)
}

fn category(skill: &str) -> String {
    Catalog::builtin().skill(skill).unwrap().category.clone()
}

fn milestone(plan: &Plan, kind: MilestoneKind) -> [f32; 2] {
    plan.milestones
        .iter()
        .find(|m| m.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} milestone in {:?}", plan.milestones))
        .months
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
fn a_main_language_is_any_language_in_generic_roles() {
    // A Java 5 senior is not told to learn Python: Java is their language.
    let senior = plan("senior-backend-developer", "java:5");
    for step in &senior.steps {
        assert_ne!(
            category(&step.skill),
            "language",
            "{:?}",
            plan_skills(&senior)
        );
    }
    assert!(!recommend("senior-backend-developer", "java:5").contains(&"python".into()));
    // A Java developer in the generic role gets Java's framework.
    let backend = plan("backend-developer", "java:4");
    let skills = plan_skills(&backend);
    assert!(skills.contains(&"spring-boot"), "{skills:?}");
    assert!(
        !skills.contains(&"python") && !skills.contains(&"django"),
        "{skills:?}"
    );
    // A JavaScript developer gets Express, through Node.js; never Python.
    let js = plan("backend-developer", "javascript:3");
    let js = plan_skills(&js);
    assert!(js.contains(&"express") && js.contains(&"nodejs"), "{js:?}");
    assert!(!js.contains(&"python"), "{js:?}");
    // No web framework for Go in the catalog: the target does not apply,
    // rather than sending a Go developer to Python.
    let go = plan("backend-developer", "go:3");
    let go = plan_skills(&go);
    assert!(!go.contains(&"python") && !go.contains(&"django"), "{go:?}");
    // Below the level, the member's own language is raised.
    let r = recs("backend-developer", "csharp:2");
    let csharp = r.iter().find(|r| r.skill == "csharp").unwrap();
    assert!(
        csharp.reasons[0].contains("C# is your strongest"),
        "{:?}",
        csharp.reasons
    );
    assert!(!r.iter().any(|r| r.skill == "python"));
    // Node.js at beginner is their language: continued, not replaced.
    let node = plan("backend-developer", "nodejs:2");
    assert!(
        !plan_skills(&node).contains(&"python"),
        "{:?}",
        plan_skills(&node)
    );
    // From a blank start, the role's first preference is suggested.
    let blank = &recs("backend-developer", "")[0];
    assert_eq!(blank.skill, "python");
    assert!(
        blank.reasons[0].contains("Python suggested"),
        "{:?}",
        blank.reasons
    );
    // Stack roles still name their language.
    assert_eq!(recommend("java-backend-developer", "python:5")[0], "java");
}

#[test]
fn unlocks_count_only_skills_that_become_reachable() {
    // java:3 already opens every "any language" skill: raising Java to 4
    // unlocks nothing new, and REST APIs' prerequisite is met by Java.
    let r = recs("java-backend-developer", "java:3,sql:2");
    let java = r.iter().find(|r| r.skill == "java").unwrap();
    assert!(
        !java.reasons.iter().any(|r| r.contains("unlocks")),
        "{:?}",
        java.reasons
    );
    let rest = r.iter().find(|r| r.skill == "rest-api").unwrap();
    assert!(
        rest.reasons
            .iter()
            .any(|r| r.contains("prerequisites met: java")),
        "{:?}",
        rest.reasons
    );
    // With java:4, Python is not a candidate at all, let alone for unlocks.
    assert!(!recommend("backend-developer", "java:4").contains(&"python".into()));
    // For a blank member, the language does unlock the path.
    let python = &recs("backend-developer", "")[0];
    assert!(
        python
            .reasons
            .iter()
            .any(|r| r.starts_with("newly unlocks") && r.contains("rest-api")),
        "{:?}",
        python.reasons
    );
}

#[test]
fn next_and_plan_agree_on_the_first_step() {
    // The case from the issue: both start with SQL (databases come before
    // APIs in the learning order when both are core with the same gap).
    let first = &recs("backend-developer", "python:3")[0];
    let p = plan("backend-developer", "python:3");
    assert_eq!(first.skill, "sql");
    assert_eq!(p.steps[0].skill, "sql");
    assert!(
        first
            .reasons
            .iter()
            .any(|r| r == "learning order: Databases and data, stage 2 of 8"),
        "{:?}",
        first.reasons
    );
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
            first(pair[0]) <= first(pair[1]),
            "{} before {}: {:?}",
            pair[0],
            pair[1],
            plan_skills(&p)
        );
    }
    assert_eq!(category(&p.steps[0].skill), "language");
    // Soft skills are marked alongside and spread out: one starts at once.
    let soft: Vec<_> = p
        .steps
        .iter()
        .filter(|s| category(&s.skill) == "soft")
        .collect();
    assert!(soft.len() >= 3);
    assert!(soft.iter().all(|s| s.alongside));
    assert_eq!(soft[0].start_months, [0.0, 0.0]);
    assert!(soft.last().unwrap().start_months[0] > 0.0);
}

#[test]
fn missing_prerequisites_enter_the_plan_as_beginner_steps() {
    // docker needs linux-cli; a member who knows nothing must learn it first.
    let p = plan("senior-backend-developer", "");
    let linux = position(&p, "linux-cli").expect("linux-cli in plan");
    assert!(linux < position(&p, "docker").unwrap());
    let step = &p.steps[linux];
    assert!(step.to_level >= Level::BEGINNER);
}

#[test]
fn plan_times_are_calendar_time_at_the_pace() {
    let p = plan("java-backend-developer", "");
    for step in &p.steps {
        let [lo, hi] = step.estimate.months;
        assert!(lo > 0.0 && lo <= hi, "{step:?}");
        assert_eq!(
            step.cumulative_months[0],
            step.start_months[0] + lo,
            "{step:?}"
        );
        assert_eq!(
            step.cumulative_months[1],
            step.start_months[1] + hi,
            "{step:?}"
        );
    }
    // Two skills at a time: the whole path takes well under the sum of
    // its steps, and more than its longest chain.
    let all = milestone(&p, MilestoneKind::All);
    let sum: f32 = p
        .steps
        .iter()
        .filter(|s| !s.alongside)
        .map(|s| s.estimate.months[1])
        .sum();
    assert!(all[1] < sum * 0.6, "{all:?} vs {sum}");
    let java = &p.steps[0];
    assert_eq!(java.skill, "java");
    assert!(all[1] > java.cumulative_months[1]);
    // Work that needs Java starts once Java is at beginner level, before
    // Java is done.
    let early = p.steps.iter().find(|s| {
        let skill = Catalog::builtin().skill(&s.skill).unwrap();
        let needs_java = skill
            .prerequisites
            .iter()
            .any(|p| p == "java" || p == "any:language");
        needs_java && s.start_months[0] < java.cumulative_months[0]
    });
    assert!(early.is_some(), "{:?}", p.steps);
}

#[test]
fn pace_changes_calendar_time() {
    let catalog = Catalog::builtin();
    let role = catalog.role("python-backend-developer").unwrap();
    let blank = levels("");
    let default = catalog.plan_with(role, &blank, None, Pace::default());
    let half = catalog.plan_with(role, &blank, None, Pace::new(2, 10).unwrap());
    let core = |p: &Plan| milestone(p, MilestoneKind::Core);
    // Half the hours: about twice as long (half months are rounded).
    for b in 0..2 {
        let ratio = core(&half)[b] / core(&default)[b];
        assert!(
            (1.7..=2.3).contains(&ratio),
            "{:?} vs {:?}",
            core(&half),
            core(&default)
        );
    }
    // One skill at a time at the same hours: never faster.
    let one = catalog.plan_with(role, &blank, None, Pace::new(1, 20).unwrap());
    assert!(
        milestone(&one, MilestoneKind::All)[1] >= milestone(&default, MilestoneKind::All)[1] * 0.9
    );
    assert_eq!(one.steps[0].skill, default.steps[0].skill);
}

/// The material's whole-path estimates: job-ready as a backend developer in
/// about 6–12 months of consistent learning (the seed articles, and the
/// handbook's career, Java and Python pages). A role's core is what makes it
/// job-ready, so its milestone must land in that range at the default pace.
#[test]
fn plan_totals_match_the_material() {
    for role in [
        "backend-developer",
        "java-backend-developer",
        "python-backend-developer",
        "dotnet-backend-developer",
        "nodejs-backend-developer",
    ] {
        let p = plan(role, "");
        let [lo, hi] = milestone(&p, MilestoneKind::Core);
        assert!(
            (3.0..=6.0).contains(&lo) && (9.0..=13.0).contains(&hi),
            "{role}: core {lo}–{hi}"
        );
        let [_, all] = milestone(&p, MilestoneKind::All);
        assert!(all <= 30.0, "{role}: all targets by {all} months");
    }
    // Soft skills are practised alongside: they never delay the core.
    let p = plan("java-backend-developer", "");
    let core = milestone(&p, MilestoneKind::Core);
    let technical_core = p
        .steps
        .iter()
        .filter(|s| !s.alongside && s.weight.as_str() == "core")
        .map(|s| s.cumulative_months[1])
        .fold(0.0, f32::max);
    assert_eq!(core[1], technical_core);
}

#[test]
fn a_skill_of_a_started_area_goes_faster() {
    // Relational databases after SQL share groundwork: half the usual time.
    let with_sql = recs("java-backend-developer", "sql:3,java:4");
    let rdb = with_sql
        .iter()
        .find(|r| r.skill == "relational-databases")
        .unwrap();
    let catalog = Catalog::builtin();
    let usual = catalog
        .skill("relational-databases")
        .unwrap()
        .learning_months
        .unwrap();
    assert_eq!(rdb.estimate.months, [usual[0] / 2.0, usual[1] / 2.0]);
    assert!(
        rdb.reasons
            .iter()
            .any(|r| r.contains("sharing groundwork with sql")),
        "{:?}",
        rdb.reasons
    );
}

#[test]
fn reasons_explain_the_choice() {
    let r = recs("java-backend-developer", "java:1");
    let java = r.iter().find(|r| r.skill == "java").unwrap();
    assert!(java.reasons[0].starts_with("core for Java backend developer: target"));
    assert!(java.reasons[0].ends_with("you are at 1"));
    assert!(
        java.reasons.iter().any(|r| r.starts_with("usually 2–")),
        "{:?}",
        java.reasons
    );
    assert!(java.reasons.iter().any(|r| r.starts_with("newly unlocks ")));
    assert!(
        java.reasons
            .iter()
            .any(|r| r.starts_with("learning order: "))
    );
}

#[test]
fn a_skill_never_assessed_is_suggested_but_says_so() {
    let catalog = Catalog::builtin();
    let role = catalog.role("java-backend-developer").unwrap();
    // Stored data: java assessed, the rest never asked.
    let stored = catalog.parse_levels("java:4").unwrap();
    let recs = catalog.recommend(role, &stored, None);
    let spring = recs.iter().find(|r| r.skill == "spring-boot").unwrap();
    assert!(!spring.assessed);
    assert!(
        spring.reasons[0].ends_with("not assessed yet — if you know it, set your level"),
        "{:?}",
        spring.reasons
    );
    // The same member who says they know nothing else: a known 0.
    let listed = recs_with(&stored.clone().fill_unassessed(Level::NONE));
    let spring = listed.iter().find(|r| r.skill == "spring-boot").unwrap();
    assert!(spring.assessed && spring.reasons[0].ends_with("you are at 0"));
}

fn recs_with(levels: &Levels) -> Vec<Recommendation> {
    let catalog = Catalog::builtin();
    catalog.recommend(
        catalog.role("java-backend-developer").unwrap(),
        levels,
        None,
    )
}

#[test]
fn team_bonus_prefers_what_the_team_lacks() {
    let catalog = Catalog::builtin();
    let role = catalog.role("backend-developer").unwrap();
    let me = levels("python:3,sql:3");
    let solo = catalog.recommend(role, &me, None);
    // Everyone else is strong in the solo top pick and has assessed the
    // rest at 1: something else should win, and "nobody knows it" is true.
    let top = &solo[0].skill;
    let mate = levels(&format!("{top}:4"));
    let team = catalog.coverage([&me, &mate, &mate.clone()]);
    let with_team = catalog.recommend(role, &me, Some(&team));
    assert_ne!(&with_team[0].skill, top);
    assert!(
        with_team[0]
            .reasons
            .iter()
            .any(|r| r.starts_with("nobody on the team knows it yet")),
        "{:?}",
        with_team[0].reasons
    );
}

#[test]
fn nobody_knows_it_is_only_said_when_most_teammates_were_asked() {
    let catalog = Catalog::builtin();
    let role = catalog.role("java-backend-developer").unwrap();
    let me = catalog.parse_levels("java:3").unwrap();
    // Two teammates who never assessed Spring Boot, one who did (at 1).
    let quiet = catalog.parse_levels("java:4").unwrap();
    let asked = catalog.parse_levels("java:2,spring-boot:1").unwrap();
    let says_nobody = |team: &[&Levels]| {
        let coverage = catalog.coverage(team.iter().copied());
        let recs = catalog.recommend(role, &me, Some(&coverage));
        let spring = recs
            .iter()
            .find(|r| r.skill == "spring-boot")
            .unwrap()
            .clone();
        spring
            .reasons
            .iter()
            .any(|r| r.contains("nobody on the team"))
    };
    assert!(!says_nobody(&[&me, &quiet, &quiet, &asked]));
    assert!(says_nobody(&[&me, &asked, &asked, &quiet]));
}

#[test]
fn a_known_framework_points_at_its_language() {
    // Spring Boot at 3 with no language assessed: Java, not Python + Django.
    let p = plan("backend-developer", "spring-boot:3");
    let skills = plan_skills(&p);
    assert!(skills.contains(&"java"), "{skills:?}");
    assert!(
        !skills.contains(&"python") && !skills.contains(&"django"),
        "{skills:?}"
    );
    // TypeScript at beginner: carried on, and its framework comes through Node.js.
    let p = plan("backend-developer", "typescript:2");
    let skills = plan_skills(&p);
    assert!(
        skills.contains(&"typescript") && skills.contains(&"express"),
        "{skills:?}"
    );
    assert!(!skills.contains(&"python"), "{skills:?}");
}
