use std::fmt::Write as _;

use clap::Args;

use super::print_json;
use crate::App;
use crate::service::catalog::{self as service, PlanView, RecommendView};
use crate::service::ids::DiscordId;

#[derive(Debug, Args)]
pub struct SkillsArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct RolesArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct RecommendArgs {
    /// Role id, e.g. backend-developer (see `skillbot roles`). Required
    /// unless --user is given; then it defaults to the member's stored role.
    #[arg(long)]
    role: Option<String>,
    /// Current levels: "id:level,id:level" (ids, names or aliases; levels 0–5).
    #[arg(
        long,
        default_value = "",
        value_name = "LEVELS",
        conflicts_with = "user"
    )]
    skills: String,
    /// Guild (Discord server id) of --user; optional when only one guild
    /// has members.
    #[arg(long, value_name = "ID", value_parser = super::team::parse_id, requires = "user")]
    guild: Option<DiscordId>,
    /// A stored member (Discord user id): use their levels (and role unless
    /// --role is given), and favour skills their team lacks.
    #[arg(long, visible_alias = "member", value_name = "ID", value_parser = super::team::parse_id)]
    user: Option<DiscordId>,
    /// How many recommendations to show (1–50).
    #[arg(long, default_value_t = 5)]
    limit: usize,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Role id, e.g. backend-developer (see `skillbot roles`).
    #[arg(long)]
    role: String,
    /// Current levels: "id:level,id:level" (ids, names or aliases; levels 0–5).
    #[arg(long, default_value = "", value_name = "LEVELS")]
    skills: String,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn skills(app: &App, args: SkillsArgs) -> anyhow::Result<()> {
    let view = service::skills(app);
    if args.json {
        return print_json(&view);
    }
    let mut out = String::new();
    let mut category = "";
    for s in &view.skills {
        if s.category != category {
            category = &s.category;
            let name = app
                .catalog()
                .categories()
                .iter()
                .find(|c| c.id == s.category)
                .map_or(category, |c| c.name.as_str());
            writeln!(out, "\n{name}")?;
        }
        let months = s
            .learning_months
            .map(|[lo, hi]| format!("{lo}–{hi} mo"))
            .unwrap_or_default();
        writeln!(out, "  {:<28} {:<9} {}", s.id, months, s.description)?;
    }
    print!("{}", out.trim_start());
    Ok(())
}

pub fn roles(app: &App, args: RolesArgs) -> anyhow::Result<()> {
    let view = service::roles(app);
    if args.json {
        return print_json(&view);
    }
    for r in &view.roles {
        let core: Vec<String> = r
            .targets
            .iter()
            .filter(|t| t.weight == "core")
            .map(|t| format!("{} {}", t.skill, t.level))
            .collect();
        println!("{:<26} {} — core: {}", r.id, r.name, core.join(", "));
    }
    Ok(())
}

pub fn recommend(app: &App, args: RecommendArgs) -> anyhow::Result<()> {
    let view = match (args.user, args.role.as_deref()) {
        (Some(user), role) => super::team::block_on(
            app,
            crate::service::report::recommend_member(app, args.guild, user, role, args.limit),
        )?,
        (None, Some(role)) => {
            let levels = service::parse_levels(app, &args.skills)?;
            service::recommend(app.catalog(), role, &levels, None, args.limit)?
        }
        (None, None) => crate::bail_user!(
            "--role is required: give a role id (see `skillbot roles`), or a stored member \
             with --guild ID --user ID"
        ),
    };
    if args.json {
        return print_json(&view);
    }
    print!("{}", render_recommend(app, &view));
    Ok(())
}

pub fn plan(app: &App, args: PlanArgs) -> anyhow::Result<()> {
    let levels = service::parse_levels(app, &args.skills)?;
    let view = service::plan(app.catalog(), &args.role, &levels)?;
    if args.json {
        return print_json(&view);
    }
    print!("{}", render_plan(app, &view));
    Ok(())
}

fn role_name<'a>(app: &'a App, id: &'a str) -> &'a str {
    app.catalog().role(id).map_or(id, |r| r.name.as_str())
}

fn months([lo, hi]: [f32; 2]) -> String {
    if lo == hi {
        format!("~{lo} mo")
    } else {
        format!("~{lo}–{hi} mo")
    }
}

pub(crate) fn render_recommend(app: &App, view: &RecommendView) -> String {
    let mut out = String::new();
    let role = role_name(app, &view.role);
    if view.recommendations.is_empty() {
        let _ = writeln!(
            out,
            "Nothing left to learn for {role}: every target is met."
        );
        return out;
    }
    let _ = writeln!(out, "Next skills for {role}:\n");
    for (i, r) in view.recommendations.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:>2}. {:<30} level {} → {}   {}   score {:.2}",
            i + 1,
            r.name,
            r.from_level,
            r.to_level,
            months(r.estimate_months),
            r.score
        );
        for reason in &r.reasons {
            let _ = writeln!(out, "      · {reason}");
        }
    }
    let _ = writeln!(out, "\nThe whole path: skillbot plan --role {}", view.role);
    out
}

pub(crate) fn render_plan(app: &App, view: &PlanView) -> String {
    let mut out = String::new();
    let role = role_name(app, &view.role);
    if view.steps.is_empty() {
        let _ = writeln!(
            out,
            "Nothing left to learn for {role}: every target is met."
        );
        return out;
    }
    let _ = writeln!(
        out,
        "Learning path to {role} ({} steps):\n",
        view.steps.len()
    );
    let _ = writeln!(
        out,
        "  #  {:<30} {:<7} {:<12} total",
        "skill", "level", "time"
    );
    for (i, s) in view.steps.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:>3}  {:<30} {} → {}   {:<12} {}",
            i + 1,
            s.name,
            s.from_level,
            s.to_level,
            months(s.estimate_months),
            months(s.cumulative_months)
        );
    }
    let _ = writeln!(
        out,
        "\nEstimates are time to reach each level while working; steps marked by the\n\
         catalog as soft skills are practised alongside. Details: --json"
    );
    out
}
