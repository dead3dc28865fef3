//! Plan figures for every role of the built-in catalog from a blank start,
//! as in the README table:
//! `cargo run -p skillbot-recommender --example plan_figures [-- --steps]`.

use skillbot_recommender::{Catalog, Level, Pace};

fn main() {
    let show_steps = std::env::args().any(|a| a == "--steps");
    let catalog = Catalog::builtin();
    let blank = catalog.empty_levels().fill_unassessed(Level::NONE);
    let pace = Pace::default();
    println!("pace: {}\n", pace.assumption());
    for role in catalog.roles() {
        let plan = catalog.plan_with(role, &blank, None, pace);
        let sequential: [f32; 2] = plan
            .steps
            .iter()
            .filter(|s| !s.alongside)
            .fold([0.0; 2], |a, s| {
                [a[0] + s.estimate.months[0], a[1] + s.estimate.months[1]]
            });
        print!(
            "{:<28} {:>2} steps  sum {:>4}–{:<4}",
            role.id,
            plan.steps.len(),
            sequential[0],
            sequential[1]
        );
        for m in &plan.milestones {
            print!("  {}: {}–{}", m.kind.as_str(), m.months[0], m.months[1]);
        }
        println!();
        if show_steps {
            for s in &plan.steps {
                println!(
                    "    {:<28} {}→{} {:<10} {:?} start {:?} done {:?}",
                    s.skill,
                    s.from_level,
                    s.to_level,
                    s.weight.as_str(),
                    s.estimate.months,
                    s.start_months,
                    s.cumulative_months
                );
            }
        }
    }
}
