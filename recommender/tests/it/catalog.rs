use skillbot_recommender::{Catalog, Error};

const SKILL_IDS: &str = "java python csharp javascript nodejs go php ruby rust kotlin scala \
    html css frontend-frameworks responsive-design cross-browser-compatibility \
    spring-boot hibernate-jpa django flask fastapi express laravel rails aspnet-core celery \
    sql relational-databases nosql database-optimization orm graph-databases caching \
    rest-api graphql api-documentation websockets \
    authentication authorization password-hashing web-vulnerabilities encryption input-validation \
    git linux-cli build-tools api-testing docker kubernetes ci-cd cloud serverless web-servers monitoring \
    testing \
    message-queues microservices event-driven-architecture stream-processing distributed-systems \
    load-balancing performance-optimization concurrency middleware edge-computing ai-integration aem \
    problem-solving communication teamwork time-management adaptability critical-thinking \
    attention-to-detail negotiation";

const ROLE_IDS: &str = "backend-developer java-backend-developer python-backend-developer \
    dotnet-backend-developer nodejs-backend-developer aem-backend-developer frontend-developer \
    full-stack-developer senior-backend-developer";

#[test]
fn builtin_catalog_has_every_documented_skill_and_role() {
    let catalog = Catalog::builtin();
    for id in SKILL_IDS.split_whitespace() {
        let skill = catalog.skill(id).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(skill.id, id);
        assert!(!skill.description.is_empty(), "{id} has no description");
    }
    for id in ROLE_IDS.split_whitespace() {
        let role = catalog.role(id).unwrap_or_else(|e| panic!("{e}"));
        assert!(role.targets.len() >= 8, "{id} has too few targets");
    }
}

#[test]
fn aliases_resolve_to_their_skill() {
    let catalog = Catalog::builtin();
    for (alias, id) in [
        ("k8s", "kubernetes"),
        ("postgres", "relational-databases"),
        ("PostgreSQL", "relational-databases"),
        ("mysql", "relational-databases"),
        ("sql server", "relational-databases"),
        ("c#", "csharp"),
        (".net", "csharp"),
        ("node", "nodejs"),
        ("Node.js", "nodejs"),
        ("golang", "go"),
        ("Spring Boot", "spring-boot"),
    ] {
        assert_eq!(
            catalog.skill(alias).map(|s| s.id.as_str()),
            Ok(id),
            "{alias}"
        );
    }
}

#[test]
fn learning_times_follow_the_material() {
    let catalog = Catalog::builtin();
    for (id, months) in [
        ("docker", [2.0, 3.0]),
        ("kubernetes", [3.0, 6.0]),
        ("git", [1.0, 2.0]),
        ("rest-api", [1.0, 3.0]),
        ("microservices", [4.0, 6.0]),
    ] {
        assert_eq!(
            catalog.skill(id).unwrap().learning_months,
            Some(months),
            "{id}"
        );
    }
}

const SMALL: &str = r#"
[[categories]]
id = "language"
name = "Languages"
stage = 1

[[skills]]
id = "a"
name = "A"
category = "language"
description = "first"

[[skills]]
id = "b"
name = "B"
category = "language"
prerequisites = ["a"]
description = "second"

[[roles]]
id = "r"
name = "R"
targets = [{ skill = "b", level = 3, weight = "core" }]
"#;

fn load(text: &str) -> Result<Catalog, Error> {
    Catalog::from_toml(text)
}

#[test]
fn a_small_valid_catalog_loads() {
    let catalog = load(SMALL).unwrap();
    assert_eq!(catalog.skills().len(), 2);
    let plan = catalog.plan(catalog.role("r").unwrap(), &catalog.empty_levels());
    let order: Vec<&str> = plan.steps.iter().map(|s| s.skill.as_str()).collect();
    assert_eq!(order, ["a", "b"]);
}

#[test]
fn unknown_prerequisite_names_the_entry() {
    let text = SMALL.replace(r#"prerequisites = ["a"]"#, r#"prerequisites = ["zzz"]"#);
    let err = load(&text).unwrap_err().to_string();
    assert!(
        err.contains("'b'") && err.contains("unknown prerequisite 'zzz'"),
        "{err}"
    );
}

#[test]
fn duplicate_skill_id_is_rejected() {
    let text = SMALL.replace(r#"id = "b""#, r#"id = "a""#);
    let err = load(&text).unwrap_err().to_string();
    assert!(err.contains("duplicate skill id"), "{err}");
}

#[test]
fn alias_shared_by_two_skills_is_rejected() {
    let text = SMALL.replace(
        r#"description = "second""#,
        "description = \"second\"\naliases = [\"a\"]",
    );
    let err = load(&text).unwrap_err().to_string();
    assert!(err.contains("alias 'a' is also used by 'a'"), "{err}");
}

#[test]
fn prerequisite_cycle_is_named() {
    let text = SMALL.replace(
        r#"description = "first""#,
        "description = \"first\"\nprerequisites = [\"b\"]",
    );
    match load(&text) {
        Err(Error::CatalogCycle { cycle }) => {
            assert_eq!(cycle.first(), cycle.last());
            assert!(cycle.contains(&"a".to_string()) && cycle.contains(&"b".to_string()));
        }
        other => panic!("expected a cycle error, got {other:?}"),
    }
}

#[test]
fn target_level_out_of_range_is_rejected() {
    let text = SMALL.replace("level = 3", "level = 7");
    let err = load(&text).unwrap_err().to_string();
    assert!(err.contains("target level 7"), "{err}");
}

#[test]
fn unknown_target_skill_and_category_are_rejected() {
    let err = load(&SMALL.replace(r#"skill = "b""#, r#"skill = "q""#)).unwrap_err();
    assert!(
        err.to_string().contains("unknown skill 'q' in targets"),
        "{err}"
    );
    let err = load(&SMALL.replace(r#"category = "language""#, r#"category = "nope""#)).unwrap_err();
    assert!(err.to_string().contains("unknown category 'nope'"), "{err}");
}

#[test]
fn syntax_errors_are_reported_not_panicked() {
    for text in ["", "[[skills]]\nid = 3", "not toml at all ]]"] {
        assert!(load(text).is_err(), "{text:?} should not load");
    }
}

#[test]
fn any_targets_are_validated() {
    let any = |target: &str| {
        load(&SMALL.replace(
            r#"targets = [{ skill = "b", level = 3, weight = "core" }]"#,
            &format!("targets = [{target}]"),
        ))
    };
    assert!(
        any(r#"{ skill = "any:language", level = 3, weight = "core", prefer = ["b", "a"] }"#)
            .is_ok()
    );
    let err = any(r#"{ skill = "any:nope", level = 3, weight = "core" }"#).unwrap_err();
    assert!(
        err.to_string()
            .contains("unknown category 'nope' in targets"),
        "{err}"
    );
    let err = any(r#"{ skill = "any:language", level = 3, weight = "core", prefer = ["zz"] }"#)
        .unwrap_err();
    assert!(
        err.to_string().contains("'zz' in prefer of 'any:language'"),
        "{err}"
    );
    let err = any(r#"{ skill = "b", level = 3, weight = "core", prefer = ["a"] }"#).unwrap_err();
    assert!(
        err.to_string()
            .contains("prefer is only for 'any:' targets"),
        "{err}"
    );
    let err = any(
        r#"{ skill = "any:language", level = 3, weight = "core" }, { skill = "any:language", level = 2, weight = "core" }"#,
    )
    .unwrap_err();
    assert!(err.to_string().contains("targeted twice"), "{err}");
}

#[test]
fn target_for_matches_any_targets_by_category() {
    let catalog = Catalog::builtin();
    let backend = catalog.role("backend-developer").unwrap();
    for language in ["java", "python", "go"] {
        let t = catalog.target_for(backend, language).unwrap();
        assert_eq!(
            (t.skill.as_str(), t.level),
            ("any:language", 3),
            "{language}"
        );
    }
    let java_role = catalog.role("java-backend-developer").unwrap();
    assert_eq!(catalog.target_for(java_role, "java").unwrap().level, 4);
    assert!(catalog.target_for(java_role, "python").is_none());
}

const TEAM_FILE: &str = r#"
[[skills]]
id = "terraform"
name = "Terraform"
category = "cloud"
aliases = ["iac", "infrastructure as code"]
prerequisites = ["cloud"]
learning_months = [1, 2]
description = "Infrastructure as code."

[[skills]]
id = "docker"
name = "Docker"
category = "cloud"
aliases = ["containers"]
prerequisites = ["linux-cli"]
learning_months = [1, 1]
description = "Our own Docker figure."

[[roles]]
id = "platform-engineer"
name = "Platform engineer"
targets = [
  { skill = "terraform", level = 3, weight = "core" },
  { skill = "kubernetes", level = 3, weight = "core" },
]
"#;

#[test]
fn a_team_file_extends_the_builtin_catalog() {
    let builtin = Catalog::builtin();
    let catalog = Catalog::from_team_file(TEAM_FILE).unwrap();
    // Added: the new skill and role, next to every built-in one.
    assert_eq!(catalog.skills().len(), builtin.skills().len() + 1);
    assert_eq!(catalog.roles().len(), builtin.roles().len() + 1);
    assert_eq!(catalog.skill("iac").unwrap().id, "terraform");
    assert!(catalog.role("java-backend-developer").is_ok());
    // Overridden by id, in place: docker has the team's figure and aliases.
    let docker = catalog.skill("docker").unwrap();
    assert_eq!(docker.learning_months, Some([1.0, 1.0]));
    assert!(
        catalog.skill("dockerfile").is_err(),
        "the whole entry is replaced"
    );
    let role = catalog.role("platform-engineer").unwrap();
    let plan = catalog.plan(role, &catalog.empty_levels());
    let order: Vec<&str> = plan.steps.iter().map(|s| s.skill.as_str()).collect();
    let at = |id: &str| order.iter().position(|s| *s == id).unwrap();
    assert!(
        at("cloud") < at("terraform") && at("docker") < at("kubernetes"),
        "{order:?}"
    );
}

#[test]
fn a_team_file_can_replace_the_builtin_catalog() {
    let catalog = Catalog::from_team_file(&format!("replace_builtin = true\n{SMALL}")).unwrap();
    assert_eq!(catalog.skills().len(), 2);
    assert!(catalog.role("backend-developer").is_err());
    // Without the flag the same file extends the built-in catalog.
    let extended = Catalog::from_team_file(SMALL).unwrap();
    assert!(extended.role("backend-developer").is_ok() && extended.role("r").is_ok());
}

#[test]
fn a_team_file_clashing_with_the_builtin_catalog_names_the_entry() {
    let clash = TEAM_FILE.replace(
        r#"aliases = ["iac", "infrastructure as code"]"#,
        r#"aliases = ["k8s"]"#,
    );
    let err = Catalog::from_team_file(&clash).unwrap_err().to_string();
    assert!(
        err.contains("'terraform'") && err.contains("'k8s' is also used by 'kubernetes'"),
        "{err}"
    );
    let err = Catalog::from_team_file("[[skills]]\nid = 3").unwrap_err();
    assert!(matches!(err, Error::CatalogSyntax { .. }), "{err}");
}
