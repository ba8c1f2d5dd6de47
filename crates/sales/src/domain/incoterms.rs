//! The Incoterms® 2020 rules (ICC), as `shared/reference/uae.md` §6 lists them.

/// One rule: its code, name, the kind of place it names, and whether it is for sea and inland
/// waterway transport only.
#[derive(Clone, Copy, Debug)]
pub struct Incoterm {
    pub code: &'static str,
    pub name: &'static str,
    /// `delivery`, `destination`, `port_of_loading` or `port_of_destination`.
    pub named_place: &'static str,
    pub sea_inland_only: bool,
}

const fn rule(
    code: &'static str,
    name: &'static str,
    named_place: &'static str,
    sea_inland_only: bool,
) -> Incoterm {
    Incoterm {
        code,
        name,
        named_place,
        sea_inland_only,
    }
}

/// The eleven rules of Incoterms 2020.
pub const INCOTERMS: [Incoterm; 11] = [
    rule("EXW", "Ex Works", "delivery", false),
    rule("FCA", "Free Carrier", "delivery", false),
    rule("CPT", "Carriage Paid To", "destination", false),
    rule(
        "CIP",
        "Carriage and Insurance Paid To",
        "destination",
        false,
    ),
    rule("DAP", "Delivered at Place", "destination", false),
    rule("DPU", "Delivered at Place Unloaded", "destination", false),
    rule("DDP", "Delivered Duty Paid", "destination", false),
    rule("FAS", "Free Alongside Ship", "port_of_loading", true),
    rule("FOB", "Free on Board", "port_of_loading", true),
    rule("CFR", "Cost and Freight", "port_of_destination", true),
    rule(
        "CIF",
        "Cost, Insurance and Freight",
        "port_of_destination",
        true,
    ),
];

/// The version of the rules.
pub const VERSION: &str = "2020";

/// Whether `code` is one of the eleven.
pub fn is_incoterm(code: &str) -> bool {
    INCOTERMS.iter().any(|rule| rule.code == code)
}
