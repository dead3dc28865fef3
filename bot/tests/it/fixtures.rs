//! Test data shared by the integration tests and the store benchmark
//! (`benches/store.rs` includes this file with `#[path]`).

/// A skills matrix: `members` rows × the first `skills` catalog skills.
pub fn matrix_csv(members: usize, skills: usize) -> String {
    let catalog = skillbot_recommender::Catalog::builtin();
    let ids: Vec<&str> = catalog
        .skills()
        .iter()
        .take(skills)
        .map(|s| s.id.as_str())
        .collect();
    let roles = catalog.roles();
    let mut csv = format!("user_id,name,role,{}\n", ids.join(","));
    for m in 0..members {
        let role = &roles[m % roles.len()].id;
        csv.push_str(&format!(
            "{},Member {m},{role}",
            100_000_000_000_000_000u64 + m as u64
        ));
        for s in 0..ids.len() {
            csv.push(',');
            if (m + s) % 7 != 0 {
                csv.push_str(&((m * 3 + s) % 6).to_string());
            }
        }
        csv.push('\n');
    }
    csv
}
