//! Validated identifiers that arrive as text: e-mail addresses, UAE TRNs, ISO country codes;
//! and the control characters no text input may carry.

/// The first control character (Unicode category Cc: U+0000 to U+001F and U+007F to U+009F) in
/// `text`. With `line_breaks`, tab, line feed and carriage return are let through, as free text
/// (a memo, a description) may hold them; every other field is a single line. A NUL cannot be
/// stored in PostgreSQL text at all, and the others break exports, logs and terminals.
pub fn control_character(text: &str, line_breaks: bool) -> Option<char> {
    text.chars()
        .find(|&c| c.is_control() && !(line_breaks && matches!(c, '\t' | '\n' | '\r')))
}

/// A UAE Tax Registration Number: exactly 15 digits. The FTA publishes no check-digit formula,
/// so the format is all that can be validated offline.
pub fn is_valid_trn(text: &str) -> bool {
    text.len() == 15 && text.bytes().all(|b| b.is_ascii_digit())
}

/// A pragmatic e-mail check: one `@`, a non-empty local part, a dotted domain, no spaces.
pub fn is_valid_email(text: &str) -> bool {
    if text.len() > 254 || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
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
        assert!(!is_valid_email("a\u{0}@c.ae"));
    }

    #[test]
    fn control_characters() {
        assert_eq!(control_character("Gulf Trading", false), None);
        assert_eq!(control_character("a\u{0}b", false), Some('\u{0}'));
        assert_eq!(control_character("a\u{85}b", true), Some('\u{85}'));
        assert_eq!(control_character("a\u{7f}b", true), Some('\u{7f}'));
        assert_eq!(control_character("one\r\ntwo\tthree", false), Some('\r'));
        assert_eq!(control_character("one\r\ntwo\tthree", true), None);
        assert_eq!(control_character("\u{200b}\u{2028}", false), None);
    }
}
