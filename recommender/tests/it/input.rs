use skillbot_recommender::{Catalog, Error, Level};

#[test]
fn skills_spec_accepts_ids_names_and_aliases() {
    let catalog = Catalog::builtin();
    let levels = catalog.parse_levels("k8s:2, Python:3 ,c#:1").unwrap();
    assert_eq!(catalog.level_of(&levels, "kubernetes"), Level::BEGINNER);
    assert_eq!(catalog.level_of(&levels, "python"), Level::WORKING);
    assert_eq!(catalog.level_of(&levels, "csharp"), Level::AWARE);
    assert_eq!(catalog.known_levels(&levels).count(), 3);
}

#[test]
fn empty_spec_means_no_skills() {
    let catalog = Catalog::builtin();
    assert_eq!(catalog.parse_levels("").unwrap(), catalog.empty_levels());
    assert_eq!(catalog.parse_levels(" , ").unwrap(), catalog.empty_levels());
}

#[test]
fn typo_gets_a_suggestion() {
    let err = Catalog::builtin().parse_levels("kubernets:2").unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown skill 'kubernets' — did you mean 'kubernetes'?"
    );
}

#[test]
fn unknown_role_gets_a_suggestion() {
    let err = Catalog::builtin().role("java-backend-dev").unwrap_err();
    match &err {
        Error::UnknownRole { suggestions, .. } => {
            assert_eq!(
                suggestions.first().map(String::as_str),
                Some("java-backend-developer")
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_specs_are_clear_errors() {
    let catalog = Catalog::builtin();
    let cases = [
        ("docker", "is not a skill level"),
        ("docker:", "not valid"),
        ("docker:6", "level '6' for 'docker' is not valid"),
        ("docker:-1", "not valid"),
        ("docker:2.5", "not valid"),
        (":3", "is not a skill level"),
        ("docker:2,docker:3", "given more than once"),
        ("k8s:2,kubernetes:3", "given more than once"),
        ("🦀:3", "unknown skill '🦀'"),
    ];
    for (spec, expected) in cases {
        let err = catalog.parse_levels(spec).unwrap_err().to_string();
        assert!(err.contains(expected), "{spec:?}: {err}");
    }
}

#[test]
fn level_parse_and_names() {
    assert_eq!(Level::try_from(5).map(Level::name), Ok("expert"));
    assert_eq!(Level::try_from(6), Err(6));
    assert_eq!(Level::parse("x", " 3 ").unwrap(), Level::WORKING);
}

#[test]
fn not_assessed_is_not_zero() {
    let catalog = Catalog::builtin();
    let levels = catalog.parse_levels("docker:0,java:3").unwrap();
    assert_eq!(
        catalog.assessed_level_of(&levels, "docker"),
        Some(Level::NONE)
    );
    assert_eq!(catalog.assessed_level_of(&levels, "rust"), None);
    // Ranking takes "not assessed" as 0.
    assert_eq!(catalog.level_of(&levels, "rust"), Level::NONE);
    assert_eq!(levels.assessed_count(), 2);
    assert_eq!(catalog.assessed_levels(&levels).count(), 2);
    assert_eq!(catalog.known_levels(&levels).count(), 1);
    // "I listed everything I know": the rest becomes a known 0.
    let listed = levels.fill_unassessed(Level::NONE);
    assert_eq!(
        catalog.assessed_level_of(&listed, "rust"),
        Some(Level::NONE)
    );
    assert_eq!(catalog.level_of(&listed, "java"), Level::WORKING);
    assert_eq!(listed.assessed_count(), catalog.skills().len());
}
