//! Settings both the command line and the config file spell: the fail
//! level and file sizes. A floor below `cli` and `config`, so neither has to
//! import the other for them.

use crate::rule::Severity;
use clap::ValueEnum;

/// The severity at which fog fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub fn name(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Info => "info",
            FailOn::Never => "never",
        }
    }

    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// The default `--max-file-size`.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 << 20;

/// Parses a size: bytes, or a number with K, M or G (binary multiples). The
/// number may have a decimal part (`1.5M` is 1.5 × 1024 × 1024 bytes),
/// rounded down to whole bytes.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let not_a_size = || format!("`{text}` is not a size (try 10MiB, 1.5M or 500000)");
    let split = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !digits_only(whole)
        || !digits_only(fraction)
        || (number.contains('.') && fraction.is_empty())
    {
        return Err(not_a_size());
    }
    let factor: u128 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        other => return Err(format!("unknown size unit `{other}` (use K, M or G)")),
    };
    let too_large = || format!("`{text}` is too large");
    let whole: u128 = whole.parse().map_err(|_| too_large())?;
    // Digits past the 30th cannot change the whole bytes of any size that fits.
    let fraction = &fraction[..fraction.len().min(30)];
    let scale = 10u128.pow(fraction.len() as u32);
    let fraction: u128 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().map_err(|_| not_a_size())?
    };
    let bytes = whole
        .checked_mul(factor)
        .and_then(|b| b.checked_add(fraction * factor / scale))
        .ok_or_else(too_large)?;
    u64::try_from(bytes).map_err(|_| too_large())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("10MiB"), Ok(10 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("123"), Ok(123));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5 parsecs").is_err());
        assert_eq!(parse_size("1.5M"), Ok(3 << 19));
        assert_eq!(parse_size("0.1K"), Ok(102));
        assert_eq!(parse_size("2.25 KiB"), Ok(2304));
        assert_eq!(parse_size("1.9"), Ok(1));
        for bad in ["1.", ".5M", "1.2.3M", "", "M", "-1"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        assert!(parse_size("99999999999999999999G").is_err());
    }
}
