//! Validated identifiers that arrive as text: e-mail addresses, UAE TRNs, ISO country codes.

/// A UAE Tax Registration Number: exactly 15 digits. The FTA publishes no check-digit formula,
/// so the format is all that can be validated offline.
pub fn is_valid_trn(text: &str) -> bool {
    text.len() == 15 && text.bytes().all(|b| b.is_ascii_digit())
}

/// A pragmatic e-mail check: one `@`, a non-empty local part, a dotted domain, no spaces.
pub fn is_valid_email(text: &str) -> bool {
    if text.len() > 254 || text.chars().any(char::is_whitespace) {
        return false;
    }
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// An ISO 3166-1 alpha-2 country code, upper case ("AE").
pub fn is_valid_country(text: &str) -> bool {
    text.len() == 2 && text.bytes().all(|b| b.is_ascii_uppercase())
}

/// The seven emirates, as an address names them.
pub const EMIRATES: &[&str] = &[
    "Abu Dhabi",
    "Dubai",
    "Sharjah",
    "Ajman",
    "Umm Al Quwain",
    "Ras Al Khaimah",
    "Fujairah",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trn_is_fifteen_digits() {
        assert!(is_valid_trn("100123456700003"));
        assert!(!is_valid_trn("10012345670000"));
        assert!(!is_valid_trn("1001234567000031"));
        assert!(!is_valid_trn("10012345670000A"));
    }

    #[test]
    fn emails() {
        assert!(is_valid_email("ops@gulf-trading.ae"));
        assert!(!is_valid_email("ops@localhost"));
        assert!(!is_valid_email("no-at-sign.ae"));
        assert!(!is_valid_email("a b@c.ae"));
        assert!(!is_valid_email("a@@c.ae"));
    }
}
