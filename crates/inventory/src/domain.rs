//! Inventory's vocabularies and pure rules: location types, move and transfer states, which
//! moves count as incoming or outgoing, and the transitions of a move.

use arkan_kernel::codes;

codes! {
    /// What a location is: a node of the tree (`view`), a place stock is kept (`internal`),
    /// or a virtual counterpart that makes every move a two-sided record.
    pub enum LocationType {
        View = "view",
        Internal = "internal",
        Supplier = "supplier",
        Customer = "customer",
        Inventory = "inventory",
        Scrap = "scrap",
        Transit = "transit",
        Production = "production",
    }
}

impl LocationType {
    /// Stock the company holds (its shelves and transit between its warehouses).
    pub fn is_owned(self) -> bool {
        matches!(self, LocationType::Internal | LocationType::Transit)
    }
}

codes! {
    /// Where a move (or a transfer, which is in the state of its moves) is.
    pub enum MoveState {
        Draft = "draft",
        Confirmed = "confirmed",
        Assigned = "assigned",
        Done = "done",
        Cancelled = "cancelled",
    }
}

impl MoveState {
    /// Not yet done nor cancelled: it still counts as incoming or outgoing.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            MoveState::Draft | MoveState::Confirmed | MoveState::Assigned
        )
    }
}

codes! {
    /// What a transfer does, by where it takes stock from and to.
    pub enum TransferType {
        Receipt = "receipt",
        Delivery = "delivery",
        Internal = "internal",
        Return = "return",
    }
}

impl TransferType {
    /// The transfer of stock from `source` to `destination`: into the company from a vendor or
    /// elsewhere is a receipt, from a customer a return; out of it a delivery; inside it internal.
    pub fn between(source: LocationType, destination: LocationType) -> TransferType {
        match (source.is_owned(), destination.is_owned()) {
            (false, true) if source == LocationType::Customer => TransferType::Return,
            (false, true) => TransferType::Receipt,
            (true, false) => TransferType::Delivery,
            _ => TransferType::Internal,
        }
    }

    /// The prefix of its number (`WH/IN/00001`).
    pub fn prefix(self) -> &'static str {
        match self {
            TransferType::Receipt => "IN",
            TransferType::Delivery => "OUT",
            TransferType::Internal => "INT",
            TransferType::Return => "RET",
        }
    }
}

codes! {
    /// How many steps goods take from the dock to the shelf.
    pub enum ReceptionSteps {
        OneStep = "one_step",
        TwoSteps = "two_steps",
        ThreeSteps = "three_steps",
    }
}

codes! {
    /// How many steps goods take from the shelf to the truck.
    pub enum DeliverySteps {
        ShipOnly = "ship_only",
        PickShip = "pick_ship",
        PickPackShip = "pick_pack_ship",
    }
}

codes! {
    /// What a vendor bill from a purchase order may bill: what was received, or what was
    /// ordered.
    #[derive(Default)]
    pub enum BillControl {
        #[default]
        Received = "received",
        Ordered = "ordered",
    }
}

/// The number of a stock document: `WH/IN/00001`.
pub fn document_number(warehouse_code: &str, prefix: &str, sequence: i64) -> String {
    format!("{warehouse_code}/{prefix}/{sequence:05}")
}

/// How much of a move's quantity a `done` call completes, and what is left for the backorder:
/// `done` defaults to the whole quantity, may not exceed it nor be zero or less.
pub fn split_done(quantity: i64, done: Option<i64>) -> Result<(i64, i64), &'static str> {
    let done = done.unwrap_or(quantity);
    if done <= 0 {
        return Err("must be more than zero");
    }
    if done > quantity {
        return Err("must not exceed the move's quantity");
    }
    Ok((done, quantity - done))
}

codes! {
    /// Where a cycle count session is: counted line by line, then validated or given up.
    pub enum CycleCountState {
        InProgress = "in_progress",
        Done = "done",
        Cancelled = "cancelled",
    }
}

codes! {
    /// A product's class by its share of the stock's value: `A` the products that make the
    /// first 80 %, `B` the next 15 %, `C` the rest.
    pub enum AbcClass {
        A = "A",
        B = "B",
        C = "C",
    }
}

/// The classes of products by value (largest first): a product is `A` while the value before
/// it is under 80 % of the total, `B` under 95 %, else `C`; nothing of value is `C`.
pub fn abc_classes<K: Copy>(mut values: Vec<(K, i128)>) -> Vec<(K, AbcClass)> {
    values.sort_by_key(|(_, value)| std::cmp::Reverse(*value));
    let total: i128 = values.iter().map(|(_, value)| (*value).max(0)).sum();
    let mut before = 0_i128;
    values
        .into_iter()
        .map(|(key, value)| {
            let class = if value <= 0 || total == 0 {
                AbcClass::C
            } else if before * 100 < total * 80 {
                AbcClass::A
            } else if before * 100 < total * 95 {
                AbcClass::B
            } else {
                AbcClass::C
            };
            before += value.max(0);
            (key, class)
        })
        .collect()
}

/// The scrap reasons every company has: code and name.
pub const STANDARD_SCRAP_REASONS: &[(&str, &str)] = &[
    ("damaged", "Damaged"),
    ("expired", "Expired"),
    ("defective", "Defective"),
    ("lost", "Lost"),
    ("obsolete", "Obsolete"),
    ("quality_failure", "Quality failure"),
    ("other", "Other"),
];

/// The prefixes of the stock documents that are not transfers.
pub const ADJUSTMENT_PREFIX: &str = "ADJ";
pub const CYCLE_COUNT_PREFIX: &str = "CC";
pub const SCRAP_PREFIX: &str = "SP";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transfer_is_named_by_its_ends() {
        use LocationType::*;
        assert_eq!(
            TransferType::between(Supplier, Internal),
            TransferType::Receipt
        );
        assert_eq!(
            TransferType::between(Customer, Internal),
            TransferType::Return
        );
        assert_eq!(
            TransferType::between(Internal, Customer),
            TransferType::Delivery
        );
        assert_eq!(
            TransferType::between(Internal, Internal),
            TransferType::Internal
        );
        assert_eq!(
            TransferType::between(Internal, Transit),
            TransferType::Internal
        );
        assert_eq!(
            TransferType::between(Inventory, Internal),
            TransferType::Receipt
        );
    }

    #[test]
    fn a_partial_done_leaves_the_rest_for_a_backorder() {
        assert_eq!(split_done(10_0000, None), Ok((10_0000, 0)));
        assert_eq!(split_done(10_0000, Some(4_0000)), Ok((4_0000, 6_0000)));
        assert!(split_done(10_0000, Some(11_0000)).is_err());
        assert!(split_done(10_0000, Some(0)).is_err());
    }

    #[test]
    fn numbers_have_five_digits() {
        assert_eq!(document_number("WH", "IN", 1), "WH/IN/00001");
    }

    #[test]
    fn classes_follow_the_share_of_value() {
        let classes = abc_classes(vec![(1, 10), (2, 700), (3, 150), (4, 100), (5, 40), (6, 0)]);
        let class_of = |key| {
            classes
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, class)| *class)
        };
        // 700 of 1000 starts at 0 %: A; 150 starts at 70 %: A; 100 at 85 %: B; 40 at 95 %: C.
        assert_eq!(class_of(2), Some(AbcClass::A));
        assert_eq!(class_of(3), Some(AbcClass::A));
        assert_eq!(class_of(4), Some(AbcClass::B));
        assert_eq!(class_of(5), Some(AbcClass::C));
        assert_eq!(class_of(1), Some(AbcClass::C));
        assert_eq!(class_of(6), Some(AbcClass::C));
    }
}

// Putaway and routing rules (their own file, so the stock rules above stay short).
mod rules;
pub use rules::*;

// Valuation arithmetic and layer kinds.
mod valuation;
pub use valuation::*;
