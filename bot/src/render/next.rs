//! `/next`: the top recommendations with their reasons and time estimates,
//! one row of buttons each; the role picker for members without a role;
//! the level picker of "I already know this".
//!
//! Button ids carry everything the click needs (`next:ACTION:USER:SKILL`),
//! so a click works after a restart and on any replica.

use skillbot_recommender::Catalog;

use super::{
    Button, ButtonStyle, Embed, Reply, Row, Select, Who, colour, join_lines, limits, months,
};
use crate::service::catalog::RecommendView;

/// What a button under a recommendation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Records that the member started learning the skill.
    Start,
    /// Asks the member's level with a select menu, then stores it.
    Know,
    /// Hides the skill from the member's recommendations for four weeks.
    Snooze,
    /// The level chosen in the select menu of `Know`.
    Level,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::Start => "start",
            Action::Know => "know",
            Action::Snooze => "snooze",
            Action::Level => "level",
        }
    }
}

/// A parsed `next:…` component id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextId {
    pub action: Action,
    pub user: u64,
    pub skill: String,
}

impl NextId {
    pub fn new(action: Action, user: u64, skill: &str) -> NextId {
        NextId {
            action,
            user,
            skill: skill.to_string(),
        }
    }

    pub fn encode(&self) -> String {
        format!("next:{}:{}:{}", self.action.as_str(), self.user, self.skill)
    }

    pub fn parse(id: &str) -> Option<NextId> {
        let mut parts = id.splitn(4, ':');
        if parts.next()? != "next" {
            return None;
        }
        let action = match parts.next()? {
            "start" => Action::Start,
            "know" => Action::Know,
            "snooze" => Action::Snooze,
            "level" => Action::Level,
            _ => return None,
        };
        let user = parts.next()?.parse().ok()?;
        let skill = parts.next()?.to_string();
        (!skill.is_empty()).then_some(NextId {
            action,
            user,
            skill,
        })
    }
}

/// Id of the role picker shown to a member without a role.
pub fn role_picker_id(user: u64) -> String {
    format!("role:pick:{user}")
}

/// Parses a role picker id back to the member it is for.
pub fn parse_role_picker(id: &str) -> Option<u64> {
    id.strip_prefix("role:pick:")?.parse().ok()
}

/// The recommendations for `who` ("you" or a member's name), with buttons
/// for `user` (the member the recommendations are for).
pub fn recommendations(
    view: &RecommendView,
    catalog: &Catalog,
    who: &Who,
    user: u64,
    extra: &[String],
) -> Reply {
    let role_name = catalog
        .role(&view.role)
        .map_or_else(|_| view.role.clone(), |r| r.name.clone());
    let mut embed = Embed::new()
        .title(format!("Next skills for {} — {role_name}", who.object()))
        .colour(colour::NEXT);
    if view.recommendations.is_empty() {
        embed = embed.description(format!(
            "Nothing left to learn for {role_name}: every target is met. \
             Pick a more senior role with /role set, or help a teammate."
        ));
        return Reply::embed(embed).ephemeral();
    }
    let mut reply = Reply::default();
    for (i, rec) in view.recommendations.iter().enumerate() {
        let reasons: Vec<String> = rec.reasons.iter().map(|r| format!("· {r}")).collect();
        embed = embed.field(
            format!(
                "{}. {} — level {} → {} · {}",
                i + 1,
                rec.name,
                rec.from_level,
                rec.to_level,
                months(rec.estimate_months)
            ),
            join_lines(&reasons, limits::FIELD_VALUE),
            false,
        );
        let ids = [Action::Start, Action::Know, Action::Snooze]
            .map(|a| NextId::new(a, user, &rec.skill).encode());
        if ids.iter().all(|id| id.len() <= limits::CUSTOM_ID) {
            let [start, know, snooze] = ids;
            reply = reply.with_row(Row::Buttons(vec![
                Button::new(start, &format!("Start {}", rec.name), ButtonStyle::Success),
                Button::new(know, "I already know this", ButtonStyle::Secondary),
                Button::new(snooze, "Not now", ButtonStyle::Secondary),
            ]));
        }
    }
    if !extra.is_empty() {
        embed = embed.description(join_lines(extra, 1_000));
    }
    embed = embed.footer(
        "Start: records that you began · I already know this: set your level · \
         Not now: hidden for 4 weeks",
    );
    reply.embeds.push(embed.fit_total());
    reply.ephemeral()
}

/// Asked instead of recommendations when a member has no role yet.
pub fn pick_role(catalog: &Catalog, user: u64, who: &Who) -> Reply {
    let mut select = Select::new(role_picker_id(user), "Pick a role");
    for role in catalog.roles() {
        let core = role
            .targets
            .iter()
            .filter(|t| t.weight.as_str() == "core")
            .filter_map(|t| catalog.skill(&t.skill).ok().map(|s| s.name.clone()))
            .take(4)
            .collect::<Vec<_>>()
            .join(", ");
        select = select.option(&role.name, &role.id, Some(&format!("core: {core}")));
    }
    Reply::text(format!(
        "{} no role yet. Pick one, and the recommendations follow \
         (change it any time with /role set).",
        who.has()
    ))
    .with_row(Row::Select(select))
    .ephemeral()
}

/// The level picker of "I already know this".
pub fn pick_level(user: u64, skill_id: &str, skill_name: &str) -> Reply {
    let id = NextId::new(Action::Level, user, skill_id).encode();
    let mut select = Select::new(id, &format!("Your level in {skill_name}"));
    for (level, label, what) in [
        (1, "1 · aware", "I know what it is"),
        (2, "2 · beginner", "I have used it a little"),
        (3, "3 · working", "I use it in my work"),
        (4, "4 · advanced", "I could teach it"),
        (5, "5 · expert", "People come to me for it"),
    ] {
        select = select.option(label, &level.to_string(), Some(what));
    }
    Reply::text(format!("How well do you know {skill_name}?"))
        .with_row(Row::Select(select))
        .ephemeral()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::catalog::RecommendationView;

    fn view(n: usize) -> RecommendView {
        RecommendView {
            role: "backend-developer".into(),
            recommendations: (0..n)
                .map(|i| RecommendationView {
                    skill: ["sql", "docker", "git"][i % 3].into(),
                    name: ["SQL", "Docker", "Git"][i % 3].into(),
                    score: 3.0,
                    reasons: vec!["core for Backend developer: target 3, you are at 0".into()],
                    prerequisites_met: true,
                    estimate_months: [1.0, 2.0],
                    from_level: 0,
                    to_level: 3,
                    assessed: false,
                })
                .collect(),
        }
    }

    #[test]
    fn ids_round_trip_and_junk_is_rejected() {
        let id = NextId::new(Action::Know, 42, "spring-boot");
        assert_eq!(id.encode(), "next:know:42:spring-boot");
        assert_eq!(NextId::parse(&id.encode()), Some(id));
        for junk in [
            "",
            "next",
            "next:fly:1:sql",
            "next:start:x:sql",
            "next:start:1:",
            "ask:more",
        ] {
            assert_eq!(NextId::parse(junk), None, "{junk}");
        }
        assert_eq!(parse_role_picker(&role_picker_id(7)), Some(7));
        assert_eq!(parse_role_picker("role:pick:"), None);
    }

    #[test]
    fn three_recommendations_get_three_rows_of_buttons() {
        let reply = recommendations(&view(3), Catalog::builtin(), &Who::me(), 9, &[]);
        assert!(reply.ephemeral);
        assert_eq!(reply.rows.len(), 3);
        let embed = &reply.embeds[0];
        assert_eq!(embed.fields.len(), 3);
        assert!(
            embed.fields[0]
                .name
                .starts_with("1. SQL — level 0 → 3 · ~1–2 months")
        );
        let Row::Buttons(first) = &reply.rows[0] else {
            panic!()
        };
        assert_eq!(first[0].custom_id, "next:start:9:sql");
        assert_eq!(first[1].label, "I already know this");
        assert_eq!(first[2].label, "Not now");
    }

    #[test]
    fn a_met_role_says_so_without_buttons() {
        let reply = recommendations(&view(0), Catalog::builtin(), &Who::me(), 9, &[]);
        assert!(reply.rows.is_empty());
        assert!(reply.all_text().contains("every target is met"));
    }

    #[test]
    fn role_picker_lists_every_role_within_limits() {
        let reply = pick_role(Catalog::builtin(), 5, &Who::me());
        let Row::Select(select) = &reply.rows[0] else {
            panic!()
        };
        assert_eq!(
            select.options.len(),
            Catalog::builtin().roles().len().min(25)
        );
        assert!(
            select
                .options
                .iter()
                .any(|o| o.value == "backend-developer")
        );
        assert!(
            select
                .options
                .iter()
                .all(|o| o.label.chars().count() <= 100)
        );
    }
}
