//! ISO 4217 currencies with their minor-unit exponent. The exponent decides how many decimals a
//! money string may carry: AED 2, KWD 3, JPY 0. Never assume two decimals.

/// A currency known to the system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Currency {
    pub code: &'static str,
    pub exponent: u8,
    pub name: &'static str,
}

const fn c(code: &'static str, exponent: u8, name: &'static str) -> Currency {
    Currency {
        code,
        exponent,
        name,
    }
}

/// The currencies a Gulf trading business meets, with their ISO 4217 minor units.
pub const CURRENCIES: &[Currency] = &[
    c("AED", 2, "UAE Dirham"),
    c("SAR", 2, "Saudi Riyal"),
    c("QAR", 2, "Qatari Rial"),
    c("KWD", 3, "Kuwaiti Dinar"),
    c("BHD", 3, "Bahraini Dinar"),
    c("OMR", 3, "Rial Omani"),
    c("JOD", 3, "Jordanian Dinar"),
    c("IQD", 3, "Iraqi Dinar"),
    c("LYD", 3, "Libyan Dinar"),
    c("TND", 3, "Tunisian Dinar"),
    c("EGP", 2, "Egyptian Pound"),
    c("USD", 2, "US Dollar"),
    c("EUR", 2, "Euro"),
    c("GBP", 2, "Pound Sterling"),
    c("CHF", 2, "Swiss Franc"),
    c("CNY", 2, "Yuan Renminbi"),
    c("INR", 2, "Indian Rupee"),
    c("PKR", 2, "Pakistan Rupee"),
    c("PHP", 2, "Philippine Peso"),
    c("LKR", 2, "Sri Lanka Rupee"),
    c("BDT", 2, "Taka"),
    c("TRY", 2, "Turkish Lira"),
    c("SGD", 2, "Singapore Dollar"),
    c("HKD", 2, "Hong Kong Dollar"),
    c("AUD", 2, "Australian Dollar"),
    c("CAD", 2, "Canadian Dollar"),
    c("JPY", 0, "Yen"),
    c("KRW", 0, "Won"),
];

impl Currency {
    /// Looks a currency up by its ISO code (upper case, as ISO writes it).
    pub fn from_code(code: &str) -> Option<Currency> {
        CURRENCIES
            .iter()
            .copied()
            .find(|currency| currency.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gulf_currencies_carry_their_iso_exponent() {
        assert_eq!(Currency::from_code("AED").map(|c| c.exponent), Some(2));
        assert_eq!(Currency::from_code("KWD").map(|c| c.exponent), Some(3));
        assert_eq!(Currency::from_code("JPY").map(|c| c.exponent), Some(0));
        assert_eq!(Currency::from_code("aed"), None);
        assert_eq!(Currency::from_code("XXX"), None);
    }
}
