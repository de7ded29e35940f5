//! A calendar date (proleptic Gregorian) without time zone: what a date of service is.
//!
//! Kept in-house because the app needs only parsing `YYYY-MM-DD`, ordering and "today".

use std::fmt;

/// A valid calendar date. Construct with [`Date::parse`] or [`Date::new`], which check the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a date string was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("the date is empty")]
    Empty,
    #[error("\"{0}\" is not in the form YYYY-MM-DD")]
    Format(String),
    #[error("\"{0}\" is not a day of the calendar")]
    NoSuchDay(String),
}

impl Date {
    /// Builds a date, or `None` when the day does not exist (2026-02-30).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses exactly `YYYY-MM-DD` (four-digit year, two-digit month and day).
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(DateError::Empty);
        }
        let bytes = text.as_bytes();
        let digits_at = |range: std::ops::Range<usize>| {
            bytes
                .get(range.clone())
                .filter(|b| b.iter().all(u8::is_ascii_digit))
                .and_then(|_| text.get(range))
        };
        let shape_ok = bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-';
        let (Some(y), Some(m), Some(d)) = (digits_at(0..4), digits_at(5..7), digits_at(8..10))
        else {
            return Err(DateError::Format(text.to_string()));
        };
        if !shape_ok {
            return Err(DateError::Format(text.to_string()));
        }
        let parsed = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>());
        match parsed {
            (Ok(y), Ok(m), Ok(d)) => {
                Date::new(y, m, d).ok_or_else(|| DateError::NoSuchDay(text.to_string()))
            }
            _ => Err(DateError::Format(text.to_string())),
        }
    }

    /// Today's date in UTC, from the system clock.
    pub fn today_utc() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// The date `days` after 1970-01-01 (Howard Hinnant's civil-from-days).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl std::str::FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Date::parse(s)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_valid_and_rejects_invalid() {
        assert_eq!(
            Date::parse("2026-03-14").map(|d| d.to_string()),
            Ok("2026-03-14".into())
        );
        assert_eq!(Date::parse("2024-02-29").map(|d| d.day()), Ok(29));
        assert!(matches!(
            Date::parse("2025-02-29"),
            Err(DateError::NoSuchDay(_))
        ));
        assert!(matches!(
            Date::parse("2026-13-01"),
            Err(DateError::NoSuchDay(_))
        ));
        assert!(matches!(
            Date::parse("14/03/2026"),
            Err(DateError::Format(_))
        ));
        assert!(matches!(
            Date::parse("2026-3-14"),
            Err(DateError::Format(_))
        ));
        assert!(matches!(
            Date::parse("２０２６-03-14"),
            Err(DateError::Format(_))
        ));
        assert_eq!(Date::parse("  "), Err(DateError::Empty));
    }

    #[test]
    fn epoch_days_round_trip() {
        for days in [-800_000_i64, -1, 0, 1, 18_000, 20_000, 2_932_896] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::parse("2021-10-01").map(Date::days_since_epoch),
            Ok(18_901)
        );
    }

    #[test]
    fn orders_by_calendar() {
        let a = Date::parse("2021-09-30").unwrap();
        let b = Date::parse("2021-10-01").unwrap();
        assert!(a < b);
    }
}
