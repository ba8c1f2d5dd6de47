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
    /// Whether a payment in this direction settles a document of `kind`: money in settles
    /// customer invoices and vendor credit notes (a vendor's refund), money out vendor bills
    /// and customer credit notes (a refund to a client).
    pub fn settles(self, kind: InvoiceKind) -> bool {
        match self {
            PaymentDirection::Inbound => matches!(
                kind,
                InvoiceKind::CustomerInvoice | InvoiceKind::VendorCreditNote
            ),
            PaymentDirection::Outbound => matches!(
                kind,
                InvoiceKind::VendorBill | InvoiceKind::CustomerCreditNote
            ),
        }
    }
}
