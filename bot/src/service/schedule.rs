//! Digest schedules: a cron expression read in an IANA time zone, and the
//! times it fires.
//!
//! Why it works this way. The `cron` crate wants a seconds field first and
//! numbers the days of the week 1–7 from Sunday, while the crontab form
//! people know has five fields and numbers them 0–7 with 0 and 7 both
//! Sunday, 1 Monday. So a five-field expression is converted: `0` seconds
//! are put in front, and its day-of-week field is rewritten as day names
//! (`1-5` becomes `MON,TUE,WED,THU,FRI`), so `0 9 * * 1` means Monday, as
//! in crontab. Six- and seven-field expressions (seconds first, optional
//! year last) are the crate's own form and are read as they are.
//!
//! Time zones are applied here, not by the crate: the crate walks the
//! calendar in *local wall-clock time* (with a zone that has no daylight
//! saving), and each local time is then placed in the real zone:
//!
//! - a local time that exists once is that instant;
//! - a local time that a DST change repeats (01:30 in New York on the
//!   November change) fires once, at its first occurrence;
//! - a local time that a DST change skips (02:30 in Berlin on the March
//!   change) fires once, at the moment the clock jumps past it (03:00 local
//!   time), rather than not at all as the `cron` crate would have it.
//!
//! Every value is validated once, at the edge: [`CronSchedule::parse`] and
//! [`TimeZone::parse`] return a [`ScheduleError`] that names what is wrong.
//!
//! ```
//! use chrono::{TimeZone as _, Utc};
//! use skillbot::service::schedule::{CronSchedule, TimeZone};
//!
//! let cron = CronSchedule::parse("0 9 * * MON").unwrap();
//! let zone = TimeZone::parse("Europe/Berlin").unwrap();
//! let from = Utc.with_ymd_and_hms(2025, 3, 25, 0, 0, 0).unwrap();
//! let next = cron.next_times(zone, from, 1);
//! // The Monday after the March change: 09:00 local is 07:00 UTC.
//! assert_eq!(next[0].utc.to_rfc3339(), "2025-03-31T07:00:00+00:00");
//! ```

use std::fmt;
use std::str::FromStr;

use chrono::offset::LocalResult;
use chrono::{DateTime, Duration, NaiveDateTime, SecondsFormat, TimeZone as _, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::UserError;

/// Something wrong with a cron expression or a time zone. The message says
/// what and how to write it instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScheduleError {
    #[error(
        "the cron expression is empty: write five fields (minute hour day-of-month month \
         day-of-week), e.g. `0 9 * * MON` for Mondays at 09:00"
    )]
    EmptyCron,
    #[error(
        "cron expression `{given}` has {count} field{}: write five (minute hour day-of-month \
         month day-of-week, e.g. `0 9 * * MON`), or six/seven with seconds first (`0 0 9 * * MON`)",
        if *count == 1 { "" } else { "s" }
    )]
    FieldCount { given: String, count: usize },
    #[error("cron expression `{given}`: the {field} field `{value}` is not valid: {hint}")]
    Field {
        given: String,
        field: &'static str,
        value: String,
        hint: &'static str,
    },
    #[error(
        "cron expression `{given}` gives both a day of the month and a day of the week; crontab \
         would fire on either, this scheduler only on days matching both. Use `*` for one of them"
    )]
    BothDays { given: String },
    #[error("cron expression `{given}` never fires (no date matches it, e.g. February 30)")]
    Never { given: String },
    #[error("cron expression `{given}` is not valid: {reason}")]
    Invalid { given: String, reason: String },
    #[error(
        "the time zone is empty: give an IANA zone name such as Europe/Berlin, America/New_York \
         or UTC"
    )]
    EmptyZone,
    #[error(
        "`{given}` is a fixed UTC offset, which does not follow daylight saving time: give a zone \
         name such as Europe/Berlin or America/New_York (or UTC)"
    )]
    FixedOffset { given: String },
    #[error(
        "`{given}` is an abbreviation, not a time zone (it does not say when daylight saving \
         time starts): give a zone name such as {suggestion}"
    )]
    Abbreviation { given: String, suggestion: String },
    #[error("unknown time zone `{given}`{}", did_you_mean(suggestions))]
    UnknownZone {
        given: String,
        suggestions: Vec<String>,
    },
}

fn did_you_mean(suggestions: &[String]) -> String {
    match suggestions {
        [] => ": give an IANA zone name such as Europe/Berlin, America/New_York or UTC".into(),
        [one] => format!(" — did you mean {one}?"),
        many => format!(" — did you mean one of {}?", many.join(", ")),
    }
}

impl From<ScheduleError> for UserError {
    fn from(err: ScheduleError) -> Self {
        UserError::new(err.to_string())
    }
}

/// A parsed cron expression: five fields (`0 9 * * MON`), six or seven
/// with seconds first (`0 0 9 * * MON`), or a shorthand (`@weekly`).
#[derive(Debug, Clone)]
pub struct CronSchedule {
    /// As given, with runs of whitespace collapsed.
    text: String,
    schedule: cron::Schedule,
}

impl PartialEq for CronSchedule {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for CronSchedule {}

/// Crate field positions (seconds first) and what each accepts.
const FIELDS: [(&str, &str); 7] = [
    ("seconds", "seconds are 0–59"),
    ("minute", "minutes are 0–59, e.g. `0`, `*/15` or `0,30`"),
    ("hour", "hours are 0–23, e.g. `9` or `9-17`"),
    ("day-of-month", "days of the month are 1–31, or `*`"),
    ("month", "months are 1–12 or JAN–DEC, or `*`"),
    (
        "day-of-week",
        "days of the week are 1–7 from Sunday in the six/seven-field form, or SUN–SAT",
    ),
    ("year", "years are 1970–2100, or `*`"),
];

const DAY_OF_WEEK_HINT: &str =
    "days of the week are 0–7 (0 and 7 are Sunday, 1 Monday) or SUN–SAT, e.g. `MON` or `MON-FRI`";

const DAY_NAMES: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

impl CronSchedule {
    /// Parses a cron expression. Five fields are crontab's (minute hour
    /// day-of-month month day-of-week, days of the week 0–7 from Sunday);
    /// six or seven are the `cron` crate's (seconds first, optional year
    /// last, days of the week 1–7 from Sunday); `@hourly`, `@daily`,
    /// `@weekly`, `@monthly`, `@yearly` are shorthands.
    pub fn parse(text: &str) -> Result<CronSchedule, ScheduleError> {
        let fields: Vec<&str> = text.split_whitespace().collect();
        let given = fields.join(" ");
        let crate_form = match fields.as_slice() {
            [] => return Err(ScheduleError::EmptyCron),
            [one] if one.starts_with('@') => shorthand(&given, one)?,
            [minute, hour, dom, month, dow] => {
                if is_restricted(dom) && is_restricted(dow) {
                    return Err(ScheduleError::BothDays { given });
                }
                let dow = crontab_days_of_week(dow).map_err(|()| ScheduleError::Field {
                    given: given.clone(),
                    field: "day-of-week",
                    value: (*dow).to_string(),
                    hint: DAY_OF_WEEK_HINT,
                })?;
                format!("0 {minute} {hour} {dom} {month} {dow}")
            }
            [_, _, _, _, _, _] | [_, _, _, _, _, _, _] => given.clone(),
            more => {
                return Err(ScheduleError::FieldCount {
                    given,
                    count: more.len(),
                });
            }
        };
        let schedule = match cron::Schedule::from_str(&crate_form) {
            Ok(schedule) => schedule,
            Err(err) => return Err(field_error(&given, &fields, &crate_form, &err)),
        };
        let epoch = Utc.with_ymd_and_hms(1970, 1, 1, 0, 0, 0).unwrap();
        if schedule.after(&epoch).next().is_none() {
            return Err(ScheduleError::Never { given });
        }
        Ok(CronSchedule {
            text: given,
            schedule,
        })
    }

    /// The expression as given (whitespace collapsed): what to store and show.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The fire times strictly after `after`, in order, read in `zone`
    /// (DST-correct: see the module docs). Ends after the year 2100.
    pub fn fire_times(&self, zone: TimeZone, after: DateTime<Utc>) -> FireTimes {
        let tz = zone.0;
        // Walk local wall-clock time: a zone without DST (UTC) stands in
        // for "local". One second back so a local time equal to `after`'s
        // own reading is considered (and then filtered by instant).
        let local_start = after.with_timezone(&tz).naive_local() - Duration::seconds(1);
        FireTimes {
            tz,
            last: after,
            walk: self.schedule.after_owned(local_start.and_utc()),
        }
    }

    /// The next `count` fire times after `after` (fewer if the schedule
    /// ends, as a seven-field expression with a year may).
    pub fn next_times(&self, zone: TimeZone, after: DateTime<Utc>, count: usize) -> Vec<FireTime> {
        self.fire_times(zone, after).take(count).collect()
    }
}

impl fmt::Display for CronSchedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for CronSchedule {
    type Err = ScheduleError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        CronSchedule::parse(text)
    }
}

fn shorthand(given: &str, word: &str) -> Result<String, ScheduleError> {
    let known = match word.to_ascii_lowercase().as_str() {
        "@yearly" | "@annually" => "@yearly",
        "@monthly" => "@monthly",
        "@weekly" => "@weekly",
        "@daily" | "@midnight" => "@daily",
        "@hourly" => "@hourly",
        _ => {
            return Err(ScheduleError::Invalid {
                given: given.to_string(),
                reason: "the shorthands are @hourly, @daily, @weekly, @monthly and @yearly".into(),
            });
        }
    };
    Ok(known.to_string())
}

/// Whether a day field restricts the days (anything but `*` or `?`).
fn is_restricted(field: &str) -> bool {
    field != "*" && field != "?"
}

/// Rewrites a crontab day-of-week field (0–7 from Sunday, names, ranges,
/// lists, steps) as a list of day names, which mean the same to the `cron`
/// crate.
fn crontab_days_of_week(field: &str) -> Result<String, ()> {
    if !is_restricted(field) {
        return Ok(field.to_string());
    }
    let mut days = [false; 7];
    for item in field.split(',') {
        let (base, step) = match item.split_once('/') {
            Some((base, step)) => (base, step.parse::<usize>().map_err(|_| ())?),
            None => (item, 1),
        };
        if step == 0 {
            return Err(());
        }
        let (first, last) = match base {
            "*" => (0, 6),
            _ => match base.split_once('-') {
                Some((a, b)) => {
                    let a = day_number(a)?;
                    // `5-7` and `FRI-SUN` end on Sunday, counted as 7.
                    let b = match day_number(b)? {
                        0 if a > 0 => 7,
                        b => b,
                    };
                    if a > b {
                        return Err(());
                    }
                    (a, b)
                }
                // `1/2` means from Monday, every other day, to the end.
                None if item.contains('/') => (day_number(base)?, 6),
                None => {
                    let day = day_number(base)?;
                    (day, day)
                }
            },
        };
        for day in (first..=last).step_by(step) {
            days[day % 7] = true;
        }
    }
    Ok(DAY_NAMES
        .iter()
        .zip(days)
        .filter(|(_, on)| *on)
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(","))
}

/// A crontab day of the week: 0–7 (7 is Sunday again) or a name.
fn day_number(text: &str) -> Result<usize, ()> {
    if let Ok(n) = text.parse::<usize>() {
        return if n <= 7 { Ok(n % 7) } else { Err(()) };
    }
    let lower = text.to_ascii_lowercase();
    let day = match lower.as_str() {
        "sun" | "sunday" => 0,
        "mon" | "monday" => 1,
        "tue" | "tues" | "tuesday" => 2,
        "wed" | "wednesday" => 3,
        "thu" | "thur" | "thurs" | "thursday" => 4,
        "fri" | "friday" => 5,
        "sat" | "saturday" => 6,
        _ => return Err(()),
    };
    Ok(day)
}

/// Finds which field the `cron` crate rejected by parsing each field alone
/// (every other field `*`), so the message can name it.
fn field_error(
    given: &str,
    fields: &[&str],
    crate_form: &str,
    err: &cron::error::Error,
) -> ScheduleError {
    let crate_fields: Vec<&str> = crate_form.split_whitespace().collect();
    let five = fields.len() == 5;
    for (i, value) in crate_fields.iter().enumerate() {
        let mut probe: Vec<&str> = vec!["0", "*", "*", "*", "*", "*"];
        if crate_fields.len() == 7 {
            probe.push("*");
        }
        probe[i] = value;
        if cron::Schedule::from_str(&probe.join(" ")).is_ok() {
            continue;
        }
        let (field, mut hint) = FIELDS[i];
        // A five-field expression shows the user's own field.
        let value = if five { fields[i - 1] } else { value };
        if five && i == 5 {
            hint = DAY_OF_WEEK_HINT;
        }
        return ScheduleError::Field {
            given: given.to_string(),
            field,
            value: value.to_string(),
            hint,
        };
    }
    ScheduleError::Invalid {
        given: given.to_string(),
        reason: err.to_string(),
    }
}

/// Iterator over fire times: see [`CronSchedule::fire_times`].
pub struct FireTimes {
    tz: Tz,
    /// The last instant returned (or the start): each fire is later.
    last: DateTime<Utc>,
    /// Local wall-clock times the expression matches, as if UTC.
    walk: cron::OwnedScheduleIterator<Utc>,
}

impl Iterator for FireTimes {
    type Item = FireTime;

    fn next(&mut self) -> Option<FireTime> {
        loop {
            let local = self.walk.next()?.naive_utc();
            let utc = place(self.tz, local);
            // A skipped local time moved to the jump can meet a real one
            // (02:00 and 02:30 both become 03:00), and a repeated hour
            // revisits instants already passed: each instant fires once.
            if utc <= self.last {
                continue;
            }
            self.last = utc;
            return Some(FireTime {
                local: utc.with_timezone(&self.tz),
                utc,
            });
        }
    }
}

/// The instant a local wall-clock time stands for in `tz`: itself; the
/// first of two when DST repeats it; the moment the clock jumps past it
/// when DST skips it.
fn place(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            // In a gap: the first instant whose local reading is not
            // earlier than `local`. UTC offsets are within ±1 day, and the
            // local reading only jumps forward here, so bisect.
            let reads_at_least = |t: DateTime<Utc>| t.with_timezone(&tz).naive_local() >= local;
            let mut lo = local.and_utc() - Duration::days(1);
            let mut hi = local.and_utc() + Duration::days(1);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if reads_at_least(mid) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            hi
        }
    }
}

/// One fire time, in the schedule's zone and in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FireTime {
    pub local: DateTime<Tz>,
    pub utc: DateTime<Utc>,
}

impl fmt::Display for FireTime {
    /// `Mon 2025-03-31 09:00 CEST (07:00 UTC)`; seconds only when not 0;
    /// the UTC date too when it differs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = chrono::Timelike::second(&self.local) != 0;
        let time = if seconds { "%H:%M:%S" } else { "%H:%M" };
        let local_format = format!("%a %Y-%m-%d {time} %Z");
        let local = self.local.format(&local_format);
        let utc_format = if self.utc.date_naive() == self.local.date_naive() {
            time.to_string()
        } else {
            format!("%a %Y-%m-%d {time}")
        };
        write!(f, "{local} ({} UTC)", self.utc.format(&utc_format))
    }
}

impl Serialize for FireTime {
    /// `{"local": "2025-03-31T09:00:00+02:00", "utc": "2025-03-31T07:00:00Z"}`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("FireTime", 2)?;
        out.serialize_field(
            "local",
            &self.local.to_rfc3339_opts(SecondsFormat::Secs, false),
        )?;
        out.serialize_field("utc", &self.utc.to_rfc3339_opts(SecondsFormat::Secs, true))?;
        out.end()
    }
}

/// An IANA time zone (`Europe/Berlin`, `America/New_York`, `UTC`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeZone(Tz);

/// Common abbreviations people type, and a zone to suggest instead.
const ABBREVIATIONS: [(&str, &str); 22] = [
    ("PST", "America/Los_Angeles"),
    ("PDT", "America/Los_Angeles"),
    ("PT", "America/Los_Angeles"),
    ("MST", "America/Denver"),
    ("MDT", "America/Denver"),
    ("MT", "America/Denver"),
    ("CST", "America/Chicago"),
    ("CDT", "America/Chicago"),
    ("CT", "America/Chicago"),
    ("EST", "America/New_York"),
    ("EDT", "America/New_York"),
    ("ET", "America/New_York"),
    ("BST", "Europe/London"),
    ("IST", "Asia/Kolkata"),
    ("CET", "Europe/Berlin"),
    ("CEST", "Europe/Berlin"),
    ("EET", "Europe/Helsinki"),
    ("EEST", "Europe/Helsinki"),
    ("WET", "Europe/Lisbon"),
    ("MSK", "Europe/Moscow"),
    ("JST", "Asia/Tokyo"),
    ("AEST", "Australia/Sydney"),
];

impl TimeZone {
    pub const UTC: TimeZone = TimeZone(Tz::UTC);

    /// Parses an IANA zone name, ignoring case (`europe/berlin`) and
    /// accepting spaces for underscores (`America/New York`). Refuses
    /// abbreviations (`PST`, `CET`) and fixed offsets (`+02:00`), which do
    /// not follow daylight saving time, with a zone name to use instead.
    pub fn parse(text: &str) -> Result<TimeZone, ScheduleError> {
        let given = text.trim();
        if given.is_empty() {
            return Err(ScheduleError::EmptyZone);
        }
        let wanted = given.replace(' ', "_");
        let upper = wanted.to_ascii_uppercase();
        if upper == "UTC" || upper == "GMT" || upper == "Z" || upper == "ZULU" {
            return Ok(TimeZone::UTC);
        }
        if let Some((_, zone)) = ABBREVIATIONS.iter().find(|(a, _)| *a == upper) {
            return Err(ScheduleError::Abbreviation {
                given: given.to_string(),
                suggestion: (*zone).to_string(),
            });
        }
        let offset_like = upper
            .trim_start_matches("UTC")
            .trim_start_matches("GMT")
            .starts_with(['+', '-']);
        if offset_like {
            return Err(ScheduleError::FixedOffset {
                given: given.to_string(),
            });
        }
        // Area/Location names only (plus UTC above): the legacy names
        // without a slash (`EST5EDT`, `MET`) are abbreviations in disguise.
        let found = chrono_tz::TZ_VARIANTS
            .iter()
            .find(|tz| tz.name().eq_ignore_ascii_case(&wanted));
        match found {
            Some(tz) if tz.name().contains('/') => Ok(TimeZone(*tz)),
            _ => Err(ScheduleError::UnknownZone {
                given: given.to_string(),
                suggestions: suggest_zones(&wanted),
            }),
        }
    }

    /// The canonical name, e.g. `Europe/Berlin`: what to store and show.
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// The chrono-tz zone.
    pub fn tz(self) -> Tz {
        self.0
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for TimeZone {
    type Err = ScheduleError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        TimeZone::parse(text)
    }
}

impl Serialize for TimeZone {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// Up to three zone names close to `wanted`: those whose city is `wanted`
/// (`Berlin`), else the closest by spelling.
fn suggest_zones(wanted: &str) -> Vec<String> {
    let wanted = wanted.to_lowercase();
    let zones = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| tz.name())
        .filter(|name| name.contains('/'));
    let by_city: Vec<String> = zones
        .clone()
        .filter(|name| {
            name.rsplit('/')
                .next()
                .is_some_and(|city| city.eq_ignore_ascii_case(&wanted))
        })
        .take(3)
        .map(str::to_string)
        .collect();
    if !by_city.is_empty() {
        return by_city;
    }
    // `Europe/Berlni`: compare cities within the area given, so the shared
    // `Europe/` does not make every European zone look close.
    let (area, city) = match wanted.rsplit_once('/') {
        Some((area, city))
            if zones
                .clone()
                .any(|z| z.to_lowercase().starts_with(&format!("{area}/"))) =>
        {
            (Some(area.to_string()), city.to_string())
        }
        _ => (None, wanted.clone()),
    };
    let mut scored: Vec<(f64, &str)> = zones
        .filter_map(|name| {
            let lower = name.to_lowercase();
            let (zone_area, zone_city) = lower.rsplit_once('/')?;
            let score = match &area {
                Some(area) if area != zone_area => return None,
                Some(_) => strsim::jaro_winkler(&city, zone_city),
                None => {
                    strsim::jaro_winkler(&city, zone_city).max(strsim::jaro_winkler(&city, &lower))
                }
            };
            Some((score, name))
        })
        .filter(|(score, _)| *score >= 0.85)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let best = scored.first().map_or(0.0, |s| s.0);
    scored
        .into_iter()
        .take_while(|(score, _)| *score >= best - 0.03)
        .take(3)
        .map(|(_, name)| name.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn next(cron: &str, zone: &str, from: &str, count: usize) -> Vec<String> {
        CronSchedule::parse(cron)
            .unwrap()
            .next_times(TimeZone::parse(zone).unwrap(), utc(from), count)
            .iter()
            .map(|t| t.utc.to_rfc3339_opts(SecondsFormat::Secs, true))
            .collect()
    }

    #[test]
    fn five_six_and_seven_fields_and_shorthands_parse() {
        let from = "2025-01-01T00:00:00Z"; // a Wednesday
        let cases: &[(&str, &str)] = &[
            ("0 9 * * MON", "2025-01-06T09:00:00Z"),
            ("0 9 * * 1", "2025-01-06T09:00:00Z"), // crontab: 1 is Monday
            ("0 9 * * 0", "2025-01-05T09:00:00Z"), // 0 is Sunday
            ("0 9 * * 7", "2025-01-05T09:00:00Z"), // so is 7
            ("0 9 * * sun", "2025-01-05T09:00:00Z"),
            ("30 17 * * 1-5", "2025-01-01T17:30:00Z"),
            ("0 9 * * 5-7", "2025-01-03T09:00:00Z"), // Fri–Sun
            ("0 9 * * FRI-SUN", "2025-01-03T09:00:00Z"),
            ("0 9 * * */3", "2025-01-01T09:00:00Z"), // Sun, Wed, Sat: today, Wednesday
            ("0 9 * * 1/2", "2025-01-01T09:00:00Z"), // Mon, Wed, Fri
            ("0 9 * * 4/7", "2025-01-02T09:00:00Z"), // Thursday only
            ("0 9 1 * *", "2025-01-01T09:00:00Z"),
            ("0 9 2 * *", "2025-01-02T09:00:00Z"),
            ("0 9 * 3 *", "2025-03-01T09:00:00Z"),
            ("  0   9 *  * MON ", "2025-01-06T09:00:00Z"),
            ("0 0 9 * * MON", "2025-01-06T09:00:00Z"), // six fields: seconds first
            ("0 0 9 * * 2", "2025-01-06T09:00:00Z"),   // the crate's numbering: 2 is Monday
            ("15 0 9 * * MON", "2025-01-06T09:00:15Z"),
            ("0 0 9 * * MON 2026", "2026-01-05T09:00:00Z"), // seven fields: a year
            ("@weekly", "2025-01-05T00:00:00Z"),
            ("@DAILY", "2025-01-02T00:00:00Z"),
        ];
        for (cron, want) in cases {
            assert_eq!(next(cron, "UTC", from, 1), [*want], "{cron}");
        }
        assert_eq!(
            CronSchedule::parse("  0   9 *  * MON ").unwrap().as_str(),
            "0 9 * * MON"
        );
    }

    #[test]
    fn bad_expressions_name_the_field() {
        let cases: &[(&str, &str)] = &[
            ("", "the cron expression is empty"),
            ("   ", "the cron expression is empty"),
            ("0 9 * *", "has 4 fields"),
            ("0 9", "has 2 fields"),
            ("1 2 3 4 5 6 7 8", "has 8 fields"),
            (
                "60 9 * * MON",
                "the minute field `60` is not valid: minutes are 0–59",
            ),
            (
                "0 24 * * MON",
                "the hour field `24` is not valid: hours are 0–23",
            ),
            ("0 9 32 * *", "the day-of-month field `32` is not valid"),
            (
                "0 9 * 13 *",
                "the month field `13` is not valid: months are 1–12",
            ),
            (
                "0 9 * * MOX",
                "the day-of-week field `MOX` is not valid: days of the week are 0–7",
            ),
            ("0 9 * * 8", "the day-of-week field `8` is not valid"),
            ("0 9 * * 5-1", "the day-of-week field `5-1` is not valid"),
            ("0 9 * * */0", "the day-of-week field `*/0` is not valid"),
            ("0 nine * * MON", "the hour field `nine` is not valid"),
            ("61 0 9 * * MON", "the seconds field `61` is not valid"),
            (
                "0 0 9 * * 9",
                "the day-of-week field `9` is not valid: days of the week are 1–7",
            ),
            ("0 0 9 * * MON 1800", "the year field `1800` is not valid"),
            (
                "0 9 1 * MON",
                "both a day of the month and a day of the week",
            ),
            ("0 9 30 2 *", "never fires"),
            ("@reboot", "the shorthands are"),
        ];
        for (cron, want) in cases {
            let err = CronSchedule::parse(cron).unwrap_err().to_string();
            assert!(err.contains(want), "{cron:?}: {err}");
        }
    }

    #[test]
    fn zones_parse_by_name_ignoring_case_and_refuse_what_does_not_follow_dst() {
        for (given, want) in [
            ("Europe/Berlin", "Europe/Berlin"),
            ("europe/berlin", "Europe/Berlin"),
            (" America/New York ", "America/New_York"),
            ("utc", "UTC"),
            ("Etc/UTC", "Etc/UTC"),
            ("Asia/Kolkata", "Asia/Kolkata"),
        ] {
            assert_eq!(TimeZone::parse(given).unwrap().name(), want, "{given}");
        }
        let cases: &[(&str, &str)] = &[
            ("", "the time zone is empty"),
            ("PST", "`PST` is an abbreviation"),
            ("cest", "such as Europe/Berlin"),
            ("+02:00", "is a fixed UTC offset"),
            ("UTC+2", "is a fixed UTC offset"),
            ("GMT-5", "is a fixed UTC offset"),
            ("Berlin", "did you mean Europe/Berlin?"),
            ("Europe/Berlni", "did you mean Europe/Berlin?"),
            ("America/New_Yrok", "America/New_York"),
            ("EST5EDT", "unknown time zone `EST5EDT`"),
            ("Mars/Olympus_Mons", "unknown time zone `Mars/Olympus_Mons`"),
        ];
        for (given, want) in cases {
            let err = TimeZone::parse(given).unwrap_err().to_string();
            assert!(err.contains(want), "{given:?}: {err}");
        }
    }

    /// A Monday 09:00 digest fires at 09:00 local time on both sides of
    /// each DST change (DESIGN.md: 08:00 UTC before the March change in
    /// Berlin, 07:00 after).
    #[test]
    fn nine_o_clock_local_in_winter_and_summer() {
        assert_eq!(
            next("0 9 * * MON", "Europe/Berlin", "2025-03-20T00:00:00Z", 2),
            ["2025-03-24T08:00:00Z", "2025-03-31T07:00:00Z"]
        );
        assert_eq!(
            next("0 9 * * MON", "Europe/Berlin", "2025-10-20T00:00:00Z", 2),
            ["2025-10-20T07:00:00Z", "2025-10-27T08:00:00Z"]
        );
        assert_eq!(
            next("0 9 * * MON", "America/New_York", "2025-03-03T00:00:00Z", 2),
            ["2025-03-03T14:00:00Z", "2025-03-10T13:00:00Z"]
        );
        assert_eq!(
            next("0 9 * * MON", "America/New_York", "2025-10-27T00:00:00Z", 2),
            ["2025-10-27T13:00:00Z", "2025-11-03T14:00:00Z"]
        );
        let local: Vec<String> = CronSchedule::parse("0 9 * * MON")
            .unwrap()
            .next_times(
                TimeZone::parse("Europe/Berlin").unwrap(),
                utc("2025-03-20T00:00:00Z"),
                2,
            )
            .iter()
            .map(|t| serde_json::to_value(t).unwrap()["local"].to_string())
            .collect();
        assert_eq!(
            local,
            [
                "\"2025-03-24T09:00:00+01:00\"",
                "\"2025-03-31T09:00:00+02:00\""
            ]
        );
    }

    /// 02:30 does not exist on the spring-forward day: it fires once, when
    /// the clock jumps to 03:00, and the days around it at 02:30.
    #[test]
    fn a_skipped_local_time_fires_once_at_the_jump() {
        assert_eq!(
            next("30 2 * * *", "Europe/Berlin", "2025-03-29T00:00:00Z", 3),
            [
                "2025-03-29T01:30:00Z", // 02:30 CET
                "2025-03-30T01:00:00Z", // the jump: 03:00 CEST
                "2025-03-31T00:30:00Z", // 02:30 CEST
            ]
        );
        assert_eq!(
            next("30 2 * * *", "America/New_York", "2025-03-08T00:00:00Z", 3),
            [
                "2025-03-08T07:30:00Z", // 02:30 EST
                "2025-03-09T07:00:00Z", // the jump: 03:00 EDT
                "2025-03-10T06:30:00Z", // 02:30 EDT
            ]
        );
        // Every half hour across the jump: 02:00 and 02:30 both land on
        // 03:00, which fires once.
        assert_eq!(
            next("*/30 * * * *", "Europe/Berlin", "2025-03-30T00:15:00Z", 3),
            [
                "2025-03-30T00:30:00Z", // 01:30 CET
                "2025-03-30T01:00:00Z", // 03:00 CEST
                "2025-03-30T01:30:00Z", // 03:30 CEST
            ]
        );
    }

    /// 01:30 happens twice on New York's fall-back day (02:30 in Berlin):
    /// it fires once, at the first.
    #[test]
    fn a_repeated_local_time_fires_once() {
        assert_eq!(
            next("30 1 * * *", "America/New_York", "2025-11-01T00:00:00Z", 3),
            [
                "2025-11-01T05:30:00Z", // 01:30 EDT
                "2025-11-02T05:30:00Z", // 01:30 EDT, not again at 06:30 (EST)
                "2025-11-03T06:30:00Z", // 01:30 EST
            ]
        );
        assert_eq!(
            next("30 2 * * *", "Europe/Berlin", "2025-10-25T00:00:00Z", 3),
            [
                "2025-10-25T00:30:00Z", // 02:30 CEST
                "2025-10-26T00:30:00Z", // 02:30 CEST, not again at 01:30 (CET)
                "2025-10-27T01:30:00Z", // 02:30 CET
            ]
        );
        // The one at 01:30 in New York is not a 09:00 schedule's business.
        assert_eq!(
            next("30 1 * * *", "Europe/Berlin", "2025-11-01T00:00:00Z", 2),
            ["2025-11-01T00:30:00Z", "2025-11-02T00:30:00Z"]
        );
        // Starting inside the repeated hour, on its second pass, the
        // 01:30 that already fired does not fire again.
        assert_eq!(
            next("30 1 * * *", "America/New_York", "2025-11-02T06:10:00Z", 1),
            ["2025-11-03T06:30:00Z"]
        );
        // Starting inside it on its first pass, it still fires.
        assert_eq!(
            next("30 1 * * *", "America/New_York", "2025-11-02T05:10:00Z", 1),
            ["2025-11-02T05:30:00Z"]
        );
    }

    #[test]
    fn fire_times_are_strictly_after_the_start_and_increasing() {
        let cron = CronSchedule::parse("0 9 * * MON").unwrap();
        let zone = TimeZone::parse("Europe/Berlin").unwrap();
        let at = utc("2025-03-24T08:00:00Z"); // exactly a fire time
        let times = cron.next_times(zone, at, 60);
        assert_eq!(times.len(), 60);
        assert_eq!(times[0].utc, utc("2025-03-31T07:00:00Z"));
        for pair in times.windows(2) {
            assert!(pair[0].utc < pair[1].utc);
        }
        for t in &times {
            assert_eq!(t.local.format("%a %H:%M").to_string(), "Mon 09:00");
        }
        // Seven fields with a past year: nothing after it.
        let past = CronSchedule::parse("0 0 9 * * MON 2024").unwrap();
        assert!(past.next_times(zone, at, 3).is_empty());
    }

    #[test]
    fn fire_times_read_well() {
        let cron = CronSchedule::parse("0 9 * * MON").unwrap();
        let berlin = TimeZone::parse("Europe/Berlin").unwrap();
        let t = cron.next_times(berlin, utc("2025-03-25T00:00:00Z"), 1)[0];
        assert_eq!(t.to_string(), "Mon 2025-03-31 09:00 CEST (07:00 UTC)");
        let tokyo = TimeZone::parse("Asia/Tokyo").unwrap();
        let t = cron.next_times(tokyo, utc("2025-03-25T00:00:00Z"), 1)[0];
        assert_eq!(t.to_string(), "Mon 2025-03-31 09:00 JST (00:00 UTC)");
        let t = CronSchedule::parse("30 0 8 * * *").unwrap().next_times(
            tokyo,
            utc("2025-03-25T00:00:00Z"),
            1,
        )[0];
        assert_eq!(
            t.to_string(),
            "Wed 2025-03-26 08:00:30 JST (Tue 2025-03-25 23:00:30 UTC)"
        );
    }
}
