//! Warnings, pure: what they are on, how loud, where they come from.

use arkan_kernel::codes;

codes! {
    pub enum WarningEntity {
        Client = "client",
        Product = "product",
    }
}

codes! {
    pub enum WarningLevel {
        Info = "info",
        Warning = "warning",
        Block = "block",
    }
}

codes! {
    pub enum WarningSource {
        Manual = "manual",
        CreditLimit = "credit_limit",
        OverdueInvoices = "overdue_invoices",
    }
}
