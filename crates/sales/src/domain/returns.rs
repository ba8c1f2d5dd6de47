//! Return rules, pure: states, dispositions, numbers.

use arkan_kernel::codes;

codes! {
    /// Where a return is: `open -> received -> refunded`.
    pub enum ReturnState {
        Open = "open",
        Received = "received",
        Refunded = "refunded",
    }
}

codes! {
    /// Where returned goods go.
    pub enum Disposition {
        Restock = "restock",
        Scrap = "scrap",
    }
}

/// The prefix of return numbers: `RMA/2026/00001`.
pub const RETURN_PREFIX: &str = "RMA";

/// What is left to return of a delivered quantity once returns asked for some.
pub fn returnable(delivered_e4: i64, asked_e4: i64) -> i64 {
    (delivered_e4 - asked_e4).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_returnable_never_goes_below_zero() {
        assert_eq!(returnable(50_000, 20_000), 30_000);
        assert_eq!(returnable(10_000, 20_000), 0);
        assert_eq!(Disposition::parse("scrap"), Some(Disposition::Scrap));
    }
}
