use skillbot_recommender::{Catalog, Member};

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
        member("ana", "java-backend-developer", "java:4,sql:3,docker:3"),
        member("bo", "java-backend-developer", "java:3,sql:2"),
        member("cy", "python-backend-developer", "python:3,sql:4"),
    ];
    let report = catalog.team_report(&team);
    assert_eq!(report.members, 3);
    let cov = |id: &str| report.coverage.iter().find(|c| c.skill == id).unwrap();
    assert_eq!(cov("java").holders, 2);
    assert_eq!(cov("sql").holders, 2);
    assert_eq!(cov("docker").holder_ids, ["ana"]);
    let bus: Vec<&str> = report.bus_factor.iter().map(|c| c.skill.as_str()).collect();
    assert!(bus.contains(&"docker") && bus.contains(&"python") && !bus.contains(&"java"));
    // spring-boot: two Java developers at 0 against their target.
    let spring = report
        .gaps
        .iter()
        .find(|g| g.skill == "spring-boot")
        .unwrap();
    assert_eq!(spring.members_below_target, 2);
    assert_eq!(spring.holders, 0);
    assert!(
        report
            .gaps
            .windows(2)
            .all(|w| w[0].total_gap >= w[1].total_gap)
    );
    // Matrix: one row per member, one column per shown skill.
    assert_eq!(report.matrix.len(), 3);
    let java_col = report
        .matrix_skills
        .iter()
        .position(|s| s == "java")
        .unwrap();
    assert_eq!(report.matrix[0].2[java_col], 4);
    assert!(
        report
            .matrix
            .iter()
            .all(|r| r.2.len() == report.matrix_skills.len())
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
    assert!(report.gaps.is_empty());
    assert_eq!(report.bus_factor.len(), 1);
}
