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
}

// Putaway and routing rules (their own file, so the stock rules above stay short).
mod rules;
pub use rules::*;
