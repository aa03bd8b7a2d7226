//! The quantities promises carry, found in prose and normalised: durations
//! (weeks to days; business days kept apart from calendar days), money
//! (currency kept), percentages, counts with their unit, schedules.

use super::kinds::{ValueType, Vocabulary};
use regex::{Captures, Regex};
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
}

/// A value found in a text, with the unit family it was written in
/// (`weeks` before it became days), for a kind's `units`.
#[derive(Debug, Clone)]
pub struct Mention {
    pub range: Range<usize>,
    pub value: Value,
    pub written_unit: String,
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        let s = format!("{n:.2}");
        s.trim_end_matches('0').to_string()
    }
}

fn money_amount(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{n:.0}")
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
            ValueType::Schedule => self.schedule.clone(),
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
    pub fn key(&self) -> String {
        let (dimension, factor) = match (self.kind, self.unit.as_str()) {
            (ValueType::Duration, "minutes") => ("time", 1.0),
            (ValueType::Duration, "hours") => ("time", 60.0),
            (ValueType::Duration, "days") => ("time", 1440.0),
            (ValueType::Duration, "months") => ("months", 1.0),
            (ValueType::Duration, "years") => ("months", 12.0),
            (_, unit) => (unit, 1.0),
        };
        let business = if self.basis == Some(Basis::Business) {
            "business "
        } else {
            ""
        };
        match self.amount {
            Some((a, b)) => format!("{business}{dimension}:{}-{}", a * factor, b * factor),
            None if self.kind == ValueType::Schedule => format!("schedule:{}", self.schedule),
            None => format!("{dimension}:unlimited"),
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

const NUM: &str = r"\d[\d,]*(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|forty-five|forty|sixty|ninety";
const CLOCK: &str = r"\d{1,2}(?::\d{2})?";
const MERIDIEM: &str = r"am|pm|a\.m\.|p\.m\.";

fn word_number(word: &str) -> Option<f64> {
    let n = match word.to_ascii_lowercase().as_str() {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fourteen" => 14,
        "fifteen" => 15,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "forty-five" => 45,
        "sixty" => 60,
        "ninety" => 90,
        other => return other.replace(',', "").parse().ok(),
    };
    Some(n as f64)
}

/// The values regex for a vocabulary: its count units come from the kinds.
fn values_regex(vocabulary: &Vocabulary) -> Regex {
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
    let pattern = format!(
        r"(?x)
        (?P<sched>\b24\s*/\s*7\b|\b24\s*x\s*7\b|\b24\s+hours\s+a\s+day(?:,?\s*(?:and\s+)?7\s+days\s+a\s+week)?|\baround\s+the\s+clock\b)
        |(?P<cur>[$€£])\s?(?P<amt>\d[\d,]*(?:\.\d+)?)\b
        |\b(?P<amt2>\d[\d,]*(?:\.\d+)?)\s?(?P<cur2>USD|EUR|GBP|CAD|AUD|dollars|euros|pounds)\b
        |\b(?P<pct>\d+(?:\.\d+)?)\s?(?:%|percent\b|per\s?cent\b)
        |\b(?P<n1>{NUM})(?:\s*(?:-|–|—|to)\s*(?P<n2>{NUM}))?(?:\s+|-)?(?:(?P<basis>business|working|calendar)(?:\s+|-))?(?P<unit>minutes?|mins?|hours?|hrs?|h|days?|weeks?|wks?|months?|years?|yrs?)\b
        |\b(?P<c1>\d[\d,]*(?:\.\d+)?|unlimited)\s*(?P<cunit>{count_units})\b
        |\b(?P<from>{CLOCK})\s*(?P<fm>{MERIDIEM})?\s*(?:-|–|—|to|until)\s*(?P<to>{CLOCK})\s*(?P<tm>{MERIDIEM})?"
    );
    crate::rule::compile_rule_regex(&pattern).expect("the values regex compiles")
}

/// The compiled values regex of the built-in vocabulary.
pub fn builtin_regex() -> &'static Regex {
    static REGEX: OnceLock<Regex> = OnceLock::new();
    REGEX.get_or_init(|| values_regex(super::kinds::builtin()))
}

/// A regex for `vocabulary` (a test's own).
pub fn regex_for(vocabulary: &Vocabulary) -> Regex {
    values_regex(vocabulary)
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

fn mention(caps: &Captures) -> Option<(Value, String)> {
    let plain = |kind, amount, unit: &str| Value {
        kind,
        amount,
        unit: unit.to_string(),
        basis: None,
        schedule: String::new(),
    };
    if let Some(s) = caps.name("sched") {
        let text = s.as_str().to_ascii_lowercase();
        let mut value = plain(ValueType::Schedule, None, "schedule");
        value.schedule = if text.contains('7') || text.contains("clock") {
            "24/7".into()
        } else {
            "24 hours a day".into()
        };
        return Some((value, "schedule".into()));
    }
    if let Some(cur) = caps.name("cur").or(caps.name("cur2")) {
        let amount = caps.name("amt").or(caps.name("amt2"))?.as_str();
        let amount: f64 = amount.replace(',', "").parse().ok()?;
        let unit = match cur.as_str().to_ascii_lowercase().as_str() {
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
    if let Some(pct) = caps.name("pct") {
        let n: f64 = pct.as_str().parse().ok()?;
        return Some((plain(ValueType::Percentage, Some((n, n)), "%"), "%".into()));
    }
    if let Some(n1) = caps.name("n1") {
        let a = word_number(n1.as_str())?;
        let b = match caps.name("n2") {
            Some(n2) => word_number(n2.as_str())?,
            None => a,
        };
        if b < a {
            return None;
        }
        let unit = caps.name("unit")?.as_str().to_ascii_lowercase();
        let (written, normal, factor) = match unit.as_str() {
            "minute" | "minutes" | "min" | "mins" => ("minutes", "minutes", 1.0),
            "hour" | "hours" | "hr" | "hrs" | "h" => ("hours", "hours", 1.0),
            "day" | "days" => ("days", "days", 1.0),
            "week" | "weeks" | "wk" | "wks" => ("weeks", "days", 7.0),
            "month" | "months" => ("months", "months", 1.0),
            _ => ("years", "years", 1.0),
        };
        let basis = caps
            .name("basis")
            .map(|b| match b.as_str().to_ascii_lowercase().as_str() {
                "calendar" => Basis::Calendar,
                _ => Basis::Business,
            });
        let mut value = plain(ValueType::Duration, Some((a * factor, b * factor)), normal);
        value.basis = basis;
        return Some((value, written.into()));
    }
    if let Some(c) = caps.name("c1") {
        let unit_written = caps.name("cunit")?.as_str();
        let unit = normalise_count_unit(unit_written);
        let amount = if c.as_str().eq_ignore_ascii_case("unlimited") {
            None
        } else {
            let n: f64 = c.as_str().replace(',', "").parse().ok()?;
            Some((n, n))
        };
        let key = unit.to_lowercase();
        return Some((plain(ValueType::Count, amount, &unit), key));
    }
    if let (Some(from), Some(to)) = (caps.name("from"), caps.name("to")) {
        let fm = caps.name("fm").map(|m| m.as_str());
        let tm = caps.name("tm").map(|m| m.as_str());
        let colons = from.as_str().contains(':') && to.as_str().contains(':');
        if fm.is_none() && tm.is_none() && !colons {
            return None;
        }
        // "9–5pm": the first time shares the second's half of the day
        // when it would otherwise come after it.
        let start = clock(from.as_str(), fm.or(tm))
            .filter(|s| clock(to.as_str(), tm).is_some_and(|e| *s < e))
            .or_else(|| clock(from.as_str(), fm))?;
        let end = clock(to.as_str(), tm)?;
        let mut value = plain(ValueType::Schedule, None, "schedule");
        value.schedule = format!("{start}–{end}");
        return Some((value, "schedule".into()));
    }
    None
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

/// Every value in `text`, in order.
pub fn mentions(regex: &Regex, text: &str) -> Vec<Mention> {
    regex
        .captures_iter(text)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            let (value, written_unit) = mention(&caps)?;
            Some(Mention {
                range: whole.range(),
                value,
                written_unit,
            })
        })
        .collect()
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

    #[test]
    fn keys_compare_hours_and_days() {
        let m = |t: &str| mentions(builtin_regex(), t).remove(0).value;
        assert_eq!(m("48 hours").key(), m("2 days").key());
        assert_eq!(m("1 year").key(), m("12 months").key());
        assert_ne!(m("2 business days").key(), m("2 days").key());
        assert_eq!(m("4 weeks").key(), m("28 days").key());
    }
}
