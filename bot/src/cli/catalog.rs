use std::fmt::Write as _;

use clap::{Args, Subcommand};
use skillbot_recommender::{Catalog, Pace};

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
    /// A stored member (Discord user id): plan from their levels (and role
    /// unless --role is given), with the same team bonus as `recommend`.
    #[arg(long, visible_alias = "member", value_name = "ID", value_parser = super::team::parse_id)]
    user: Option<DiscordId>,
    /// Technical skills learned at the same time (1–4); soft skills are
    /// practised alongside.
    #[arg(
        long,
        value_name = "N",
        allow_hyphen_values = true,
        default_value_t = Pace::default().skills_at_once()
    )]
    at_once: u8,
    /// Hours a week spent learning, shared by the skills at once (1–60).
    #[arg(
        long,
        value_name = "HOURS",
        allow_hyphen_values = true,
        default_value_t = Pace::default().hours_per_week()
    )]
    hours_per_week: u8,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct CatalogArgs {
    #[command(subcommand)]
    command: CatalogCommand,
}

#[derive(Debug, Subcommand)]
enum CatalogCommand {
    /// Print the built-in catalog (TOML): the starting point for a team
    /// catalog file. A file given with --catalog extends the built-in one:
    /// keep only the entries you add or change.
    Export,
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
            .map(|range| months(range).trim_start_matches('~').to_string())
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
            .map(|t| match t.skill.strip_prefix("any:") {
                Some(category) => format!("any {category} {}", t.level),
                None => format!("{} {}", t.skill, t.level),
            })
            .collect();
        println!("{:<26} {} — core: {}", r.id, r.name, core.join(", "));
    }
    Ok(())
}

pub fn recommend(app: &App, args: RecommendArgs) -> anyhow::Result<()> {
    let (view, hint) = match (args.user, args.role.as_deref()) {
        (Some(user), role) => {
            let view = super::team::block_on(
                app,
                crate::service::report::recommend_member(app, args.guild, user, role, args.limit),
            )?;
            let mut hint = String::from("skillbot plan");
            if let Some(guild) = args.guild {
                let _ = write!(hint, " --guild {guild}");
            }
            let _ = write!(hint, " --user {user}");
            if let Some(role) = role {
                let _ = write!(hint, " --role {role}");
            }
            (view, hint)
        }
        (None, Some(role)) => {
            let levels = service::parse_levels(app, &args.skills)?;
            let view = service::recommend(app.catalog(), role, &levels, None, args.limit)?;
            let mut hint = format!("skillbot plan --role {}", view.role);
            if !args.skills.trim().is_empty() {
                let _ = write!(hint, " --skills \"{}\"", args.skills.trim());
            }
            (view, hint)
        }
        (None, None) => crate::bail_user!(
            "--role is required: give a role id (see `skillbot roles`), or a stored member \
             with --guild ID --user ID"
        ),
    };
    if args.json {
        return print_json(&view);
    }
    print!("{}", render_recommend(app, &view, &hint));
    Ok(())
}

pub fn plan(app: &App, args: PlanArgs) -> anyhow::Result<()> {
    let pace = service::pace(args.at_once, args.hours_per_week)?;
    let view = match (args.user, args.role.as_deref()) {
        (Some(user), role) => super::team::block_on(
            app,
            crate::service::report::plan_member(app, args.guild, user, role, pace),
        )?,
        (None, Some(role)) => {
            let levels = service::parse_levels(app, &args.skills)?;
            service::plan(app.catalog(), role, &levels, None, pace)?
        }
        (None, None) => crate::bail_user!(
            "--role is required: give a role id (see `skillbot roles`), or a stored member \
             with --guild ID --user ID"
        ),
    };
    if args.json {
        return print_json(&view);
    }
    print!("{}", render_plan(app, &view));
    Ok(())
}

pub fn catalog(_app: &App, args: CatalogArgs) -> anyhow::Result<()> {
    match args.command {
        CatalogCommand::Export => print!("{}", Catalog::builtin_source()),
    }
    Ok(())
}

fn role_name<'a>(app: &'a App, id: &'a str) -> &'a str {
    app.catalog().role(id).map_or(id, |r| r.name.as_str())
}

/// "~2–6 mo", "~3 mo", "~0.5 mo": never "3–3".
fn months([lo, hi]: [f32; 2]) -> String {
    if lo == hi {
        format!("~{lo} mo")
    } else {
        format!("~{lo}–{hi} mo")
    }
}

/// "~4.5–12 months", "~1 month".
fn months_long([lo, hi]: [f32; 2]) -> String {
    let unit = if hi == 1.0 { "month" } else { "months" };
    if lo == hi {
        format!("~{lo} {unit}")
    } else {
        format!("~{lo}–{hi} {unit}")
    }
}

pub(crate) fn render_recommend(app: &App, view: &RecommendView, plan_hint: &str) -> String {
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
        let from = if r.assessed {
            r.from_level.to_string()
        } else {
            "?".to_string()
        };
        let _ = writeln!(
            out,
            "{:>2}. {:<30} level {from} → {}   {}   score {:.2}",
            i + 1,
            r.name,
            r.to_level,
            months(r.estimate_months),
            r.score
        );
        for reason in &r.reasons {
            let _ = writeln!(out, "      · {reason}");
        }
    }
    let _ = writeln!(
        out,
        "\nThe first pick is always the plan's first step. The whole path: {plan_hint}"
    );
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
        "Learning path to {role} ({} steps), {} technical skill{} at a time, {} hours a week:\n",
        view.steps.len(),
        view.pace.skills_at_once,
        if view.pace.skills_at_once == 1 {
            ""
        } else {
            "s"
        },
        view.pace.hours_per_week
    );
    let _ = writeln!(
        out,
        "  #  {:<30} {:<7} {:<12} {:<13} done by",
        "skill", "level", "time", "starts"
    );
    for (i, s) in view.steps.iter().enumerate() {
        let from = if s.assessed {
            s.from_level.to_string()
        } else {
            "?".to_string()
        };
        let name = if s.alongside {
            format!("{} (alongside)", s.name)
        } else {
            s.name.clone()
        };
        let starts = if s.start_months == [0.0, 0.0] {
            "now".to_string()
        } else {
            months(s.start_months)
        };
        let _ = writeln!(
            out,
            "{:>3}  {:<30} {from} → {}   {:<12} {:<13} {}",
            i + 1,
            name,
            s.to_level,
            months(s.estimate_months),
            starts,
            months(s.cumulative_months)
        );
    }
    if !view.milestones.is_empty() {
        let _ = writeln!(out, "\nMilestones:");
        for m in &view.milestones {
            let _ = writeln!(
                out,
                "  {:<32} {}",
                format!("{}:", m.label),
                months_long(m.months)
            );
        }
    }
    if view.steps.iter().any(|s| !s.assessed) {
        let _ = writeln!(
            out,
            "\nLevels marked ? are not assessed yet and taken as 0: if you know a skill, set \
             your level and the plan gets shorter."
        );
    }
    let _ = writeln!(
        out,
        "\nAssumes {}. Change it with --at-once and --hours-per-week; reasons per step: --json",
        view.pace.assumption
    );
    out
}
