//! The quantities promises carry, found in prose and normalised: durations
//! (weeks to days; business days kept apart from calendar days), money
//! (currency kept), percentages, counts with their unit, schedules.

use super::kinds::{ValueType, Vocabulary};
use crate::dfas::ledger::Engine;
use regex_automata::dfa::Automaton;
use regex_automata::util::captures::Captures;
use regex_automata::util::pool::Pool;
use regex_automata::{meta, Anchored, Input, MatchKind};
use serde::Serialize;
use std::ops::Range;
use std::sync::OnceLock;

/// Business days or calendar days, when the copy says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    Business,
    Calendar,
}

/// A normalised value.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub kind: ValueType,
    /// The amount, or a range's two ends (equal for a single amount);
    /// `None` for a schedule and for "unlimited".
    pub amount: Option<(f64, f64)>,
    /// `minutes`, `hours`, `days`, `months`, `years`; a currency (`$`,
    /// `€`, `£`, `USD`…); `%`; a count's unit (`seats`, `GB`); `schedule`.
    pub unit: String,
    pub basis: Option<Basis>,
    /// A schedule's normalised text (`24/7`, `09:00–17:00`); empty otherwise.
    pub schedule: String,
    /// The time zone a schedule's hours are in, where the copy names it
    /// right after them (`ET` for "9am–5pm EST" or "Eastern Time").
    pub zone: Option<&'static str>,
    /// The days of the week a schedule's hours hold on, where the copy
    /// names them beside the hours: the first and the last, Monday 0 to
    /// Sunday 6 ("Monday to Friday" is `(0, 4)`, "weekends" `(5, 6)`).
    pub days: Option<(u8, u8)>,
}

/// A value found in a text, with the unit family it was written in
/// (`weeks` before it became days), for a kind's `units`.
#[derive(Debug, Clone)]
pub struct Mention {
    pub range: Range<usize>,
    pub value: Value,
    pub written_unit: String,
}

/// `format!("{n:.0}")` of a whole number, through an integer where it is
/// exact (much cheaper than formatting a float).
fn whole(n: f64) -> String {
    if n.abs() < 1e15 && !(n == 0.0 && n.is_sign_negative()) {
        (n as i64).to_string()
    } else {
        format!("{n:.0}")
    }
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 {
        whole(n)
    } else {
        let s = format!("{n:.2}");
        s.trim_end_matches('0').to_string()
    }
}

fn money_amount(n: f64) -> String {
    if n.fract() == 0.0 {
        whole(n)
    } else {
        format!("{n:.2}")
    }
}

impl Value {
    /// The value as the ledger shows it: `30 days`, `3–5 business days`,
    /// `$75`, `99.9%`, `10 seats`, `24/7`.
    pub fn display(&self) -> String {
        let amount = |f: fn(f64) -> String| match self.amount {
            Some((a, b)) if a == b => f(a),
            Some((a, b)) => format!("{}–{}", f(a), f(b)),
            None => "unlimited".into(),
        };
        match self.kind {
            ValueType::Schedule => {
                let mut shown = String::new();
                if let Some((first, last)) = self.days {
                    shown.push_str(DAY_NAMES[usize::from(first)]);
                    if last != first {
                        shown.push('–');
                        shown.push_str(DAY_NAMES[usize::from(last)]);
                    }
                    shown.push(' ');
                }
                shown.push_str(&self.schedule);
                if let Some(zone) = self.zone {
                    shown.push(' ');
                    shown.push_str(zone);
                }
                shown
            }
            ValueType::Money if self.unit.chars().count() == 1 => {
                format!("{}{}", self.unit, amount(money_amount))
            }
            ValueType::Money => format!("{} {}", amount(money_amount), self.unit),
            ValueType::Percentage => format!("{}%", amount(number)),
            ValueType::Duration | ValueType::Count => {
                let one = self.amount == Some((1.0, 1.0));
                let unit = if one && self.unit.ends_with('s') && self.unit != "minutes" {
                    self.unit.trim_end_matches('s').to_string()
                } else if one && self.unit == "minutes" {
                    "minute".into()
                } else {
                    self.unit.clone()
                };
                let basis = match self.basis {
                    Some(Basis::Business) => "business ",
                    Some(Basis::Calendar) => "calendar ",
                    None => "",
                };
                format!("{} {basis}{unit}", amount(number))
            }
        }
    }

    /// What two values must share to be the same promise: hours and days
    /// compare as minutes, months and years as months. Business days are
    /// never equal to calendar days (see `business`).
    pub fn key(&self) -> ValueKey<'_> {
        let (dimension, factor) = match (self.kind, self.unit.as_str()) {
            (ValueType::Duration, "minutes") => ("time", 1.0),
            (ValueType::Duration, "hours") => ("time", 60.0),
            (ValueType::Duration, "days") => ("time", 1440.0),
            (ValueType::Duration, "months") => ("months", 1.0),
            (ValueType::Duration, "years") => ("months", 12.0),
            (ValueType::Count, _) => (self.counted(), 1.0),
            (_, unit) => (unit, 1.0),
        };
        match self.amount {
            Some((a, b)) => ValueKey::Amount {
                business: self.business(),
                dimension,
                // Two amounts are one when their floats are: compared by bits.
                range: ((a * factor).to_bits(), (b * factor).to_bits()),
            },
            None if self.kind == ValueType::Schedule => ValueKey::Schedule {
                hours: &self.schedule,
                zone: self.zone,
                days: self.days,
            },
            None => ValueKey::Unlimited(dimension),
        }
    }

    /// True when two values are one promise as far as the copy says:
    /// equal keys, or the same hours with a time zone or days named in
    /// one place only ("9am–5pm" beside "Mon–Fri 9am–5pm ET").
    pub fn agrees_with(&self, other: &Value) -> bool {
        self.key().agrees_with(&other.key())
    }

    /// True when copy stating `self` keeps to the declared `fact`: as
    /// `agrees_with`, except that hours on days the fact does not name
    /// are no other case but what the fact rules out ("Saturday 10–2"
    /// where the declared hours are Mon–Fri 9–5); days within the fact's
    /// keep to it.
    pub fn keeps_to(&self, fact: &Value) -> bool {
        match (self.key(), fact.key()) {
            (
                ValueKey::Schedule { hours, zone, days },
                ValueKey::Schedule {
                    hours: fact_hours,
                    zone: fact_zone,
                    days: fact_days,
                },
            ) => {
                hours == fact_hours
                    && unless_unnamed(&zone, &fact_zone)
                    && match (days, fact_days) {
                        (Some(days), Some(fact_days)) => day_set(days) & !day_set(fact_days) == 0,
                        _ => true,
                    }
            }
            (key, fact_key) => key == fact_key,
        }
    }

    /// True for two schedules on days named apart ("Mon–Fri" and
    /// "Saturday"): two cases of one promise.
    pub fn on_days_apart(&self, other: &Value) -> bool {
        days_apart(self.days, other.days)
    }

    /// What a count counts, for comparing: its unit, with the people a
    /// plan lets in as one (`seats`, `users`, `members` and `team members`
    /// are all `seats`: "Pro: 10 seats" and "Pro includes 5 users" are two
    /// answers to one question).
    pub fn counted(&self) -> &str {
        match self.unit.as_str() {
            "users" | "members" | "team members" => "seats",
            unit => unit,
        }
    }

    /// True for an amount of business (working) days.
    pub fn business(&self) -> bool {
        self.basis == Some(Basis::Business)
    }

    /// True for a duration counted in days (or hours, minutes), whose basis
    /// can be business or calendar.
    pub fn in_days(&self) -> bool {
        self.kind == ValueType::Duration && self.unit == "days"
    }
}

/// A number: digits, or one of `NUMBER_WORDS` ending at a word boundary
/// ("ten", not "tenfold"), so a value written in words starts at a whole
/// word of `check::VALUE_WORDS`, which the matcher's word walk notes
/// (`mentions_noted`).
fn number_pattern() -> String {
    let words: Vec<&str> = NUMBER_WORDS.iter().map(|(word, _)| *word).collect();
    format!(r"\d[\d,]*(?:\.\d+)?|(?:{})\b", words.join("|"))
}

const CLOCK: &str = r"\d{1,2}(?::\d{2})?";
const MERIDIEM: &str = r"am|pm|a\.m\.|p\.m\.";
/// The meridiems and the separators of a span of clock times, as the
/// pattern writes them, for `clock_parts` (a test holds the two together).
const MERIDIEMS: [&str; 4] = ["am", "pm", "a.m.", "p.m."];
const CLOCK_SEPARATORS: [&str; 6] = ["-", "–", "—", "to", "until", "and"];

/// The numbers written as words, with their values, in the order the
/// pattern tries them (`forty-five` before `forty`).
const NUMBER_WORDS: [(&str, u32); 20] = [
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("fourteen", 14),
    ("fifteen", 15),
    ("twenty", 20),
    ("thirty", 30),
    ("forty-five", 45),
    ("forty", 40),
    ("sixty", 60),
    ("ninety", 90),
];

fn word_number(word: &str) -> Option<f64> {
    match NUMBER_WORDS
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
    {
        Some(&(_, n)) => Some(f64::from(n)),
        None => word.replace(',', "").parse().ok(),
    }
}

/// What makes two values the same promise (`Value::key`), compared and
/// hashed without formatting numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueKey<'a> {
    /// An amount (or range) in a dimension (`time` in minutes, `months`, a
    /// currency, a count's unit), in business days or not.
    Amount {
        business: bool,
        dimension: &'a str,
        range: (u64, u64),
    },
    /// Opening hours, as normalised, and their time zone and days where
    /// named.
    Schedule {
        hours: &'a str,
        zone: Option<&'static str>,
        days: Option<(u8, u8)>,
    },
    /// No limit, in a dimension (`unlimited projects`).
    Unlimited(&'a str),
}

impl ValueKey<'_> {
    /// `Value::agrees_with` for keys: a schedule with no time zone agrees
    /// with the same hours in any zone, one with no days on any days, and
    /// two on days apart are two cases, not one promise ("Mon–Fri 9–5"
    /// beside "Sat 10–2"); everything else only with itself.
    pub fn agrees_with(&self, other: &ValueKey<'_>) -> bool {
        match (self, other) {
            (
                ValueKey::Schedule { hours, zone, days },
                ValueKey::Schedule {
                    hours: other_hours,
                    zone: other_zone,
                    days: other_days,
                },
            ) => {
                days_apart(*days, *other_days)
                    || hours == other_hours
                        && unless_unnamed(zone, other_zone)
                        && unless_unnamed(days, other_days)
            }
            _ => self == other,
        }
    }
}

/// The time zone named right after a schedule's hours (`after` is the
/// text following them): an abbreviation as written ("ET", "(PST)",
/// "UTC+2") or a US zone in words ("Pacific Time", "US Eastern time"),
/// normalised so that standard and daylight time are one zone ("EST" and
/// "EDT" are `ET`); with the bytes of `after` it takes up.
pub fn zone_after(after: &str) -> Option<(&'static str, usize)> {
    let rest = after.strip_prefix(',').unwrap_or(after);
    let rest = rest.trim_start_matches([' ', '\u{a0}']);
    let bracketed = rest.starts_with('(');
    let rest = rest.strip_prefix('(').unwrap_or(rest);
    let (zone, len) = zone_at(rest)?;
    let mut end = after.len() - rest.len() + len;
    if bracketed {
        end += usize::from(after[end..].starts_with(')'));
    }
    Some((zone, end))
}

/// `zone_after` at the zone's first byte: the zone and its length.
fn zone_at(text: &str) -> Option<(&'static str, usize)> {
    let word_end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '-'))
        .unwrap_or(text.len());
    let word = &text[..word_end];
    const ABBREVIATIONS: [(&str, &str); 22] = [
        ("ET", "ET"),
        ("EST", "ET"),
        ("EDT", "ET"),
        ("CT", "CT"),
        ("CST", "CT"),
        ("CDT", "CT"),
        ("MT", "MT"),
        ("MST", "MT"),
        ("MDT", "MT"),
        ("PT", "PT"),
        ("PST", "PT"),
        ("PDT", "PT"),
        ("GMT", "GMT"),
        ("UTC", "UTC"),
        ("BST", "UK time"),
        ("CET", "CET"),
        ("CEST", "CET"),
        ("AEST", "AET"),
        ("AEDT", "AET"),
        ("IST", "IST"),
        ("JST", "JST"),
        ("SGT", "SGT"),
    ];
    if let Some(&(_, zone)) = ABBREVIATIONS.iter().find(|(a, _)| *a == word) {
        return Some((zone, word_end));
    }
    // An offset from UTC or GMT: "UTC+2", "GMT-5".
    for base in ["UTC", "GMT"] {
        if let Some(offset) = word.strip_prefix(base) {
            return OFFSETS
                .iter()
                .copied()
                .find(|o| o.strip_prefix(base) == Some(offset))
                .map(|zone| (zone, word_end));
        }
    }
    // A US zone in words, after an optional "US" or "United States".
    let cut = text.char_indices().nth(48).map_or(text.len(), |(i, _)| i);
    let lower = text[..cut].to_ascii_lowercase();
    let named = ["us ", "u.s. ", "united states "]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower);
    const WORDS: [(&str, &str); 4] = [
        ("eastern", "ET"),
        ("central", "CT"),
        ("mountain", "MT"),
        ("pacific", "PT"),
    ];
    let (name, zone) = WORDS.iter().find(|(w, _)| named.starts_with(w))?;
    let rest = named[name.len()..].trim_start();
    let rest = ["standard ", "daylight "]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .unwrap_or(rest);
    let after_time = rest.strip_prefix("time")?;
    if after_time.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    Some((zone, lower.len() - after_time.len()))
}

/// A value read off its match, with what the text around the match says
/// of it: `None` for a duration that is a frequency ("7 days a week"); a
/// schedule's hours take the time zone and days named beside them.
fn in_context(mut value: Value, text: &str, range: Range<usize>) -> Option<Value> {
    let after = &text[range.end..];
    if value.kind == ValueType::Duration && is_frequency(after) {
        return None;
    }
    if value.kind == ValueType::Schedule && value.schedule.contains(':') {
        // "9am and 5pm" spans the hours only after "between": "at 10am and
        // 2pm" names two times.
        let before = text[..range.start].trim_end();
        let between = before
            .get(before.len().saturating_sub("between".len())..)
            .is_some_and(|word| word.eq_ignore_ascii_case("between"));
        if !between && text[range.clone()].to_ascii_lowercase().contains("and") {
            return None;
        }
        let zone = zone_after(after);
        value.zone = zone.map(|(zone, _)| zone);
        let after_zone = &after[zone.map_or(0, |(_, len)| len)..];
        value.days = days_before(&text[..range.start]).or_else(|| days_after(after_zone));
    }
    Some(value)
}

/// Whether `after` (the text after a duration) makes it a frequency:
/// "a week", "per year", "each month" ("open 7 days a week").
fn is_frequency(after: &str) -> bool {
    let mut words = after
        .split_ascii_whitespace()
        .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()));
    let (Some(per), Some(period)) = (words.next(), words.next()) else {
        return false;
    };
    ["a", "per", "each", "every"]
        .iter()
        .any(|p| per.eq_ignore_ascii_case(p))
        && ["day", "week", "month", "year"]
            .iter()
            .any(|p| period.eq_ignore_ascii_case(p))
        && after.starts_with(|c: char| c.is_whitespace())
}

/// Whether two of a schedule's parts (zone, days) allow one promise:
/// equal, or named at one of them only.
fn unless_unnamed<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
    a.is_none() || b.is_none() || a == b
}

/// Whether two schedules' days are both named and share none.
fn days_apart(a: Option<(u8, u8)>, b: Option<(u8, u8)>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if day_set(a) & day_set(b) == 0)
}

/// The days from `first` to `last` (Monday 0), across Sunday where
/// `last` comes before `first` ("Sun–Thu"), one bit a day.
fn day_set((first, last): (u8, u8)) -> u8 {
    let mut set = 0;
    let mut day = first % 7;
    loop {
        set |= 1 << day;
        if day == last % 7 {
            return set;
        }
        day = (day + 1) % 7;
    }
}

/// The days of the week as a schedule shows them.
const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// How far from the hours the days may stand, in bytes.
const DAYS_REACH: usize = 48;

/// The days named right before a schedule's hours (`before` is the text
/// before them): "Monday–Friday, 9am–5pm", "Mon-Fri 9–5", "weekdays from
/// 9am to 5pm".
fn days_before(before: &str) -> Option<(u8, u8)> {
    let start = before.len().saturating_sub(DAYS_REACH);
    let start = (start..=before.len()).find(|&i| before.is_char_boundary(i))?;
    let window = before[start..].to_ascii_lowercase();
    // The first place a day expression starts at a word and is followed
    // only by what leads into the hours.
    (0..window.len())
        .filter(|&i| {
            window.is_char_boundary(i)
                && (i == 0 || !window.as_bytes()[i - 1].is_ascii_alphanumeric())
        })
        .find_map(|i| {
            let (days, len) = days_at(&window[i..])?;
            leads_into_hours(&window[i + len..]).then_some(days)
        })
}

/// The days named right after a schedule's hours (and their time zone):
/// "9am–5pm ET, Monday to Friday", "8:30–18:00 on weekdays".
fn days_after(after: &str) -> Option<(u8, u8)> {
    let cut = after
        .char_indices()
        .nth(DAYS_REACH)
        .map_or(after.len(), |(i, _)| i);
    let window = after[..cut].to_ascii_lowercase();
    days_at(past_days_lead(&window)).map(|(days, _)| days)
}

/// `after` (lower case, after the hours and zone) from where days named
/// after the hours may start: past a comma, spaces, a bracket and "on".
fn past_days_lead(after: &str) -> &str {
    let rest = after.trim_start_matches([',', ' ', '(', '\u{a0}']);
    rest.strip_prefix("on ").unwrap_or(rest)
}

/// Whether the words around a schedule's hours are only its days and time
/// zone ("Mon–Fri" before "9am–5pm", "ET" after): a declared fact may name
/// them.
pub fn only_days_and_zone(before: &str, after: &str) -> bool {
    let before = before.to_ascii_lowercase();
    let before_ok = before.trim().is_empty()
        || days_at(&before).is_some_and(|(_, len)| leads_into_hours(&before[len..]));
    let after_zone = after[zone_after(after).map_or(0, |(_, len)| len)..].to_ascii_lowercase();
    let rest = past_days_lead(&after_zone);
    let after_ok = rest.trim().is_empty()
        || days_at(rest).is_some_and(|(_, len)| rest[len..].trim_matches([' ', ')']).is_empty());
    before_ok && after_ok
}

/// Whether `gap` (between days and hours) holds only what leads from the
/// one to the other: spaces, a comma or colon, "from", "between".
fn leads_into_hours(gap: &str) -> bool {
    gap.split([' ', ',', ':', '\u{a0}'])
        .all(|word| matches!(word, "" | "from" | "between"))
}

/// A day of the week at the start of `text` (lower case): its number and
/// length, a full name or a short one, with a dot after a short one.
fn day_at(text: &str) -> Option<(u8, usize)> {
    const NAMES: [(&str, u8); 17] = [
        ("monday", 0),
        ("tuesday", 1),
        ("wednesday", 2),
        ("thursday", 3),
        ("friday", 4),
        ("saturday", 5),
        ("sunday", 6),
        ("tues", 1),
        ("thurs", 3),
        ("thur", 3),
        ("mon", 0),
        ("tue", 1),
        ("wed", 2),
        ("thu", 3),
        ("fri", 4),
        ("sat", 5),
        ("sun", 6),
    ];
    NAMES.iter().find_map(|&(name, day)| {
        let rest = text.strip_prefix(name)?;
        if rest.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return None;
        }
        let dot = usize::from(name.len() < 6 && rest.starts_with('.'));
        Some((day, name.len() + dot))
    })
}

/// Days at the start of `text` (lower case): a range of two days ("monday
/// to friday", "mon–fri"), one day, or the words for the working week,
/// the weekend or every day; with the bytes they take.
fn days_at(text: &str) -> Option<((u8, u8), usize)> {
    const GROUPS: [(&str, (u8, u8)); 9] = [
        ("weekdays", (0, 4)),
        ("weekends", (5, 6)),
        ("the weekend", (5, 6)),
        ("7 days a week", (0, 6)),
        ("seven days a week", (0, 6)),
        ("7 days per week", (0, 6)),
        ("seven days per week", (0, 6)),
        ("every day", (0, 6)),
        ("daily", (0, 6)),
    ];
    for (words, days) in GROUPS {
        if let Some(rest) = text.strip_prefix(words) {
            if !rest.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                return Some((days, words.len()));
            }
        }
    }
    let (first, len) = day_at(text)?;
    let joined = text[len..].trim_start_matches(' ');
    for joint in ["–", "—", "-", "to ", "through ", "thru ", "until "] {
        if let Some(after) = joined.strip_prefix(joint) {
            let last_at = after.trim_start_matches(' ');
            if let Some((last, last_len)) = day_at(last_at) {
                return Some(((first, last), text.len() - last_at.len() + last_len));
            }
        }
    }
    // One day alone, by its full name ("Saturday 10am–2pm"): a short one
    // is also a word ("sat", "sun", "wed").
    (len >= 6).then_some(((first, first), len))
}

/// The offsets from UTC and GMT `zone_after` names, whole hours from -12
/// to +14, each spelled as the copy writes it.
const OFFSETS: [&str; 52] = [
    "UTC-12", "UTC-11", "UTC-10", "UTC-9", "UTC-8", "UTC-7", "UTC-6", "UTC-5", "UTC-4", "UTC-3",
    "UTC-2", "UTC-1", "UTC+1", "UTC+2", "UTC+3", "UTC+4", "UTC+5", "UTC+6", "UTC+7", "UTC+8",
    "UTC+9", "UTC+10", "UTC+11", "UTC+12", "UTC+13", "UTC+14", "GMT-12", "GMT-11", "GMT-10",
    "GMT-9", "GMT-8", "GMT-7", "GMT-6", "GMT-5", "GMT-4", "GMT-3", "GMT-2", "GMT-1", "GMT+1",
    "GMT+2", "GMT+3", "GMT+4", "GMT+5", "GMT+6", "GMT+7", "GMT+8", "GMT+9", "GMT+10", "GMT+11",
    "GMT+12", "GMT+13", "GMT+14",
];

/// The values pattern for a vocabulary, one alternative a string, in
/// order: its count units come from the kinds.
fn value_alternatives(vocabulary: &Vocabulary) -> Vec<String> {
    let mut units: Vec<String> = vocabulary
        .kinds
        .iter()
        .filter(|k| k.value == ValueType::Count)
        .flat_map(|k| k.units_written.iter())
        .map(|u| {
            let escaped = regex::escape(u).replace(' ', r"\s+");
            match escaped.strip_suffix('s') {
                Some(stem) if u.chars().all(|c| c.is_lowercase() || c == ' ') => {
                    format!("{stem}s?")
                }
                _ => escaped,
            }
        })
        .collect();
    units.sort_by_key(|u| std::cmp::Reverse(u.len()));
    units.dedup();
    let count_units = if units.is_empty() {
        r"[^\s\S]".to_string()
    } else {
        units.join("|")
    };
    let num = number_pattern();
    let alternatives = [
        r"(?P<sched>\b24\s*/\s*7\b|\b24\s*x\s*7\b|\b24\s+hours\s+a\s+day(?:,?\s*(?:and\s+)?(?:7|seven)\s+days\s+(?:a|per|every)\s+week)?|\baround\s+the\s+clock\b)".to_string(),
        r"(?P<cur>[$€£])\s?(?P<amt>\d[\d,]*(?:\.\d+)?)\b".to_string(),
        r"\b(?P<amt2>\d[\d,]*(?:\.\d+)?)\s?(?P<cur2>USD|EUR|GBP|CAD|AUD|dollars|euros|pounds)\b".to_string(),
        r"\b(?P<pct>\d+(?:\.\d+)?)\s?(?:%|percent\b|per\s?cent\b)".to_string(),
        format!(r"\b(?P<n1>{num})(?:\s*(?:-|–|—|~|to)\s*(?P<n2>{num}))?(?:\s+|-)?(?:(?P<basis>business|working|calendar)(?:\s+|-))?(?P<unit>{DURATION_UNIT_PATTERN})\b"),
        format!(r"\b(?P<c1>\d[\d,]*(?:\.\d+)?|unlimited\b)\s*(?P<cunit>{count_units})\b"),
        format!(r"\b(?P<from>{CLOCK})\s*(?P<fm>{MERIDIEM})?\s*(?:-|–|—|to|until|and)\s*(?P<to>{CLOCK})\s*(?P<tm>{MERIDIEM})?"),
    ];
    alternatives
        .iter()
        .map(|a| crate::builtin::ascii_word_boundaries(a))
        .collect()
}

/// The groups of the values pattern, by index.
#[derive(Debug, Clone, Copy)]
struct Groups {
    sched: usize,
    cur: usize,
    amt: usize,
    amt2: usize,
    cur2: usize,
    pct: usize,
    n1: usize,
    n2: usize,
    basis: usize,
    unit: usize,
    c1: usize,
    cunit: usize,
    from: usize,
    fm: usize,
    to: usize,
    tm: usize,
}

/// A search's scratch: the cache of the alternatives' regex (compiled,
/// not built ahead of time), and of each alternative's own (made when it
/// first matches) with its captures.
struct Scratch {
    any: Option<meta::Cache>,
    each: Vec<Option<(meta::Cache, Captures)>>,
}

type ScratchPool = Pool<Scratch, Box<dyn Fn() -> Scratch + Send + Sync>>;

/// One alternative of the values pattern, compiled alone for its groups
/// when a value first matches it.
#[derive(Debug)]
struct Alternative {
    pattern: String,
    compiled: OnceLock<(meta::Regex, Groups)>,
}

impl Alternative {
    fn get(&self) -> &(meta::Regex, Groups) {
        self.compiled.get_or_init(|| {
            let regex = values_regex(std::slice::from_ref(&self.pattern), true);
            let groups = Groups::of(&regex);
            (regex, groups)
        })
    }
}

/// The compiled values pattern: its alternatives as the patterns of one
/// regex, which says where a value ends and which alternative it is, and
/// each alternative compiled alone, which finds the value's groups (the
/// whole pattern's captures cost most of a search: its NFA is seven
/// alternatives' size). Case-insensitive with ASCII word boundaries, as
/// `regex::RegexBuilder` makes it; searched anchored at the few places a
/// value can start (see `mentions`) instead of over every byte of every
/// segment. The built-in pattern's regex of every alternative is a dense
/// DFA built ahead of time (`dfas::ledger`), which needs no cache.
pub struct Values {
    /// The regex of every alternative, as one.
    any: Engine,
    /// What `any` searches for, as `dfas::ledger` keys its DFA.
    key: String,
    alternatives: Vec<Alternative>,
    scratch: ScratchPool,
    /// The pattern, for the tests that compare with `regex::Regex`.
    #[cfg_attr(not(test), allow(dead_code))]
    pattern: String,
}

impl std::fmt::Debug for Values {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Values")
            .field("pattern", &self.pattern)
            .finish()
    }
}

/// The meta regex of `patterns`, configured as `regex::RegexBuilder::new`
/// with `case_insensitive(true)` configures its own, without the literal
/// prefilter (`builtin::unprefiltered_config`: every search here is
/// anchored, where a prefilter has nothing to skip), leftmost-first: of
/// several patterns the first that matches wins, as of an alternation's
/// branches. One for `captures` only
/// finds the groups of a match already found, anchored over it: it needs
/// no lazy DFA (nor the reverse NFA one builds), only the engines that
/// report groups.
fn values_regex(patterns: &[String], captures: bool) -> meta::Regex {
    let which = if captures {
        regex_automata::nfa::thompson::WhichCaptures::All
    } else {
        regex_automata::nfa::thompson::WhichCaptures::Implicit
    };
    meta::Builder::new()
        .configure(
            crate::builtin::unprefiltered_config(MatchKind::LeftmostFirst)
                .which_captures(which)
                .hybrid(!captures)
                .dfa(false),
        )
        .syntax(crate::builtin::case_insensitive_syntax())
        .build_many(patterns)
        .expect("the values regex compiles")
}

impl Groups {
    /// The groups of `regex` by name; a name it lacks is an index no
    /// capture has (`Captures::get_group` gives `None`).
    fn of(regex: &meta::Regex) -> Groups {
        let info = regex.group_info();
        let group = |name: &str| {
            info.to_index(regex_automata::PatternID::ZERO, name)
                .unwrap_or(usize::MAX)
        };
        Groups {
            sched: group("sched"),
            cur: group("cur"),
            amt: group("amt"),
            amt2: group("amt2"),
            cur2: group("cur2"),
            pct: group("pct"),
            n1: group("n1"),
            n2: group("n2"),
            basis: group("basis"),
            unit: group("unit"),
            c1: group("c1"),
            cunit: group("cunit"),
            from: group("from"),
            fm: group("fm"),
            to: group("to"),
            tm: group("tm"),
        }
    }
}

impl Values {
    fn new(patterns: Vec<String>) -> Values {
        let key = format!("values, leftmost-first, anchored\n{}", patterns.join("\n"));
        let any = match crate::dfas::ledger::prebuilt(&key) {
            Some(dfa) => Engine::Prebuilt(dfa),
            None => Engine::Compiled(values_regex(&patterns, false)),
        };
        let for_scratch = any.clone();
        let count = patterns.len();
        let scratch: ScratchPool = Pool::new(Box::new(move || Scratch {
            any: match &for_scratch {
                Engine::Prebuilt(_) => None,
                Engine::Compiled(regex) => Some(regex.create_cache()),
            },
            each: (0..count).map(|_| None).collect(),
        }));
        Values {
            any,
            key,
            pattern: patterns.join("|"),
            alternatives: patterns
                .into_iter()
                .map(|pattern| Alternative {
                    pattern,
                    compiled: OnceLock::new(),
                })
                .collect(),
            scratch,
        }
    }

    /// What the regex of every alternative searches for, as `dfas::ledger`
    /// keys its DFA.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Whether that regex is a DFA built ahead of time.
    pub fn is_prebuilt(&self) -> bool {
        self.any.is_prebuilt()
    }

    /// Where the value that starts at `input`'s start (anchored) ends, and
    /// which alternative it is.
    fn value_at(&self, scratch: &mut Scratch, input: &Input) -> Option<regex_automata::Match> {
        match &self.any {
            Engine::Prebuilt(dfa) => dfa
                .try_search_fwd(input)
                .expect("a DFA without quit bytes does not fail")
                .map(|end| regex_automata::Match::new(end.pattern(), input.start()..end.offset())),
            Engine::Compiled(regex) => regex.search_with(
                scratch
                    .any
                    .as_mut()
                    .expect("a compiled regex has its cache"),
                input,
            ),
        }
    }

    /// That regex's dense DFA, as `dfas::ledger` writes it: leftmost-first,
    /// anchored searches only.
    #[cfg(test)]
    pub fn dense_dfa(&self) -> regex_automata::dfa::dense::DFA<Vec<u32>> {
        use regex_automata::dfa::{dense, StartKind};
        use regex_automata::nfa::thompson;
        let patterns: Vec<&str> = self
            .alternatives
            .iter()
            .map(|a| a.pattern.as_str())
            .collect();
        dense::Builder::new()
            .configure(crate::dfas::ledger::written(
                MatchKind::LeftmostFirst,
                StartKind::Anchored,
            ))
            .syntax(crate::builtin::case_insensitive_syntax())
            .thompson(thompson::Config::new().which_captures(thompson::WhichCaptures::None))
            .build_many(&patterns)
            .expect("builds")
    }
}

/// The compiled values regex of the built-in vocabulary.
pub fn builtin_regex() -> &'static Values {
    static REGEX: OnceLock<Values> = OnceLock::new();
    REGEX.get_or_init(|| Values::new(value_alternatives(super::kinds::builtin())))
}

/// `9`, `9:30`, with `am`/`pm`, to `HH:MM` on a 24-hour clock.
fn clock(time: &str, meridiem: Option<&str>) -> Option<String> {
    let (h, m) = match time.split_once(':') {
        Some((h, m)) => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None => (time.parse::<u32>().ok()?, 0),
    };
    let pm = meridiem.is_some_and(|m| m.to_ascii_lowercase().starts_with('p'));
    let am = meridiem.is_some_and(|m| m.to_ascii_lowercase().starts_with('a'));
    let h = match (h, am, pm) {
        (12, true, _) => 0,
        (h, _, true) if h < 12 => h + 12,
        (h, _, _) => h,
    };
    (h <= 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// A value's named groups, as text (`cur` and `amt` also for the
/// alternative that writes the currency after the amount).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Parts<'t> {
    sched: Option<&'t str>,
    cur: Option<&'t str>,
    amt: Option<&'t str>,
    pct: Option<&'t str>,
    n1: Option<&'t str>,
    n2: Option<&'t str>,
    basis: Option<&'t str>,
    unit: Option<&'t str>,
    c1: Option<&'t str>,
    cunit: Option<&'t str>,
    from: Option<&'t str>,
    fm: Option<&'t str>,
    to: Option<&'t str>,
    tm: Option<&'t str>,
}

impl<'t> Parts<'t> {
    /// The groups of a match of the values pattern in `text`.
    fn of_captures(text: &'t str, caps: &Captures, g: &Groups) -> Parts<'t> {
        let group = |index: usize| caps.get_group(index).map(|span| &text[span.range()]);
        Parts {
            sched: group(g.sched),
            cur: group(g.cur).or(group(g.cur2)),
            amt: group(g.amt).or(group(g.amt2)),
            pct: group(g.pct),
            n1: group(g.n1),
            n2: group(g.n2),
            basis: group(g.basis),
            unit: group(g.unit),
            c1: group(g.c1),
            cunit: group(g.cunit),
            from: group(g.from),
            fm: group(g.fm),
            to: group(g.to),
            tm: group(g.tm),
        }
    }
}

fn mention(parts: &Parts) -> Option<(Value, String)> {
    let plain = |kind, amount, unit: &str| Value {
        kind,
        amount,
        unit: unit.to_string(),
        basis: None,
        schedule: String::new(),
        zone: None,
        days: None,
    };
    if let Some(s) = parts.sched {
        let text = s.to_ascii_lowercase();
        let mut value = plain(ValueType::Schedule, None, "schedule");
        value.schedule = if text.contains('7') || text.contains("seven") || text.contains("clock") {
            "24/7".into()
        } else {
            "24 hours a day".into()
        };
        return Some((value, "schedule".into()));
    }
    if let Some(cur) = parts.cur {
        let amount = parts.amt?;
        let amount: f64 = amount.replace(',', "").parse().ok()?;
        let unit = match cur.to_ascii_lowercase().as_str() {
            "dollars" => "USD".to_string(),
            "euros" => "EUR".to_string(),
            "pounds" => "GBP".to_string(),
            other if other.chars().count() == 1 => other.to_string(),
            other => other.to_ascii_uppercase(),
        };
        return Some((
            plain(ValueType::Money, Some((amount, amount)), &unit),
            "money".into(),
        ));
    }
    if let Some(pct) = parts.pct {
        let n: f64 = pct.parse().ok()?;
        return Some((plain(ValueType::Percentage, Some((n, n)), "%"), "%".into()));
    }
    if let Some(n1) = parts.n1 {
        let a = word_number(n1)?;
        let b = match parts.n2 {
            Some(n2) => word_number(n2)?,
            None => a,
        };
        if b < a {
            return None;
        }
        let unit = parts.unit?.to_ascii_lowercase();
        let (written, normal, factor) = match unit.as_str() {
            "minute" | "minutes" | "min" | "mins" => ("minutes", "minutes", 1.0),
            "hour" | "hours" | "hr" | "hrs" | "h" => ("hours", "hours", 1.0),
            "day" | "days" => ("days", "days", 1.0),
            "week" | "weeks" | "wk" | "wks" => ("weeks", "days", 7.0),
            "month" | "months" => ("months", "months", 1.0),
            _ => ("years", "years", 1.0),
        };
        let basis = parts.basis.map(|b| match b.to_ascii_lowercase().as_str() {
            "calendar" => Basis::Calendar,
            _ => Basis::Business,
        });
        let mut value = plain(ValueType::Duration, Some((a * factor, b * factor)), normal);
        value.basis = basis;
        return Some((value, written.into()));
    }
    if let Some(c) = parts.c1 {
        // "1,000, projects": the comma ends a list's item, not the number.
        if c.ends_with(',') {
            return None;
        }
        let unit_written = parts.cunit?;
        let unit = normalise_count_unit(unit_written);
        let amount = if c.eq_ignore_ascii_case("unlimited") {
            None
        } else {
            let n: f64 = c.replace(',', "").parse().ok()?;
            Some((n, n))
        };
        let key = unit.to_lowercase();
        return Some((plain(ValueType::Count, amount, &unit), key));
    }
    if let (Some(from), Some(to)) = (parts.from, parts.to) {
        let (fm, tm) = (parts.fm, parts.tm);
        let colons = from.contains(':') && to.contains(':');
        if fm.is_none() && tm.is_none() && !colons {
            return None;
        }
        // "9–5pm": the first time shares the second's half of the day
        // when it would otherwise come after it.
        let start = clock(from, fm.or(tm))
            .filter(|s| clock(to, tm).is_some_and(|e| *s < e))
            .or_else(|| clock(from, fm))?;
        let end = clock(to, tm)?;
        let mut value = plain(ValueType::Schedule, None, "schedule");
        value.schedule = format!("{start}–{end}");
        return Some((value, "schedule".into()));
    }
    None
}

/// The alternatives of the values pattern, by index (`value_alternatives`).
const SCHEDULE: usize = 0;
const SIGN_FIRST: usize = 1;
const CURRENCY_AFTER: usize = 2;
const PERCENT: usize = 3;
const DURATION: usize = 4;
const COUNT: usize = 5;
const CLOCK_RANGE: usize = 6;

/// The units a duration is written in: the pattern's `unit` group, and
/// each of its spellings (a test holds the two together).
const DURATION_UNIT_PATTERN: &str =
    "minutes?|mins?|hours?|hrs?|h|days?|weeks?|wks?|months?|years?|yrs?";
const DURATION_UNITS: [&str; 21] = [
    "minutes", "minute", "mins", "min", "hours", "hour", "hrs", "hr", "h", "days", "day", "weeks",
    "week", "wks", "wk", "months", "month", "years", "year", "yrs", "yr",
];

/// The groups of `whole`, a match of alternative `alternative` of the
/// values pattern, read off its text as that alternative's regex would
/// capture them, for the shapes where they can be read simply: a
/// capturing search cost some 4,000 instructions a value. `None` where a
/// letter or digit outside ASCII stands in the match (Unicode case
/// folding and digits are left to the regex), and wherever the text does
/// not split as the shape expects; the captures find those. Tests hold
/// the two to the same groups.
///
/// Each split follows from the pattern: a number (`\d[\d,]*(?:\.\d+)?`,
/// greedy) is followed by a space, a dash, a sign or a letter, none of
/// which a shorter number could be followed by instead, so it is the
/// longest such run; a duration's unit and basis are the last runs of
/// letters, each after a space or a hyphen (or a digit); a word number
/// ends at a word boundary, and `forty-five` comes before `forty` in the
/// pattern's order.
fn parts_by_hand(alternative: usize, whole: &str) -> Option<Parts<'_>> {
    if whole.chars().any(|c| !c.is_ascii() && c.is_alphanumeric()) {
        return None;
    }
    match alternative {
        SCHEDULE => Some(Parts {
            sched: Some(whole),
            ..Parts::default()
        }),
        SIGN_FIRST => {
            let sign = whole.chars().next()?;
            let amount = whole[sign.len_utf8()..].trim_start();
            (number_len(amount, true) == amount.len()).then_some(Parts {
                cur: Some(&whole[..sign.len_utf8()]),
                amt: Some(amount),
                ..Parts::default()
            })
        }
        CURRENCY_AFTER => {
            let (amount, rest) = whole.split_at(number_len(whole, true));
            let currency = rest.trim_start();
            (!amount.is_empty() && starts_with_letter(currency)).then_some(Parts {
                cur: Some(currency),
                amt: Some(amount),
                ..Parts::default()
            })
        }
        PERCENT => {
            let n = number_len(whole, false);
            (n > 0).then_some(Parts {
                pct: Some(&whole[..n]),
                ..Parts::default()
            })
        }
        DURATION => duration_parts(whole),
        CLOCK_RANGE => clock_parts(whole),
        COUNT => {
            let n = if starts_with_ignoring_case(whole, "unlimited") {
                9
            } else {
                number_len(whole, true)
            };
            let unit = whole[n..].trim_start();
            (n > 0 && starts_with_letter(unit)).then_some(Parts {
                c1: Some(&whole[..n]),
                cunit: Some(unit),
                ..Parts::default()
            })
        }
        _ => None,
    }
}

/// Whether `text` starts with `prefix` (ASCII) in any ASCII case.
fn starts_with_ignoring_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
}

fn starts_with_letter(text: &str) -> bool {
    text.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
}

/// The length of the number `text` starts with, in ASCII digits: a digit,
/// then digits (and commas, if `commas`), then a dot and digits if a digit
/// follows the dot; 0 when it starts with no digit.
fn number_len(text: &str, commas: bool) -> usize {
    let bytes = text.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_digit) {
        return 0;
    }
    let mut n = 1 + bytes[1..]
        .iter()
        .take_while(|b| b.is_ascii_digit() || (commas && **b == b','))
        .count();
    if bytes.get(n) == Some(&b'.') && bytes.get(n + 1).is_some_and(u8::is_ascii_digit) {
        n += 1 + bytes[n + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
    }
    n
}

/// The number `text` starts with as the duration's `number_pattern` reads it (digits,
/// or a number word ending at a word boundary), and the rest.
fn leading_number(text: &str) -> Option<(&str, &str)> {
    let n = match number_len(text, true) {
        0 => {
            let bytes = text.as_bytes();
            let ends_word = |n: usize| {
                !bytes
                    .get(n)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
            };
            if starts_with_ignoring_case(text, "forty-five") && ends_word(10) {
                10
            } else {
                let n = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
                let word = &text[..n];
                (ends_word(n)
                    && NUMBER_WORDS
                        .iter()
                        .any(|(w, _)| w.eq_ignore_ascii_case(word)))
                .then_some(n)?
            }
        }
        n => n,
    };
    Some(text.split_at(n))
}

/// `text` without the separator the pattern allows at its end before a
/// basis or unit (`(?:\s+|-)`): all its trailing spaces, or one hyphen.
fn without_separator(text: &str) -> &str {
    let trimmed = text.trim_end();
    if trimmed.len() < text.len() {
        trimmed
    } else {
        text.strip_suffix('-').unwrap_or(text)
    }
}

/// The last run of ASCII letters of `text`, and what comes before it.
fn last_letters(text: &str) -> (&str, &str) {
    let n = text
        .bytes()
        .rev()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let (before, letters) = text.split_at(text.len() - n);
    (before, letters)
}

/// A span of clock times' groups (see `parts_by_hand`): `from` (one or two
/// digits, then `:` and two digits if they follow), `\s*`, `fm` (a
/// meridiem, if one follows), `\s*`, the separator, `\s*`, `to` as
/// `from`, `\s*`, and `tm`: what is left, if anything (a match ends after
/// a meridiem or after the spaces that would come before one). No part
/// can be read as the next: a clock starts with a digit, a meridiem with
/// `a` or `p`, a separator with a dash, `t` or `u`.
fn clock_parts(whole: &str) -> Option<Parts<'_>> {
    let clock_len = |text: &str| {
        let bytes = text.as_bytes();
        let digits = bytes
            .iter()
            .take(2)
            .take_while(|b| b.is_ascii_digit())
            .count();
        let minutes = digits > 0
            && bytes.get(digits) == Some(&b':')
            && bytes
                .get(digits + 1..digits + 3)
                .is_some_and(|m| m.iter().all(u8::is_ascii_digit));
        if minutes {
            digits + 3
        } else {
            digits
        }
    };
    let meridiem_len = |text: &str| {
        MERIDIEMS
            .iter()
            .find(|m| starts_with_ignoring_case(text, m))
            .map_or(0, |m| m.len())
    };
    let n = clock_len(whole);
    if n == 0 {
        return None;
    }
    let (from, rest) = whole.split_at(n);
    let rest = rest.trim_start();
    let (fm, rest) = rest.split_at(meridiem_len(rest));
    let rest = rest.trim_start();
    let separator = CLOCK_SEPARATORS
        .iter()
        .find(|s| starts_with_ignoring_case(rest, s))?;
    let rest = rest[separator.len()..].trim_start();
    let n = clock_len(rest);
    if n == 0 {
        return None;
    }
    let (to, rest) = rest.split_at(n);
    let tm = rest.trim_start();
    (meridiem_len(tm) == tm.len()).then_some(Parts {
        from: Some(from),
        fm: (!fm.is_empty()).then_some(fm),
        to: Some(to),
        tm: (!tm.is_empty()).then_some(tm),
        ..Parts::default()
    })
}

/// A duration's groups (see `parts_by_hand`): `n1`, then `\s*`, a dash,
/// a tilde ("1~3 weeks") or `to`, `\s*` and `n2`; a space or hyphen; a
/// basis and a space or hyphen; the unit.
fn duration_parts(whole: &str) -> Option<Parts<'_>> {
    let (rest, unit) = last_letters(whole);
    if !DURATION_UNITS.iter().any(|u| u.eq_ignore_ascii_case(unit)) {
        return None;
    }
    let mut basis = None;
    let mut rest = rest;
    let (before, word) = last_letters(without_separator(rest));
    if ["business", "working", "calendar"]
        .iter()
        .any(|b| b.eq_ignore_ascii_case(word))
        && without_separator(rest).len() < rest.len()
    {
        basis = Some(word);
        rest = before;
    }
    let numbers = without_separator(rest);
    let (n1, after) = leading_number(numbers)?;
    let n2 = if after.is_empty() {
        None
    } else {
        let dashed = after.trim_start();
        let dashed = ["-", "–", "—", "~"]
            .iter()
            .find_map(|d| dashed.strip_prefix(d))
            .or_else(|| starts_with_ignoring_case(dashed, "to").then(|| &dashed[2..]))?;
        let (n2, tail) = leading_number(dashed.trim_start())?;
        if !tail.is_empty() {
            return None;
        }
        Some(n2)
    };
    Some(Parts {
        n1: Some(n1),
        n2,
        basis,
        unit: Some(unit),
        ..Parts::default()
    })
}

/// A count's unit as the ledger shows it: plural lowercase words
/// (`seats`), storage units in capitals (`GB`).
fn normalise_count_unit(written: &str) -> String {
    let words: Vec<&str> = written.split_whitespace().collect();
    let joined = words.join(" ");
    if joined.len() == 2 && joined.to_ascii_lowercase().ends_with('b') {
        return joined.to_ascii_uppercase();
    }
    if joined.eq_ignore_ascii_case("api calls") || joined.eq_ignore_ascii_case("api call") {
        return "API calls".into();
    }
    let lower = joined.to_lowercase();
    if lower.ends_with('s') {
        lower
    } else {
        format!("{lower}s")
    }
}

/// Whether a text (a table cell, what follows a label's colon) may be a
/// bare count (`bare_count`): a number alone, after "up to" or not, or
/// "unlimited".
pub fn may_be_bare_count(text: &str) -> bool {
    is_bare_number(bare_number(text))
}

/// Whether `number` (`bare_number`'s) is digits and commas, led by a
/// digit, or "unlimited".
fn is_bare_number(number: &str) -> bool {
    (!number.is_empty()
        && number.len() <= 12
        && number.as_bytes()[0].is_ascii_digit()
        && number.bytes().all(|b| b.is_ascii_digit() || b == b','))
        || number.eq_ignore_ascii_case("unlimited")
}

/// A bare count's number: the text trimmed, without an "up to" before.
fn bare_number(text: &str) -> &str {
    let cell = text.trim();
    match cell.get(..6) {
        Some(lead) if lead.eq_ignore_ascii_case("up to ") => cell[6..].trim_start(),
        _ => cell,
    }
}

/// The counts written as a label and a bare number ("Seats: 10", "Pro
/// plan — users: up to 5, projects: unlimited"): after each colon, a
/// bare number up to the next comma, semicolon, full stop or bracket,
/// counting what the words right before the colon name (`bare_count`).
pub fn labelled_counts(text: &str) -> Vec<Mention> {
    const BEFORE: [char; 9] = ['—', '–', '-', ',', ';', ':', '(', '|', '•'];
    const AFTER: [char; 6] = [',', ';', '.', '(', ')', '|'];
    let mut out = Vec::new();
    for (colon, _) in text.match_indices(':') {
        let before = &text[..colon];
        let label_start = before.rfind(BEFORE).map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
        let rest = &text[colon + 1..];
        // "1,000" keeps its comma: a comma ends the value only when no
        // digit follows it.
        let mut value_end = rest.find(AFTER).unwrap_or(rest.len());
        while rest[value_end..].starts_with(',')
            && rest[value_end + 1..].starts_with(|c: char| c.is_ascii_digit())
        {
            let next = &rest[value_end + 1..];
            value_end += 1 + next.find(AFTER).unwrap_or(next.len());
        }
        let value = &rest[..value_end];
        if let Some(mut count) = bare_count(value, &before[label_start..]) {
            let offset = colon + 1;
            count.range = count.range.start + offset..count.range.end + offset;
            out.push(count);
        }
    }
    out
}

/// A bare number ("3", "up to 1,000", "Unlimited": a table cell, or what
/// follows a label's colon) as a count of what `label` names (a row's
/// label, a column's header, the words before the colon: "Seats", "Team
/// members"): the unit is the label's words, as a count's unit written
/// after its number would be.
pub fn bare_count(text: &str, label: &str) -> Option<Mention> {
    let cell = bare_number(text);
    if !is_bare_number(cell) {
        return None;
    }
    let label = label.trim();
    if label.is_empty() || label.len() > 24 || !label.chars().all(|c| c.is_alphabetic() || c == ' ')
    {
        return None;
    }
    // `cell` is a slice of `text`: where it starts in it.
    let start = cell.as_ptr() as usize - text.as_ptr() as usize;
    let amount = if cell.eq_ignore_ascii_case("unlimited") {
        None
    } else {
        let n: f64 = cell.replace(',', "").parse().ok()?;
        Some((n, n))
    };
    let unit = normalise_count_unit(label);
    Some(Mention {
        range: start..start + cell.len(),
        written_unit: unit.to_lowercase(),
        value: Value {
            kind: ValueType::Count,
            amount,
            unit,
            basis: None,
            schedule: String::new(),
            zone: None,
            days: None,
        },
    })
}

/// What a byte is to `candidates`.
const OTHER: u8 = 0;
/// A byte of an ASCII word (`\b` here is ASCII: `[0-9A-Za-z_]`).
const WORD: u8 = 1;
const DOLLAR: u8 = 2;
/// The first byte of a character outside ASCII.
const LEAD: u8 = 3;

const CLASSES: [u8; 256] = {
    let mut classes = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        classes[b] = if byte.is_ascii_alphanumeric() || byte == b'_' {
            WORD
        } else if byte == b'$' {
            DOLLAR
        } else if byte >= 0xC0 {
            LEAD
        } else {
            OTHER
        };
        b += 1;
    }
    classes
};

/// The first three letters of the words a value written without digits
/// starts with: `NUMBER_WORDS` (`one` … `ninety`, `forty-five` under
/// `for`), `unlimited` and `around` (the clock).
const VALUE_WORD_STARTS: [[u8; 3]; 17] = [
    *b"one", *b"two", *b"thr", *b"fou", *b"fiv", *b"six", *b"sev", *b"eig", *b"nin", *b"ten",
    *b"ele", *b"twe", *b"fif", *b"thi", *b"for", *b"unl", *b"aro",
];

/// Of those starts, the two that begin common words ("for", "this"), with
/// the one fourth letter their number words have (`forty`, `thirty`).
const FOURTH_LETTER: [([u8; 3], u8); 2] = [(*b"for", b't'), (*b"thi", b'r')];

/// The index of three lowercase ASCII letters in `VALUE_WORD_BITS`.
const fn letters_index(a: u8, b: u8, c: u8) -> usize {
    ((a - b'a') as usize * 26 + (b - b'a') as usize) * 26 + (c - b'a') as usize
}

/// One bit per three lowercase letters, set for `VALUE_WORD_STARTS`: a
/// word start costs one lookup, not seventeen comparisons.
const VALUE_WORD_BITS: [u64; 26 * 26 * 26 / 64 + 1] = {
    let mut bits = [0u64; 26 * 26 * 26 / 64 + 1];
    let mut i = 0;
    while i < VALUE_WORD_STARTS.len() {
        let [a, b, c] = VALUE_WORD_STARTS[i];
        let index = letters_index(a, b, c);
        bits[index / 64] |= 1 << (index % 64);
        i += 1;
    }
    bits
};

/// One bit per first two letters of `VALUE_WORD_STARTS`, each letter by
/// its low five bits (the same in either ASCII case; other bytes may share
/// them, which only lets them on to the full test).
const VALUE_WORD_PAIRS: [u32; 32] = {
    let mut pairs = [0u32; 32];
    let mut i = 0;
    while i < VALUE_WORD_STARTS.len() {
        let [a, b, _] = VALUE_WORD_STARTS[i];
        pairs[(a & 31) as usize] |= 1 << (b & 31);
        i += 1;
    }
    pairs
};

/// True when the ASCII word starting at `bytes[0]` may start a value
/// written without digits: it begins with the first three letters of one
/// of those words (four for `FOURTH_LETTER`'s), in any ASCII case (the
/// regex checks the rest). The regex folds case the Unicode way, but the
/// only characters outside ASCII that fold into ASCII letters are `ſ` (s)
/// and the Kelvin sign (k) (a test checks): no such word has a `k` or an
/// `s` in its first four letters but as a first letter, where
/// `candidates` takes `ſ` anyway.
fn starts_value_word(bytes: &[u8]) -> bool {
    let [a, b, c, ..] = *bytes else {
        return false;
    };
    // Most words start with two letters no value word starts with: one
    // lookup turns them away before the full test.
    if VALUE_WORD_PAIRS[usize::from(a & 31)] & (1 << (b & 31)) == 0 {
        return false;
    }
    // `| 0x20` lowercases an ASCII letter and maps no other byte to one.
    let [a, b, c] = [a | 0x20, b | 0x20, c | 0x20];
    if ![a, b, c].iter().all(u8::is_ascii_lowercase) {
        return false;
    }
    let index = letters_index(a, b, c);
    if VALUE_WORD_BITS[index / 64] & (1 << (index % 64)) == 0 {
        return false;
    }
    match FOURTH_LETTER.iter().find(|(start, _)| *start == [a, b, c]) {
        Some((_, fourth)) => bytes.get(3).is_some_and(|d| d | 0x20 == *fourth),
        None => true,
    }
}

/// Calls `found` with every place in `text` where a value can start, in
/// order: a superset of the starts of the values pattern's matches. Each
/// alternative of the pattern begins with a currency sign (`$`, `€`, `£`),
/// or with `\b` and a digit (`\d` is Unicode: every numeric character is
/// taken) or a number word, `unlimited` or `around`; with an ASCII `\b`, no
/// digit or letter inside an ASCII word follows one. A byte at a time:
/// `candidates` on other machines than x86-64, and its model in the tests.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn candidates_bytewise(text: &str, mut found: impl FnMut(usize)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        candidate_at(text, i, &mut found);
        if CLASSES[usize::from(bytes[i])] == WORD {
            // A word's start: the loop skips the rest of each word.
            i += 1;
            while i < bytes.len() && CLASSES[usize::from(bytes[i])] == WORD {
                i += 1;
            }
            continue;
        }
        i += 1;
    }
}

/// Calls `found` with the places in `text` where a value not written with
/// a word of `check::VALUE_WORDS` can start, in no set order: those words are
/// found whole by the matcher's word walk (`mentions_noted`). A value's
/// other starts are a `$` (`€` and `£` are characters outside ASCII), an
/// ASCII digit at an ASCII word's start, and places next to a character
/// outside ASCII: the character itself (`€`, `£`, a digit of another
/// script, `ſ` for `s`), and the ASCII words just before and after it.
/// An ASCII word with such a character beside it is not one word of the
/// walk's, which takes letters of any script into its words: "éone" is
/// "one" to the values pattern, whose `\b` is ASCII. Every other ASCII
/// word is one of the walk's, and a value starts at one that does not
/// start with a digit only when it is a word of `VALUE_WORDS` (each ends
/// at a word boundary in the pattern).
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn other_starts_bytewise(text: &str, found: &mut impl FnMut(usize)) {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match CLASSES[usize::from(b)] {
            WORD if b.is_ascii_digit()
                && (i == 0 || CLASSES[usize::from(bytes[i - 1])] != WORD) =>
            {
                found(i)
            }
            DOLLAR => found(i),
            LEAD => around_non_ascii(text, i, found),
            _ => {}
        }
    }
}

/// `other_starts_bytewise`, sixteen bytes at a time with SSE2: only the
/// ASCII digits that start a run of them, the `$` and the lead bytes of a
/// block are looked at (the last block is read from a copy padded with
/// zero bytes, which are none of those).
#[cfg(target_arch = "x86_64")]
fn other_starts(text: &str, found: &mut impl FnMut(usize)) {
    let bytes = text.as_bytes();
    let mut padded = [0u8; 16];
    let mut at = 0;
    while at < bytes.len() {
        let block = match bytes.get(at..at + 16) {
            Some(block) => block,
            None => {
                let rest = &bytes[at..];
                padded[..rest.len()].copy_from_slice(rest);
                padded[rest.len()..].fill(0);
                &padded[..]
            }
        };
        let (digit, special) = digits_and_signs(block);
        let mut marked = (digit & !(digit << 1)) | special;
        while marked != 0 {
            let i = at + marked.trailing_zeros() as usize;
            marked &= marked - 1;
            match CLASSES[usize::from(bytes[i])] {
                LEAD => around_non_ascii(text, i, found),
                DOLLAR => found(i),
                // A digit run's first digit: a value's start unless a letter
                // or `_` comes before it in the word.
                _ if i == 0 || CLASSES[usize::from(bytes[i - 1])] != WORD => found(i),
                _ => {}
            }
        }
        at += 16;
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn other_starts(text: &str, found: &mut impl FnMut(usize)) {
    other_starts_bytewise(text, found)
}

/// The candidates around the character outside ASCII whose first byte is
/// at `i` (see `other_starts_bytewise`): the start of the ASCII word just
/// before it, the character, and the ASCII word just after it, each as
/// `candidate_at` takes it.
fn around_non_ascii(text: &str, i: usize, found: &mut impl FnMut(usize)) {
    let bytes = text.as_bytes();
    let is_word = |at: usize| CLASSES[usize::from(bytes[at])] == WORD;
    if i > 0 && is_word(i - 1) {
        let mut start = i - 1;
        while start > 0 && is_word(start - 1) {
            start -= 1;
        }
        candidate_at(text, start, found);
    }
    candidate_at(text, i, found);
    let end = i + text[i..].chars().next().map_or(1, char::len_utf8);
    if end < bytes.len() && is_word(end) {
        candidate_at(text, end, found);
    }
}

/// `candidates_bytewise`, sixteen bytes at a time: SSE2 (which every
/// x86-64 has) marks the ASCII word bytes and the `$` and lead bytes of a
/// block, and only the word starts among them and those bytes are looked
/// at, where the byte loop took two table lookups and a branch a byte.
#[cfg(target_arch = "x86_64")]
fn candidates(text: &str, mut found: impl FnMut(usize)) {
    let bytes = text.as_bytes();
    // Whether the byte before the block is an ASCII word byte.
    let mut after_word = false;
    let mut at = 0;
    while at + 16 <= bytes.len() {
        let (word, special) = classify_block(&bytes[at..at + 16]);
        let starts = word & !((word << 1) | u32::from(after_word));
        let mut marked = starts | special;
        while marked != 0 {
            let i = at + marked.trailing_zeros() as usize;
            marked &= marked - 1;
            candidate_at(text, i, &mut found);
        }
        after_word = word & 0x8000 != 0;
        at += 16;
    }
    for i in at..bytes.len() {
        let class = CLASSES[usize::from(bytes[i])];
        if class != WORD || !after_word {
            candidate_at(text, i, &mut found);
        }
        after_word = class == WORD;
    }
}

/// Calls `found(i)` when the byte at `i`, an ASCII word's first byte, a
/// `$`, or the first byte of a character outside ASCII (any other byte is
/// no candidate), starts a value.
#[inline(always)]
fn candidate_at(text: &str, i: usize, found: &mut impl FnMut(usize)) {
    let bytes = text.as_bytes();
    let b = bytes[i];
    match CLASSES[usize::from(b)] {
        WORD if b.is_ascii_digit() || starts_value_word(&bytes[i..]) => found(i),
        DOLLAR => found(i),
        LEAD => {
            let c = text[i..].chars().next().unwrap_or_default();
            if c == '€' || c == '£' || c == 'ſ' || c.is_numeric() {
                found(i);
            }
        }
        _ => {}
    }
}

/// Of 16 bytes, a bit per byte (the first byte the lowest bit): the ASCII
/// word bytes (`[0-9A-Za-z_]`), and the `$` and lead bytes (0xC0 and up).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn classify_block(block: &[u8]) -> (u32, u32) {
    let (digit, other_word, signs) = block_classes(block);
    (digit | other_word, signs)
}

/// Of 16 bytes, a bit per byte: the ASCII digits, and the `$` and lead
/// bytes.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn digits_and_signs(block: &[u8]) -> (u32, u32) {
    let (digit, _, signs) = block_classes(block);
    (digit, signs)
}

/// Of 16 bytes, a bit per byte (the first byte the lowest bit): the ASCII
/// digits, the other ASCII word bytes (`[A-Za-z_]`), and the `$` and lead
/// bytes (0xC0 and up). Inlined, a caller's unused mask is not computed.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn block_classes(block: &[u8]) -> (u32, u32, u32) {
    use std::arch::x86_64::*;
    assert!(block.len() >= 16);
    // SAFETY: the block holds 16 bytes (checked above), read unaligned; SSE2
    // is part of every x86-64 processor.
    unsafe {
        let x = _mm_loadu_si128(block.as_ptr().cast());
        // `x - lo <= hi - lo`, unsigned: `x` in `lo..=hi`.
        let in_range = |x: __m128i, lo: u8, hi: u8| {
            let shifted = _mm_sub_epi8(x, _mm_set1_epi8(lo as i8));
            _mm_cmpeq_epi8(
                _mm_min_epu8(shifted, _mm_set1_epi8((hi - lo) as i8)),
                shifted,
            )
        };
        let digit = in_range(x, b'0', b'9');
        // `| 0x20` lowercases an ASCII letter and makes no other byte one.
        let letter = in_range(_mm_or_si128(x, _mm_set1_epi8(0x20)), b'a', b'z');
        let underscore = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'_' as i8));
        let dollar = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'$' as i8));
        let lead = _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8(0xC0u8 as i8)), x);
        (
            _mm_movemask_epi8(digit) as u32,
            _mm_movemask_epi8(_mm_or_si128(letter, underscore)) as u32,
            _mm_movemask_epi8(_mm_or_si128(dollar, lead)) as u32,
        )
    }
}

/// `candidates_bytewise`, where SSE2 is not at hand.
#[cfg(not(target_arch = "x86_64"))]
fn candidates(text: &str, found: impl FnMut(usize)) {
    candidates_bytewise(text, found)
}

/// Every value in `text`, in order: what `captures_iter` of the values
/// regex finds. The regex runs anchored at each candidate start
/// (`candidates`) from the end of the last match on: the first candidate
/// where it matches is the leftmost match, and anchored there it is the
/// same match, leftmost-first. The alternative that matched then finds
/// the groups (see `Values`).
pub fn mentions(values: &Values, text: &str) -> Vec<Mention> {
    mentions_from(values, text, |found| candidates(text, found))
}

/// `mentions`, with the starts of the words values are written with
/// (`check::VALUE_WORDS`) and of the words led by a digit, as the
/// matcher's word walk noted them in `text` (`check::ValueNotes`): only
/// the bytes a value written otherwise may start at are read
/// (`other_starts`), and in ASCII without `$` none, where `candidates`
/// looked at every word. The candidates are a superset of the matches'
/// starts, as `candidates`' are, so the values are the same.
pub fn mentions_noted(values: &Values, text: &str, word_starts: &[u32]) -> Vec<Mention> {
    // In ASCII without `$` the noted words are every start: a value starts
    // at a digit that leads an ASCII word, a sign or a character outside
    // ASCII otherwise.
    if text.is_ascii() && memchr::memchr(b'$', text.as_bytes()).is_none() {
        return mentions_from(values, text, |found| {
            for &start in word_starts {
                found(start as usize);
            }
        });
    }
    // Most other segments hold no noted word: the other starts come in
    // order (a place twice at most, one after the other), with no list to
    // gather, sort and thin.
    if word_starts.is_empty() {
        return mentions_from(values, text, |found| {
            let mut last = None;
            other_starts(text, &mut |i| {
                if last != Some(i) {
                    last = Some(i);
                    found(i);
                }
            });
        });
    }
    let mut starts: Vec<usize> = word_starts.iter().map(|&s| s as usize).collect();
    other_starts(text, &mut |i| starts.push(i));
    starts.sort_unstable();
    starts.dedup();
    mentions_from(values, text, |found| {
        for start in starts {
            found(start);
        }
    })
}

/// The values at the candidate starts `scan` hands on, in order.
fn mentions_from(
    values: &Values,
    text: &str,
    scan: impl FnOnce(&mut dyn FnMut(usize)),
) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut scratch = None;
    let mut next = 0;
    scan(&mut |start| {
        if start < next {
            return;
        }
        let scratch = scratch.get_or_insert_with(|| values.scratch.get());
        let input = Input::new(text).range(start..).anchored(Anchored::Yes);
        let Some(whole) = values.value_at(scratch, &input) else {
            return;
        };
        next = whole.end();
        // The match's groups: read off its text for the common shapes
        // (`parts_by_hand`); else the alternative that matched, alone
        // over the match (its word boundaries still see the text around),
        // finds the same match and its groups.
        let index = whole.pattern().as_usize();
        let parts = match parts_by_hand(index, &text[whole.range()]) {
            Some(parts) => parts,
            None => {
                let (regex, groups) = values.alternatives[index].get();
                let (cache, caps) = scratch.each[index]
                    .get_or_insert_with(|| (regex.create_cache(), regex.create_captures()));
                let input = Input::new(text)
                    .range(whole.range())
                    .anchored(Anchored::Yes);
                regex.search_captures_with(cache, &input, caps);
                debug_assert_eq!(caps.get_match().map(|m| m.range()), Some(whole.range()));
                Parts::of_captures(text, caps, groups)
            }
        };
        let read = mention(&parts)
            .and_then(|(value, unit)| Some((in_context(value, text, whole.range())?, unit)));
        if let Some((value, written_unit)) = read {
            out.push(Mention {
                range: whole.range(),
                value,
                written_unit,
            });
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Vec<String> {
        mentions(builtin_regex(), text)
            .iter()
            .map(|m| m.value.display())
            .collect()
    }

    #[test]
    fn values_normalise() {
        assert_eq!(
            shown("30-day returns, 3–5 business days, 2 weeks, a 12-month plan"),
            ["30 days", "3–5 business days", "14 days", "12 months"]
        );
        assert_eq!(
            shown("$75, €49.50, 100 USD, 99.9% and 24/7"),
            ["$75", "€49.50", "100 USD", "99.9%", "24/7"]
        );
        assert_eq!(
            shown("10 seats, 1 seat, 100 GB, unlimited projects"),
            ["10 seats", "1 seat", "100 GB", "unlimited projects"]
        );
        assert_eq!(
            shown("open 9am–5pm, 8:00 to 20:00, 9-5pm, and 3-5 things"),
            ["09:00–17:00", "08:00–20:00", "09:00–17:00"]
        );
        assert_eq!(shown("within one business day"), ["1 business day"]);
    }

    /// What `captures_iter` of a `regex::Regex` of the same pattern finds:
    /// what `mentions` must find.
    fn by_captures_iter(values: &Values, text: &str) -> Vec<(Range<usize>, String, String)> {
        let regex = crate::rule::compile_rule_regex(&values.pattern).expect("compiles");
        // The whole pattern as one meta regex, for the groups by index.
        let whole_regex = values_regex(std::slice::from_ref(&values.pattern), true);
        let groups = Groups::of(&whole_regex);
        let mut cache = whole_regex.create_cache();
        let mut out = Vec::new();
        for caps in regex.captures_iter(text) {
            let whole = caps.get(0).expect("a match");
            // The same match, its groups as the meta regex numbers them.
            let mut meta_caps = whole_regex.create_captures();
            let input = Input::new(text)
                .range(whole.start()..)
                .anchored(Anchored::Yes);
            whole_regex.search_captures_with(&mut cache, &input, &mut meta_caps);
            assert_eq!(
                meta_caps.get_match().map(|m| m.range()),
                Some(whole.range())
            );
            for (index, group) in caps.iter().enumerate() {
                assert_eq!(
                    meta_caps.get_group(index).map(|s| s.range()),
                    group.map(|g| g.range()),
                    "group {index} of {:?}",
                    whole.as_str()
                );
            }
            let read = mention(&Parts::of_captures(text, &meta_caps, &groups))
                .and_then(|(value, unit)| Some((in_context(value, text, whole.range())?, unit)));
            if let Some((value, unit)) = read {
                out.push((whole.range(), value.display(), unit));
            }
        }
        out
    }

    /// The regex of every alternative of `values`, compiled (not the DFA
    /// built ahead of time), each alternative its own pattern.
    fn compiled_alternatives(values: &Values) -> meta::Regex {
        let patterns: Vec<String> = values
            .alternatives
            .iter()
            .map(|a| a.pattern.clone())
            .collect();
        values_regex(&patterns, false)
    }

    /// For each value of `text` (leftmost-first, as `mentions` finds
    /// them): its groups read by hand, if they are, and as captured by
    /// its alternative's regex.
    fn parts_both_ways(text: &str) -> Vec<(String, Option<Parts<'_>>, Parts<'_>)> {
        let values = builtin_regex();
        let any = compiled_alternatives(values);
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(whole) = any.search(&Input::new(text).range(at..)) {
            at = whole.end().max(whole.start() + 1);
            let index = whole.pattern().as_usize();
            let (regex, groups) = values.alternatives[index].get();
            let mut caps = regex.create_captures();
            let input = Input::new(text)
                .range(whole.range())
                .anchored(Anchored::Yes);
            regex.search_captures(&input, &mut caps);
            out.push((
                text[whole.range()].to_string(),
                parts_by_hand(index, &text[whole.range()]),
                Parts::of_captures(text, &caps, groups),
            ));
        }
        out
    }

    /// The common shapes are read by hand (a capturing search is the
    /// slow way), and read as the captures read them.
    #[test]
    fn common_values_are_read_by_hand_as_captured() {
        let text = "30 days, 3–5 business days, 5-7 working-days, one to two weeks, \
            Forty-five minutes, 24h, 30days, $75, € 49.50, 100 USD, 1,000 euros, 99.9%, \
            5 percent, 10 seats, unlimited API calls, 24/7, around the clock, \
            9am–5pm, 8:00 to 20:00, 9 - 5 P.M., 10:30am until 4";
        let found = parts_both_ways(text);
        assert_eq!(found.len(), 21, "{found:?}");
        for (matched, by_hand, captured) in found {
            assert_eq!(by_hand, Some(captured), "{matched:?}");
        }
    }

    fn by_noted(values: &Values, text: &str) -> Vec<(Range<usize>, String, String)> {
        mentions_noted(
            values,
            text,
            &crate::check::tests::value_word_starts_by_words(text),
        )
        .into_iter()
        .map(|m| (m.range, m.value.display(), m.written_unit))
        .collect()
    }

    fn by_mentions(values: &Values, text: &str) -> Vec<(Range<usize>, String, String)> {
        mentions(values, text)
            .into_iter()
            .map(|m| (m.range, m.value.display(), m.written_unit))
            .collect()
    }

    #[test]
    fn anchored_scan_finds_what_captures_iter_finds() {
        let values = builtin_regex();
        for text in [
            "30-day returns, 3–5 business days, 2 weeks, a 12-month plan",
            "$75, €49.50, 100 USD, 99.9% and 24/7, £5 and 5 pounds",
            "10 seats, 1 seat, 100 GB, unlimited projects, Unlimited API calls",
            "open 9am–5pm, 8:00 to 20:00, 9-5pm, and 3-5 things",
            "within one business day; Forty-five minutes; TWENTY-FOUR hours",
            "support around the clock, 24 hours a day, 7 days a week, 24x7",
            "abc123 days, x_5 days, 5days, ſix days, ſeven weeks, sıx days",
            "٣ days, ٣٠ days, a٣ days, 3٣ days, ½ day, Ⅻ months, é5 days",
            "ten-fifteen days, one to two weeks, thirty—sixty days, often 5",
            "for forty days, this thirty-day trial, FORTY-FIVE minutes, fort 5 days",
            "someone 2 days, tendays, 1,000 seats, 1.5.2 hours, 2024 and 2025",
            "$$5, $ 5, €€, 5 %, 5percent, 5 per cent, 5 KB, 5 Kb, 5 \u{212A}B",
            "1\u{2028}2 days, 3\u{a0}days, 4\u{2009}weeks, 7\u{a0}days a week",
            // A match that is no value still uses up its text: "٣-5 days"
            // and "ſix-5 days" are matched (and dropped), so "5 days" is not.
            "a٣-5 days, 1ſix-5 days, $٣-5 days",
            "",
            "5",
            "twenty",
        ] {
            assert_eq!(
                by_mentions(values, text),
                by_captures_iter(values, text),
                "{text}"
            );
        }
    }

    fn starts(scan: fn(&str, &mut dyn FnMut(usize)), text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        scan(text, &mut |i| out.push(i));
        out
    }

    #[test]
    fn block_scan_finds_the_byte_loops_candidates() {
        let text = "Returns within thirty days; $75 or €49 (٣ days), ſix weeks, \
            x_5 ab12 one_two TWO-THREE unlimited seats and around the clock.";
        for cut in 0..text.len() {
            if let Some(part) = text.get(cut..) {
                assert_eq!(
                    starts(|t, f| candidates(t, f), part),
                    starts(|t, f| candidates_bytewise(t, f), part),
                    "{part:?}"
                );
            }
        }
    }

    /// The trie's value words are the pattern's: each number word (up to
    /// a hyphen), `unlimited` and `around`, and no other.
    #[test]
    fn the_value_words_are_the_patterns() {
        let mut words: Vec<&str> = NUMBER_WORDS
            .iter()
            .map(|(w, _)| w.split('-').next().expect("a word"))
            .chain(["unlimited", "around"])
            .collect();
        words.dedup();
        let alternatives = value_alternatives(crate::ledger::kinds::builtin()).join("|");
        for word in [r"unlimited(?-u:\b)", r"around\s+"] {
            assert!(alternatives.contains(word), "{word}");
        }
        assert_eq!(words, crate::check::VALUE_WORDS);
    }

    /// The meridiems and separators `clock_parts` reads are the clock
    /// alternative's.
    #[test]
    fn clock_words_read_by_hand_are_the_patterns() {
        let escaped: Vec<String> = MERIDIEMS.iter().map(|m| regex::escape(m)).collect();
        assert_eq!(MERIDIEM, escaped.join("|"));
        let clock = &value_alternatives(crate::ledger::kinds::builtin())[CLOCK_RANGE];
        let separators = format!(r"\s*(?:{})\s*", CLOCK_SEPARATORS.join("|"));
        assert!(clock.contains(&separators), "{clock}");
    }

    /// The units read by hand are every spelling of the pattern's.
    #[test]
    fn the_duration_units_are_the_patterns() {
        let mut spelled: Vec<String> = DURATION_UNIT_PATTERN
            .split('|')
            .flat_map(|unit| match unit.strip_suffix("s?") {
                Some(stem) => vec![format!("{stem}s"), stem.to_string()],
                None => vec![unit.to_string()],
            })
            .collect();
        spelled.sort();
        let mut listed = DURATION_UNITS.map(String::from).to_vec();
        listed.sort();
        assert_eq!(spelled, listed);
    }

    fn sorted_set(mut starts: Vec<usize>) -> Vec<usize> {
        starts.sort_unstable();
        starts.dedup();
        starts
    }

    #[test]
    fn noted_values_are_the_scanned_values() {
        let values = builtin_regex();
        for text in [
            "Returns within thirty days; $75 or €49 (٣ days), ſix weeks, one-two days",
            "x_5 ab12 one_two TWO-THREE unlimited seats, unlimitedſeats and around the clock",
            "éone day, oneé day, café30 days, 30é days, ten\u{a0}days, Forty-five minutes",
            "for forty days, tendays, 1,000 seats, v2 days, 2024, 99.9%",
            "",
            "5",
        ] {
            assert_eq!(by_noted(values, text), by_mentions(values, text), "{text}");
        }
    }

    /// Copy made of up to 14 value-ish words (numbers, signs, number
    /// words, units, look-alikes, characters outside ASCII) and `more`,
    /// with separators between them.
    fn generated_copy(more: &[&'static str]) -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        let mut words = vec![
            "1",
            "24",
            "7",
            "30",
            "99.9",
            "1,000",
            "٣",
            "½",
            "$",
            "€",
            "£",
            "ſix",
            "Six",
            "one",
            "Twenty",
            "forty-five",
            "unlimited",
            "around",
            "the",
            "clock",
            "x",
            "/",
            "-",
            "–",
            "~",
            "to",
            "until",
            "days",
            "day",
            "business",
            "working-",
            "weeks",
            "h",
            "hrs",
            "%",
            "percent",
            "per",
            "cent",
            "USD",
            "pounds",
            "seats",
            "GB",
            "API",
            "calls",
            "9am",
            "5pm",
            "9:30",
            "a.m.",
            "a",
            "week",
            "hours",
            "and",
            "often",
            "someone",
            "é",
            "_",
            "abc",
            "a٣",
            "1ſix",
            ",",
            ".",
            ";",
            "for",
            "Forty",
            "FORTY",
            "fort",
            "this",
            "Thirty",
            "thirteen",
            "four",
            "fourteen",
        ];
        words.extend_from_slice(more);
        let separators = vec!["", " ", "  ", "\u{a0}", "-", ", ", "—", "–", "- "];
        (
            proptest::collection::vec(proptest::sample::select(words), 0..14),
            proptest::collection::vec(proptest::sample::select(separators), 14),
        )
            .prop_map(|(words, separators)| {
                words
                    .iter()
                    .zip(&separators)
                    .flat_map(|(w, s)| [*w, *s])
                    .collect()
            })
    }

    proptest::proptest! {
        /// The block scan of the other starts calls at the places its byte
        /// loop does, on any mix of words, digits, signs and characters
        /// outside ASCII, across block edges.
        #[test]
        fn other_starts_block_scan_matches_its_byte_loop(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "one", "Two", "thirty", "5", "30", "1,000", "$", "€", "£", "ſ", "٣", "é",
                    "—", " ", "  ", "_", "x", "ab", "-", ".", "\n", "Ⅻ", "½", "v2", "a1b",
                ]),
                0..64,
            ),
        ) {
            let text: String = parts.concat();
            let mut block = Vec::new();
            other_starts(&text, &mut |i| block.push(i));
            // In order, as `mentions_noted` hands them on unsorted.
            proptest::prop_assert!(block.windows(2).all(|w| w[0] <= w[1]), "{:?}", block);
            let mut bytewise = Vec::new();
            other_starts_bytewise(&text, &mut |i| bytewise.push(i));
            proptest::prop_assert_eq!(sorted_set(block), sorted_set(bytewise));
        }

        /// The values found at the noted words and the other starts are
        /// those found at every candidate of the full scan.
        #[test]
        fn noted_values_match_scanned_values_on_generated_copy(
            text in generated_copy(&[
                "éone", "oneé", "tendays", "ſeats", "café", "v2", "fort",
            ]),
        ) {
            let values = builtin_regex();
            let noted = by_noted(values, &text);
            proptest::prop_assert_eq!(noted, by_mentions(values, &text));
        }

        /// Wherever a value's groups are read by hand, they are what its
        /// alternative's regex captures.
        #[test]
        fn groups_read_by_hand_are_the_captured_groups(
            text in generated_copy(&[
                "1,", "5.", ".5", "—", "TO", "Day", "Working", "calendar", "ten", "- ",
                "12:00", "8", "p.m.", "PM", "Am", "UNTIL", "a.m", "5:3", "9:300",
            ]),
        ) {
            for (matched, by_hand, captured) in parts_both_ways(&text) {
                if let Some(by_hand) = by_hand {
                    proptest::prop_assert_eq!(by_hand, captured, "{:?} in {:?}", matched, text);
                }
            }
        }

        /// The block scan calls at the places the byte loop does, in order,
        /// on any mix of words, digits, signs and characters outside ASCII,
        /// across block edges.
        #[test]
        fn block_scan_matches_the_byte_loop(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "one", "Two", "thirty", "for", "this", "unlimited", "around", "fort",
                    "5", "30", "1,000", "$", "€", "£", "ſ", "٣", "é", "—", " ", "  ", "_",
                    "x", "ab", "-", ".", "\n", "days", "Ⅻ", "½",
                ]),
                0..64,
            ),
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(
                starts(|t, f| candidates(t, f), &text),
                starts(|t, f| candidates_bytewise(t, f), &text)
            );
        }

        /// Copy made of value-ish words, numbers and separators finds the
        /// same values either way.
        #[test]
        fn anchored_scan_matches_captures_iter_on_generated_copy(
            text in generated_copy(&[]),
        ) {
            let values = builtin_regex();
            proptest::prop_assert_eq!(by_mentions(values, &text), by_captures_iter(values, &text));
        }
    }

    /// The regex of every alternative built ahead of time finds, anchored
    /// at every character of the kinds' and rules' examples, what it finds
    /// compiled.
    #[test]
    fn the_prebuilt_values_search_finds_what_the_compiled_finds() {
        let values = builtin_regex();
        assert!(values.is_prebuilt());
        let compiled = compiled_alternatives(values);
        let mut texts = crate::ledger::kinds::tests::example_texts();
        texts.push(
            "ſix days, 3\u{212A}m, é5 days, ٣ days, 9:30 am – 5 pm, $1,000.50, 24 x 7".to_string(),
        );
        let mut scratch = values.scratch.get();
        let mut found = 0;
        for text in &texts {
            for (i, _) in text.char_indices() {
                let input = Input::new(text.as_str()).range(i..).anchored(Anchored::Yes);
                let by_dfa = values.value_at(&mut scratch, &input);
                assert_eq!(by_dfa, compiled.search(&input), "at {i} of {text:?}");
                found += usize::from(by_dfa.is_some());
            }
        }
        assert!(found > 100, "{found}");
    }

    #[test]
    fn only_s_and_kelvin_fold_into_ascii_letters() {
        // `starts_value_word` compares ASCII only; the regex folds case the
        // Unicode way. No character outside ASCII may match an ASCII letter
        // but `ſ` (s) and the Kelvin sign (k).
        let letter = regex::RegexBuilder::new("^[a-z]$")
            .case_insensitive(true)
            .build()
            .expect("compiles");
        let folding: Vec<char> = (0x80..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| letter.is_match(c.encode_utf8(&mut [0; 4])))
            .collect();
        assert_eq!(folding, ['ſ', '\u{212A}']);
    }

    #[test]
    fn whole_numbers_show_as_formatting_shows_them() {
        for n in [
            0.0,
            -0.0,
            1.0,
            14.0,
            99.0,
            1e14,
            999_999_999_999_999.0,
            1e15,
            1e300,
            -5.0,
        ] {
            assert_eq!(whole(n), format!("{n:.0}"), "{n}");
        }
    }

    #[test]
    fn keys_compare_hours_and_days() {
        let m = |t: &str| mentions(builtin_regex(), t).remove(0).value;
        assert_eq!(m("48 hours").key(), m("2 days").key());
        assert_eq!(m("1 year").key(), m("12 months").key());
        assert_ne!(m("2 business days").key(), m("2 days").key());
        assert_eq!(m("4 weeks").key(), m("28 days").key());
        assert_eq!(m("3–5 days").key(), m("3-5 days").key());
        assert_ne!(m("3–5 days").key(), m("3 days").key());
        assert_ne!(m("$75").key(), m("€75").key());
        assert_ne!(m("unlimited projects").key(), m("10 projects").key());
        assert_eq!(m("unlimited projects").key(), m("Unlimited projects").key());
        assert_eq!(m("9am–5pm").key(), m("9:00 to 17:00").key());
        assert_ne!(m("9am–5pm").key(), m("8am–5pm").key());
    }

    /// Each value `mentions` finds in `text`, as the ledger shows it.
    fn displayed(text: &str) -> Vec<String> {
        mentions(builtin_regex(), text)
            .into_iter()
            .map(|m| m.value.display())
            .collect()
    }

    #[test]
    fn hours_keep_the_time_zone_named_after_them() {
        for (text, zone) in [
            ("9am–5pm ET", "09:00–17:00 ET"),
            ("9am–5pm EST", "09:00–17:00 ET"),
            ("9am–5pm (PDT)", "09:00–17:00 PT"),
            ("9am–5pm, CST", "09:00–17:00 CT"),
            ("9am–5pm Pacific Time", "09:00–17:00 PT"),
            ("9am–5pm US Eastern Standard Time", "09:00–17:00 ET"),
            ("9am–5pm United States Mountain time", "09:00–17:00 MT"),
            ("9:00–17:00 UTC+1", "09:00–17:00 UTC+1"),
            ("9:00–17:00 GMT", "09:00–17:00 GMT"),
            ("9:00–17:00 CEST.", "09:00–17:00 CET"),
            // no zone: none named, lower case, a word that only starts like one
            ("9am–5pm", "09:00–17:00"),
            ("9am–5pm et al", "09:00–17:00"),
            ("9am–5pm ETA", "09:00–17:00"),
            ("9am–5pm Pacific Northwest", "09:00–17:00"),
            ("9am–5pm Pacific timers", "09:00–17:00"),
            ("9:00–17:00 UTC+20", "09:00–17:00"),
            ("24/7 ET", "24/7"),
        ] {
            assert_eq!(displayed(text), [zone], "{text}");
        }
    }

    #[test]
    fn hours_keep_the_days_named_beside_them() {
        for (text, days) in [
            ("Monday–Friday, 9am–5pm", "Mon–Fri 09:00–17:00"),
            ("Mon-Fri 9am–5pm", "Mon–Fri 09:00–17:00"),
            ("Mon–Fri between 9am and 5pm", "Mon–Fri 09:00–17:00"),
            ("Mon. – Sat. from 9am to 5pm", "Mon–Sat 09:00–17:00"),
            (
                "Tuesday through Thursday, 9am to 5pm",
                "Tue–Thu 09:00–17:00",
            ),
            ("weekdays from 9am–5pm", "Mon–Fri 09:00–17:00"),
            ("open 7 days a week: 9am–5pm", "Mon–Sun 09:00–17:00"),
            ("Sunday 9am–5pm", "Sun 09:00–17:00"),
            ("9am–5pm, Monday to Friday", "Mon–Fri 09:00–17:00"),
            ("9am–5pm ET, Mon–Fri", "Mon–Fri 09:00–17:00 ET"),
            ("9am–5pm (PT) Monday to Saturday", "Mon–Sat 09:00–17:00 PT"),
            ("9am–5pm on weekends", "Sat–Sun 09:00–17:00"),
            ("9am–5pm every day", "Mon–Sun 09:00–17:00"),
            ("9am–5pm daily", "Mon–Sun 09:00–17:00"),
            // no days: a short name alone is a word too, a day's name inside
            // a word is none, and days are read only right beside the hours
            ("we sat 9am–5pm", "09:00–17:00"),
            ("9am–5pm sun", "09:00–17:00"),
            ("Sundays are quiet; 9am–5pm", "09:00–17:00"),
            ("9am–5pm mondays", "09:00–17:00"),
            ("Monday to Friday we answer calls 9am–5pm", "09:00–17:00"),
            ("9am–5pm and on Saturday", "09:00–17:00"),
        ] {
            assert_eq!(displayed(text), [days], "{text}");
        }
    }

    #[test]
    fn a_bare_number_in_a_cell_counts_what_its_label_names() {
        let shown = |cell: &str, label: &str| {
            bare_count(cell, label).map(|m| (m.range, m.value.display(), m.written_unit))
        };
        assert_eq!(
            shown(" 3 ", "Seats"),
            Some((1..2, "3 seats".into(), "seats".into()))
        );
        assert_eq!(
            shown("Up to 1,000", "Team member"),
            Some((6..11, "1000 team members".into(), "team members".into()))
        );
        assert_eq!(
            shown("unlimited", "Projects"),
            Some((0..9, "unlimited projects".into(), "projects".into()))
        );
        // no bare number: words beside it, a decimal, a sign
        for cell in ["3 seats", "about 3", "1.5", "$3", "", "up to", "-3"] {
            assert_eq!(shown(cell, "Seats"), None, "{cell}");
        }
        // no unit: a label with digits or signs, or none
        for label in ["Seats (max)", "Tier 2", "", "   "] {
            assert_eq!(shown("3", label), None, "{label}");
        }
    }

    #[test]
    fn a_bare_number_after_a_label_counts_what_the_label_names() {
        let shown = |text: &str| {
            labelled_counts(text)
                .into_iter()
                .map(|m| (text[m.range].to_string(), m.value.display()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            shown("Team plan: users: 1,000, projects: 25."),
            [
                ("1,000".to_string(), "1000 users".to_string()),
                ("25".to_string(), "25 projects".to_string())
            ]
        );
        assert_eq!(
            shown("Pro — seats: up to 10 (billed yearly)"),
            [("10".to_string(), "10 seats".to_string())]
        );
        assert_eq!(
            shown("Projects: unlimited | Seats: 5"),
            [
                ("unlimited".to_string(), "unlimited projects".to_string()),
                ("5".to_string(), "5 seats".to_string())
            ]
        );
        // no bare number, or words beside it; a colon at either end
        for text in [
            "Seats: 10 per team",
            "Seats: about 10",
            "Seats 10",
            "Seats:",
            ": 10",
            "",
        ] {
            assert_eq!(shown(text), [], "{text}");
        }
    }

    #[test]
    fn hours_joined_by_and_span_only_after_between() {
        assert_eq!(displayed("Call us between 9am and 5pm."), ["09:00–17:00"]);
        assert_eq!(displayed("BETWEEN 9:00 AND 17:30 CET"), ["09:00–17:30 CET"]);
        assert!(displayed("Deliveries at 10am and 2pm.").is_empty());
        assert!(displayed("between2 9am and 5pm").is_empty());
    }

    #[test]
    fn a_duration_per_period_is_how_often_not_how_long() {
        assert!(displayed("open 7 days a week").is_empty());
        assert!(displayed("365 days per year, 2 hours each day").is_empty());
        assert_eq!(displayed("within 7 days, a week at most"), ["7 days"]);
        assert_eq!(displayed("7 days a"), ["7 days"]);
        assert_eq!(displayed("7 days. A week later"), ["7 days"]);
    }

    #[test]
    fn hours_agree_unless_two_places_name_different_zones() {
        let m = |t: &str| mentions(builtin_regex(), t).remove(0).value;
        assert!(m("9am–5pm").agrees_with(&m("9am–5pm ET")));
        assert!(m("9am–5pm PT").agrees_with(&m("9am–5pm")));
        assert!(m("9am–5pm EDT").agrees_with(&m("9am–5pm Eastern Time")));
        assert!(!m("9am–5pm ET").agrees_with(&m("9am–5pm PT")));
        assert!(m("9am–5pm").agrees_with(&m("Mon–Fri 9am–5pm")));
        assert!(m("Mon–Fri 9am–5pm ET").agrees_with(&m("weekdays 9am–5pm")));
        assert!(!m("Mon–Fri 9am–5pm").agrees_with(&m("Mon–Sat 9am–5pm")));
        assert!(!m("Mon–Fri 9am–5pm ET").agrees_with(&m("Mon–Sat 9am–5pm")));
        // days apart: two cases, whatever their hours
        assert!(m("Mon–Fri 9am–5pm").agrees_with(&m("Saturday 10am–2pm")));
        assert!(m("Mon–Thu 9am–5pm").agrees_with(&m("Fri–Sun 8am–8pm PT")));
        assert!(!m("Sun–Thu 9am–5pm").agrees_with(&m("Monday 10am–2pm")));
        assert!(!m("Mon–Fri 9am–5pm").agrees_with(&m("Fri–Sat 10am–2pm")));
        assert!(!m("9am–5pm").agrees_with(&m("8am–5pm ET")));
        assert!(!m("2 days").agrees_with(&m("2 business days")));
        assert!(m("48 hours").agrees_with(&m("2 days")));
    }
}
