//! What the bot says, as plain data: messages with embeds, buttons, select
//! menus and attachments, built from service views and cut to Discord's
//! limits. Nothing here knows serenity: `discord::reply` turns a [`Reply`]
//! into Discord's builders, and the tests read replies as plain values.
//!
//! Why limits live here: Discord rejects a whole message when one part is
//! too long (400 "Invalid Form Body"), so every text is cut before it
//! leaves — at a word, with "…" — instead of hoping it fits.

pub mod ask;
pub mod digest;
pub mod heatmap;
pub mod members;
pub mod next;
pub mod plan;
pub mod team;

/// Discord's limits on what one message may carry.
pub mod limits {
    /// Message content.
    pub const CONTENT: usize = 2_000;
    pub const EMBED_TITLE: usize = 256;
    pub const EMBED_DESCRIPTION: usize = 4_096;
    pub const FIELD_NAME: usize = 256;
    pub const FIELD_VALUE: usize = 1_024;
    pub const FIELDS: usize = 25;
    pub const FOOTER: usize = 2_048;
    /// All the text of all embeds of one message together.
    pub const EMBED_TOTAL: usize = 6_000;
    /// Choices in an autocomplete answer, options in a select menu.
    pub const CHOICES: usize = 25;
    pub const CHOICE_NAME: usize = 100;
    pub const BUTTON_LABEL: usize = 80;
    pub const CUSTOM_ID: usize = 100;
    /// Buttons in one row, rows in one message.
    pub const ROW_BUTTONS: usize = 5;
    pub const ROWS: usize = 5;
}

/// Embed colours.
pub mod colour {
    pub const ANSWER: u32 = 0x2f_80_ed;
    pub const NO_ANSWER: u32 = 0x95_a5_a6;
    pub const NEXT: u32 = 0x27_ae_60;
    pub const TEAM: u32 = 0x8e_44_ad;
    pub const WARNING: u32 = 0xe6_7e_22;
}

/// One message (or interaction reply).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reply {
    pub content: Option<String>,
    pub embeds: Vec<Embed>,
    pub rows: Vec<Row>,
    pub attachments: Vec<Attachment>,
    /// Only the person who asked sees it.
    pub ephemeral: bool,
}

impl Reply {
    /// A plain text reply, cut to the message limit.
    pub fn text(text: impl AsRef<str>) -> Reply {
        Reply {
            content: Some(truncate(text.as_ref(), limits::CONTENT)),
            ..Reply::default()
        }
    }

    /// An embed reply.
    pub fn embed(embed: Embed) -> Reply {
        Reply {
            embeds: vec![embed],
            ..Reply::default()
        }
    }

    pub fn ephemeral(mut self) -> Reply {
        self.ephemeral = true;
        self
    }

    pub fn with_row(mut self, row: Row) -> Reply {
        if !row.is_empty() && self.rows.len() < limits::ROWS {
            self.rows.push(row);
        }
        self
    }

    pub fn with_attachment(mut self, attachment: Attachment) -> Reply {
        self.attachments.push(attachment);
        self
    }

    /// Every piece of text of the message, for tests and logs.
    pub fn all_text(&self) -> String {
        let mut out = self.content.clone().unwrap_or_default();
        for e in &self.embeds {
            for part in [&e.title, &e.description, &e.footer].into_iter().flatten() {
                out.push('\n');
                out.push_str(part);
            }
            for f in &e.fields {
                out.push('\n');
                out.push_str(&f.name);
                out.push('\n');
                out.push_str(&f.value);
            }
        }
        out
    }
}

/// A rich embed. Build with the setters, which cut each part to its limit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Embed {
    pub title: Option<String>,
    pub description: Option<String>,
    pub fields: Vec<Field>,
    pub footer: Option<String>,
    pub colour: Option<u32>,
    /// `attachment://NAME` of an attached picture to show inside the embed.
    pub image: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub value: String,
    pub inline: bool,
}

impl Embed {
    pub fn new() -> Embed {
        Embed::default()
    }

    pub fn title(mut self, title: impl AsRef<str>) -> Embed {
        self.title = Some(truncate(title.as_ref(), limits::EMBED_TITLE));
        self
    }

    pub fn description(mut self, text: impl AsRef<str>) -> Embed {
        self.description = Some(truncate(text.as_ref(), limits::EMBED_DESCRIPTION));
        self
    }

    pub fn footer(mut self, text: impl AsRef<str>) -> Embed {
        self.footer = Some(truncate(text.as_ref(), limits::FOOTER));
        self
    }

    pub fn colour(mut self, colour: u32) -> Embed {
        self.colour = Some(colour);
        self
    }

    pub fn image(mut self, attachment_name: &str) -> Embed {
        self.image = Some(format!("attachment://{attachment_name}"));
        self
    }

    /// Adds a field unless the embed already has the most Discord allows.
    /// An empty value becomes "—" (Discord rejects empty fields).
    pub fn field(mut self, name: impl AsRef<str>, value: impl AsRef<str>, inline: bool) -> Embed {
        if self.fields.len() < limits::FIELDS {
            let value = value.as_ref().trim();
            self.fields.push(Field {
                name: truncate(non_empty(name.as_ref()), limits::FIELD_NAME),
                value: truncate(non_empty(value), limits::FIELD_VALUE),
                inline,
            });
        }
        self
    }

    /// Characters Discord counts against the 6,000 per message.
    pub fn len(&self) -> usize {
        let count = |s: &Option<String>| s.as_deref().map_or(0, |s| s.chars().count());
        count(&self.title)
            + count(&self.description)
            + count(&self.footer)
            + self
                .fields
                .iter()
                .map(|f| f.name.chars().count() + f.value.chars().count())
                .sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drops fields from the end until the embed fits the per-message total,
    /// noting in the footer that some were left out.
    pub fn fit_total(mut self) -> Embed {
        let mut dropped = 0;
        while self.len() > limits::EMBED_TOTAL - 40 && !self.fields.is_empty() {
            self.fields.pop();
            dropped += 1;
        }
        if dropped > 0 {
            let note = format!("{dropped} more not shown");
            self.footer = Some(match self.footer.take() {
                Some(f) => truncate(&format!("{f} · {note}"), limits::FOOTER),
                None => note,
            });
        }
        if self.len() > limits::EMBED_TOTAL {
            let room = limits::EMBED_TOTAL.saturating_sub(self.len() - self.description_len());
            self.description = self.description.map(|d| truncate(&d, room));
        }
        self
    }

    fn description_len(&self) -> usize {
        self.description.as_deref().map_or(0, |d| d.chars().count())
    }
}

fn non_empty(text: &str) -> &str {
    if text.trim().is_empty() { "—" } else { text }
}

/// A row of buttons, or one select menu.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Buttons(Vec<Button>),
    Select(Select),
}

impl Row {
    fn is_empty(&self) -> bool {
        match self {
            Row::Buttons(b) => b.is_empty(),
            Row::Select(s) => s.options.is_empty(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonStyle {
    Primary,
    Secondary,
    Success,
    Danger,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Button {
    pub custom_id: String,
    pub label: String,
    pub style: ButtonStyle,
}

impl Button {
    pub fn new(custom_id: impl Into<String>, label: &str, style: ButtonStyle) -> Button {
        let custom_id = custom_id.into();
        debug_assert!(custom_id.len() <= limits::CUSTOM_ID, "{custom_id}");
        Button {
            custom_id,
            label: truncate(label, limits::BUTTON_LABEL),
            style,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Select {
    pub custom_id: String,
    pub placeholder: String,
    /// `(label, value, description)`; at most 25.
    pub options: Vec<SelectOption>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SelectOption {
    pub label: String,
    pub value: String,
    pub description: Option<String>,
}

impl Select {
    pub fn new(custom_id: impl Into<String>, placeholder: &str) -> Select {
        Select {
            custom_id: custom_id.into(),
            placeholder: truncate(placeholder, 150),
            options: Vec::new(),
        }
    }

    pub fn option(mut self, label: &str, value: &str, description: Option<&str>) -> Select {
        if self.options.len() < limits::CHOICES {
            self.options.push(SelectOption {
                label: truncate(label, 100),
                value: value.chars().take(100).collect(),
                description: description.map(|d| truncate(d, 100)),
            });
        }
        self
    }
}

/// A file sent with a message.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    pub filename: String,
    pub bytes: Vec<u8>,
}

/// Cuts `text` to at most `max` characters, at a word boundary when one is
/// near, ending with "…". Text that fits is returned unchanged.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let keep: String = text.chars().take(max - 1).collect();
    // Prefer a word boundary in the last fifth of what is kept.
    let cut = keep
        .char_indices()
        .rev()
        .take_while(|(i, _)| *i * 5 >= keep.len() * 4)
        .find(|(_, c)| c.is_whitespace())
        .map_or(keep.len(), |(i, _)| i);
    let mut out = keep[..cut].trim_end().to_string();
    out.push('…');
    out
}

/// Joins lines into one text of at most `max` characters: whole lines while
/// they fit, then "… and N more".
pub fn join_lines(lines: &[String], max: usize) -> String {
    let more = |n: usize| {
        if n == 0 {
            String::new()
        } else {
            format!("\n… and {n} more")
        }
    };
    let mut out = String::new();
    let mut used = 0;
    for (i, line) in lines.iter().enumerate() {
        let with_line = used + usize::from(i > 0) + line.chars().count();
        // Adding a line must leave room to say how many follow it.
        if with_line + more(lines.len() - i - 1).chars().count() > max {
            if i == 0 {
                let suffix = more(lines.len() - 1);
                let room = max.saturating_sub(suffix.chars().count());
                return format!("{}{suffix}", truncate(line, room));
            }
            out.push_str(&more(lines.len() - i));
            return out;
        }
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line);
        used = with_line;
    }
    out
}

/// "1 member", "2 members".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A month range: "~2–4 months", "~3 months", "under a month".
pub fn months([low, high]: [f32; 2]) -> String {
    let fmt = |m: f32| {
        if m.fract() == 0.0 {
            format!("{m:.0}")
        } else {
            format!("{m:.1}")
        }
    };
    if high < 1.0 {
        "under a month".to_string()
    } else if (high - low).abs() < 0.05 {
        format!(
            "~{} {}",
            fmt(high),
            if high == 1.0 { "month" } else { "months" }
        )
    } else {
        format!("~{}–{} months", fmt(low), fmt(high))
    }
}

/// Who a reply is about: the person asking, or another member by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub name: String,
    pub is_self: bool,
}

impl Who {
    pub fn me() -> Who {
        Who {
            name: "you".into(),
            is_self: true,
        }
    }

    pub fn member(name: impl Into<String>) -> Who {
        Who {
            name: name.into(),
            is_self: false,
        }
    }

    /// "you" / "Ana".
    pub fn object(&self) -> &str {
        &self.name
    }

    /// "You are" / "Ana is".
    pub fn is(&self) -> String {
        if self.is_self {
            "You are".into()
        } else {
            format!("{} is", self.name)
        }
    }

    /// "You have" / "Ana has".
    pub fn has(&self) -> String {
        if self.is_self {
            "You have".into()
        } else {
            format!("{} has", self.name)
        }
    }
}

/// A Discord mention of a user id.
pub fn mention(user_id: impl std::fmt::Display) -> String {
    format!("<@{user_id}>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_keeps_short_text_and_cuts_long_text_at_a_word() {
        assert_eq!(truncate("short", 10), "short");
        let cut = truncate("the quick brown fox jumps over the lazy dog", 20);
        assert!(cut.chars().count() <= 20, "{cut}");
        assert!(cut.ends_with('…'));
        assert_eq!(cut, "the quick brown fox…");
        // No space near the end: cut mid-word rather than losing most of it.
        let long_word = "a".repeat(50);
        let cut = truncate(&long_word, 10);
        assert_eq!(cut.chars().count(), 10);
        // Multi-byte characters are counted as characters, never split.
        let cut = truncate(&"é".repeat(3000), limits::CONTENT);
        assert_eq!(cut.chars().count(), limits::CONTENT);
    }

    #[test]
    fn embeds_respect_field_limits() {
        let mut embed = Embed::new().title("t".repeat(300));
        assert_eq!(
            embed.title.as_ref().unwrap().chars().count(),
            limits::EMBED_TITLE
        );
        for i in 0..30 {
            embed = embed.field(format!("f{i}"), "v".repeat(2_000), false);
        }
        assert_eq!(embed.fields.len(), limits::FIELDS);
        assert!(
            embed
                .fields
                .iter()
                .all(|f| f.value.chars().count() <= limits::FIELD_VALUE)
        );
        let embed = embed.fit_total();
        assert!(embed.len() <= limits::EMBED_TOTAL, "{}", embed.len());
        assert!(embed.footer.unwrap().contains("more not shown"));
        let empty = Embed::new().field("", "  ", true);
        assert_eq!(empty.fields[0].value, "—");
    }

    #[test]
    fn join_lines_says_how_many_were_left_out() {
        let lines: Vec<String> = (0..100).map(|i| format!("line number {i}")).collect();
        let text = join_lines(&lines, 200);
        assert!(text.chars().count() <= 200, "{}", text.chars().count());
        assert!(text.starts_with("line number 0\n"));
        let shown = text.lines().filter(|l| l.starts_with("line")).count();
        assert!(
            text.ends_with(&format!("… and {} more", 100 - shown)),
            "{text}"
        );
        assert_eq!(join_lines(&lines[..2], 200), "line number 0\nline number 1");
    }

    #[test]
    fn months_and_plurals_read_naturally() {
        assert_eq!(months([2.0, 4.0]), "~2–4 months");
        assert_eq!(months([3.0, 3.0]), "~3 months");
        assert_eq!(months([1.0, 1.0]), "~1 month");
        assert_eq!(months([0.5, 1.5]), "~0.5–1.5 months");
        assert_eq!(months([0.0, 0.5]), "under a month");
        assert_eq!(plural(1, "member", "members"), "1 member");
        assert_eq!(plural(3, "member", "members"), "3 members");
    }
}
