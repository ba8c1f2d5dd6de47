//! Which way a payment goes, and what it settles.

use super::InvoiceKind;

arkan_kernel::codes! {
    /// Which way a payment's money goes: in from a client, out to a vendor.
    pub enum PaymentDirection {
        Inbound = "inbound",
        Outbound = "outbound",
    }
}

impl PaymentDirection {
    /// The kind of document a payment in this direction settles.
    pub fn settles(self) -> InvoiceKind {
        match self {
            PaymentDirection::Inbound => InvoiceKind::CustomerInvoice,
            PaymentDirection::Outbound => InvoiceKind::VendorBill,
        }
    }
}
