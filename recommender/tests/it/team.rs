use skillbot_recommender::{Catalog, Member};

/// A member with only the levels in `spec` assessed (as the store has them).
fn member(id: &str, role: &str, spec: &str) -> Member {
    let catalog = Catalog::builtin();
    Member {
        id: id.into(),
        name: id.to_uppercase(),
        role: Some(role.into()),
        levels: catalog.parse_levels(spec).unwrap(),
    }
}

#[test]
fn report_finds_coverage_gaps_and_bus_factor() {
    let catalog = Catalog::builtin();
    let team = [
        member(
            "ana",
            "java-backend-developer",
            "java:4,sql:3,docker:3,spring-boot:0",
        ),
        member("bo", "java-backend-developer", "java:3,sql:2,spring-boot:1"),
        member("cy", "python-backend-developer", "python:3,sql:4"),
    ];
    let report = catalog.team_report(&team);
    assert_eq!(report.members, 3);
    let cov = |id: &str| report.coverage.iter().find(|c| c.skill == id).unwrap();
    assert_eq!(cov("java").holders, 2);
    assert_eq!(cov("sql").holders, 2);
    assert_eq!(cov("docker").holder_ids, ["ana"]);
    // Averages are over the members who assessed the skill.
    assert_eq!(cov("java").assessed, 2);
    assert_eq!(cov("java").average_level, Some(3.5));
    assert_eq!(cov("docker").average_level, Some(3.0));
    let bus: Vec<&str> = report.bus_factor.iter().map(|c| c.skill.as_str()).collect();
    assert!(bus.contains(&"docker") && bus.contains(&"python") && !bus.contains(&"java"));
    // spring-boot: two Java developers assessed below their target.
    let spring = report
        .gaps
        .iter()
        .find(|g| g.skill == "spring-boot")
        .unwrap();
    assert_eq!(spring.members_below_target, 2);
    assert_eq!(spring.total_gap, 3 + 2);
    assert_eq!(spring.holders, 0);
    assert!(
        report
            .gaps
            .windows(2)
            .all(|w| w[0].total_gap >= w[1].total_gap)
    );
    // Matrix: one row per member, one column per shown skill.
    assert_eq!(report.matrix.len(), 3);
    let col = |id: &str| report.matrix_skills.iter().position(|s| s == id).unwrap();
    assert_eq!(report.matrix[0].2[col("java")], Some(4));
    assert_eq!(
        report.matrix[2].2[col("java")],
        None,
        "Cy never assessed Java"
    );
    assert!(
        report
            .matrix
            .iter()
            .all(|r| r.2.len() == report.matrix_skills.len())
    );
}

#[test]
fn skills_nobody_assessed_are_listed_not_counted_as_gaps() {
    let catalog = Catalog::builtin();
    // A 17-column import: the rest of the catalog was never asked about.
    let team = [
        member("ana", "java-backend-developer", "java:4,sql:3,docker:3"),
        member(
            "bo",
            "java-backend-developer",
            "java:3,sql:2,authentication:0",
        ),
        member("cy", "backend-developer", "python:3,sql:4"),
    ];
    let report = catalog.team_report(&team);
    let gaps: Vec<&str> = report.gaps.iter().map(|g| g.skill.as_str()).collect();
    for never_asked in ["communication", "problem-solving", "spring-boot"] {
        assert!(
            !gaps.contains(&never_asked),
            "{never_asked} is not a gap: {gaps:?}"
        );
    }
    let not_assessed: Vec<&str> = report
        .not_assessed
        .iter()
        .map(|n| n.skill.as_str())
        .collect();
    for never_asked in ["communication", "problem-solving", "spring-boot", "git"] {
        assert!(
            not_assessed.contains(&never_asked),
            "{never_asked}: {not_assessed:?}"
        );
    }
    // Bo assessed authentication at 0: a real gap, and not "not assessed".
    let auth = report
        .gaps
        .iter()
        .find(|g| g.skill == "authentication")
        .unwrap();
    assert_eq!((auth.members_below_target, auth.not_assessed), (1, 2));
    assert!(!not_assessed.contains(&"authentication"));
    // Sorted by how many members' roles need them.
    let communication = report
        .not_assessed
        .iter()
        .find(|n| n.skill == "communication")
        .unwrap();
    assert_eq!(communication.members, 3);
    assert!(
        report
            .not_assessed
            .windows(2)
            .all(|w| w[0].members >= w[1].members)
    );
    // Cy's main language (any language) is Python: assessed, met.
    assert!(!not_assessed.iter().any(|s| s.starts_with("any:language")));
}

#[test]
fn a_main_language_nobody_assessed_is_listed_as_such() {
    let catalog = Catalog::builtin();
    let report = catalog.team_report(&[
        member("ana", "backend-developer", "sql:3"),
        member("bo", "senior-backend-developer", "docker:2"),
    ]);
    let entry = report
        .not_assessed
        .iter()
        .find(|n| n.skill == "any:language")
        .unwrap();
    assert_eq!(entry.members, 2);
    assert_eq!(entry.name, "any one of programming languages");
    // Python is only a suggestion for them, not a gap or a column.
    assert!(!report.gaps.iter().any(|g| g.skill == "python"));
    assert!(!report.matrix_skills.contains(&"python".to_string()));
}

#[test]
fn coverage_counts_assessments() {
    let catalog = Catalog::builtin();
    let a = catalog.parse_levels("docker:3,java:0").unwrap();
    let b = catalog.parse_levels("docker:1").unwrap();
    let report = catalog.team_report(&[
        Member {
            id: "a".into(),
            name: "A".into(),
            role: None,
            levels: a,
        },
        Member {
            id: "b".into(),
            name: "B".into(),
            role: None,
            levels: b,
        },
    ]);
    let docker = report
        .coverage
        .iter()
        .find(|c| c.skill == "docker")
        .unwrap();
    assert_eq!(
        (docker.holders, docker.assessed, docker.average_level),
        (1, 2, Some(2.0))
    );
    let java = report.coverage.iter().find(|c| c.skill == "java").unwrap();
    assert_eq!(
        (java.holders, java.assessed, java.average_level),
        (0, 1, Some(0.0))
    );
    assert!(
        report.not_assessed.is_empty(),
        "no roles, nothing role-relevant"
    );
}

#[test]
fn empty_team_and_unknown_roles_do_not_panic() {
    let catalog = Catalog::builtin();
    let report = catalog.team_report(&[]);
    assert_eq!(report.members, 0);
    assert!(report.gaps.is_empty() && report.bus_factor.is_empty());
    let mut odd = member("x", "backend-developer", "rust:5");
    odd.role = Some("no-such-role".into());
    let report = catalog.team_report(&[odd]);
    assert!(report.gaps.is_empty() && report.not_assessed.is_empty());
    assert_eq!(report.bus_factor.len(), 1);
}
