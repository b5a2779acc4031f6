//! Today's date for the rules that judge by it (`eol-image`): the core reads no clock, the
//! faces pass the day. `SHIPSHAPE_TODAY=YYYY-MM-DD` fixes it (tests and reproducible CI).

use std::time::{SystemTime, UNIX_EPOCH};

/// `YYYY-MM-DD`, UTC.
pub fn today() -> String {
    if let Ok(d) = std::env::var("SHIPSHAPE_TODAY") {
        if d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-' {
            return d;
        }
    }
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    civil(secs.div_euclid(86_400) as i64)
}

/// The date of a day count since 1970-01-01 (Howard Hinnant's civil-from-days).
fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::civil;

    #[test]
    fn days_to_dates() {
        assert_eq!(civil(0), "1970-01-01");
        assert_eq!(civil(11_017), "2000-03-01");
        assert_eq!(civil(20_794), "2026-12-07");
    }
}
