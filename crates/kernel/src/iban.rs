//! IBANs (ISO 13616, mod-97) with the UAE structure checked, and UAE routing codes.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IbanError {
    #[error("must start with a country code and two check digits, then letters and digits")]
    Format,
    #[error("must be {expected} characters for {country} (got {actual})")]
    Length {
        country: String,
        expected: usize,
        actual: usize,
    },
    #[error("a UAE IBAN is AE, 2 check digits, a 3-digit bank code and a 16-digit account number")]
    UaeStructure,
    #[error("the check digits do not match (mod-97)")]
    Checksum,
}

/// IBAN lengths of the countries a Gulf business pays most (SWIFT registry).
const LENGTHS: &[(&str, usize)] = &[
    ("AE", 23),
    ("BH", 22),
    ("KW", 30),
    ("SA", 24),
    ("QA", 29),
    ("OM", 23),
    ("JO", 30),
    ("EG", 29),
    ("GB", 22),
    ("DE", 22),
    ("FR", 27),
    ("NL", 18),
    ("CH", 21),
    ("TR", 26),
    ("PK", 24),
];

/// A validated IBAN, stored without spaces, upper case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iban(String);

impl Iban {
    pub fn parse(text: &str) -> Result<Iban, IbanError> {
        let iban: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        let bytes = iban.as_bytes();
        let well_formed = bytes.len() >= 15
            && bytes.len() <= 34
            && bytes[..2].iter().all(u8::is_ascii_uppercase)
            && bytes[2..4].iter().all(u8::is_ascii_digit)
            && bytes[4..].iter().all(u8::is_ascii_alphanumeric);
        if !well_formed {
            return Err(IbanError::Format);
        }
        let country = &iban[..2];
        if let Some((_, expected)) = LENGTHS.iter().find(|(code, _)| *code == country)
            && bytes.len() != *expected
        {
            return Err(IbanError::Length {
                country: country.to_owned(),
                expected: *expected,
                actual: bytes.len(),
            });
        }
        if country == "AE" && !bytes[4..].iter().all(u8::is_ascii_digit) {
            return Err(IbanError::UaeStructure);
        }
        if mod97(&iban) != 1 {
            return Err(IbanError::Checksum);
        }
        Ok(Iban(iban))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn country(&self) -> &str {
        &self.0[..2]
    }

    /// The 3-digit bank code of a UAE IBAN.
    pub fn uae_bank_code(&self) -> Option<&str> {
        (self.country() == "AE").then(|| &self.0[4..7])
    }
}

/// The remainder of the rearranged IBAN modulo 97, computed digit by digit.
fn mod97(iban: &str) -> u32 {
    let rearranged = iban[4..].chars().chain(iban[..4].chars());
    let mut remainder: u32 = 0;
    for c in rearranged {
        let value = c.to_digit(36).unwrap_or(0);
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder
}

/// A UAE routing code: 9 digits. Its check digit is not published, so the format is checked,
/// and its digits 2-4 must equal the bank code of the account's IBAN.
pub fn is_valid_routing_code(text: &str) -> bool {
    text.len() == 9 && text.bytes().all(|b| b.is_ascii_digit())
}

pub fn routing_code_matches(routing_code: &str, iban: &Iban) -> bool {
    match iban.uae_bank_code() {
        Some(bank) => routing_code.get(1..4) == Some(bank),
        None => true,
    }
}

/// A BIC (SWIFT code): 4 letters of bank, 2 of country, 2 letters or digits of location and an
/// optional 3-character branch.
pub fn is_valid_bic(text: &str) -> bool {
    let bytes = text.as_bytes();
    matches!(bytes.len(), 8 | 11)
        && bytes[..6].iter().all(u8::is_ascii_uppercase)
        && bytes[6..]
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_vectors() {
        for valid in [
            "AE070331234567890123456",
            "AE400240043520123456701",
            "AE180260001012345678901",
            "AE750350000000123456789",
            "AE340330000010790321544",
            "ae07 0331 2345 6789 0123 456",
            "GB82WEST12345698765432",
        ] {
            assert!(Iban::parse(valid).is_ok(), "{valid}");
        }
        for broken in [
            "AE160240043520123456701",
            "AE310333000010767710393",
            "AE530220000100011122222",
        ] {
            assert_eq!(Iban::parse(broken), Err(IbanError::Checksum), "{broken}");
        }
        assert!(matches!(
            Iban::parse("AE920330000010790321544728"),
            Err(IbanError::Length {
                expected: 23,
                actual: 26,
                ..
            })
        ));
        assert_eq!(Iban::parse("not an iban"), Err(IbanError::Format));
    }

    #[test]
    fn routing_codes_cross_check_the_bank() {
        let iban = Iban::parse("AE400240043520123456701").unwrap();
        assert_eq!(iban.uae_bank_code(), Some("024"));
        assert!(is_valid_routing_code("802420101"));
        assert!(routing_code_matches("802420101", &iban));
        assert!(!routing_code_matches("302620122", &iban));
        assert!(!is_valid_routing_code("80242010"));
        assert!(is_valid_bic("EBILAEAD"));
        assert!(is_valid_bic("EBILAEADXXX"));
        assert!(!is_valid_bic("EBIL1EAD"));
    }
}
