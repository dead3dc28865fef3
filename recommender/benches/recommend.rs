//! `cargo bench -p skillbot-recommender` — recommend for one member and the
//! team report for 10,000 members.

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use skillbot_recommender::{Catalog, Level, Member, Pace};

fn synthetic_team(catalog: &Catalog, size: usize) -> Vec<Member> {
    let roles = catalog.roles();
    let skills = catalog.skills();
    // A small deterministic generator: no rand dependency needed.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..size)
        .map(|i| {
            let pairs: Vec<(&str, Level)> = skills
                .iter()
                .filter_map(|s| {
                    let roll = next();
                    (roll % 3 == 0).then(|| {
                        (
                            s.id.as_str(),
                            Level::try_from((roll / 3 % 6) as u8).unwrap(),
                        )
                    })
                })
                .collect();
            Member {
                id: format!("{i}"),
                name: format!("member {i}"),
                role: Some(roles[i % roles.len()].id.clone()),
                levels: catalog.levels(pairs).unwrap(),
            }
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let role = catalog.role("senior-backend-developer").unwrap();
    let levels = catalog
        .parse_levels("python:3,sql:3,relational-databases:2,git:3,rest-api:2,linux-cli:2")
        .unwrap();
    let team = synthetic_team(catalog, 10_000);
    let coverage = catalog.coverage(team.iter().map(|m| &m.levels));

    c.bench_function("recommend/one member", |b| {
        b.iter(|| catalog.recommend(black_box(role), black_box(&levels), None))
    });
    c.bench_function("recommend/one member with team coverage", |b| {
        b.iter(|| catalog.recommend(black_box(role), black_box(&levels), Some(&coverage)))
    });
    // What `recommend --limit 5` and /next ask for: all ranked, 5 explained.
    c.bench_function("recommend/top 5 with team coverage", |b| {
        b.iter(|| catalog.recommend_top(black_box(role), black_box(&levels), Some(&coverage), 5))
    });
    c.bench_function("plan/member with team coverage", |b| {
        b.iter(|| {
            catalog.plan_with(
                black_box(role),
                black_box(&levels),
                Some(&coverage),
                Pace::default(),
            )
        })
    });
    c.bench_function("plan/blank senior", |b| {
        b.iter(|| catalog.plan(black_box(role), black_box(&catalog.empty_levels())))
    });
    let mut group = c.benchmark_group("team_report");
    group.sample_size(20);
    group.bench_function("10,000 members", |b| {
        b.iter(|| catalog.team_report(black_box(&team)))
    });
    group.finish();
}

criterion_group!(recommender, benches);
criterion_main!(recommender);
