//! Typed ids. Every id is a UUID v7 (time ordered), wrapped so that a partner id cannot be passed
//! where a company id is expected.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new time-ordered id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<Uuid> for $name {
            fn from(value: Uuid) -> Self {
                Self(value)
            }
        }

        impl From<$name> for Uuid {
            fn from(value: $name) -> Self {
                value.0
            }
        }
    };
}

typed_id!(
    /// A tenant: every business row belongs to exactly one company.
    CompanyId
);
typed_id!(
    /// A person who can log in.
    UserId
);
typed_id!(
    /// A client, a vendor, or both.
    PartnerId
);
typed_id!(
    /// A person at (or independent of) a partner.
    ContactId
);
typed_id!(
    /// An account of a company's chart of accounts.
    AccountId
);
typed_id!(
    /// A journal (sales, purchases, bank, cash, general).
    JournalId
);
typed_id!(
    /// A journal entry, draft or posted.
    EntryId
);
typed_id!(
    /// A tax (VAT rate, reverse charge, ...).
    TaxId
);
typed_id!(
    /// A fiscal year of a company.
    FiscalYearId
);
typed_id!(
    /// An invoice, a vendor bill or a credit note.
    InvoiceId
);
typed_id!(
    /// A payment received or made.
    PaymentId
);
typed_id!(
    /// A cash rounding: the coin an invoice's total is rounded to.
    CashRoundingId
);
typed_id!(
    /// A project (revenue and cost lines may carry one).
    ProjectId
);
typed_id!(
    /// A piece of work of a project (epic, story, task, bug), keyed `CODE-N`.
    WorkItemId
);
typed_id!(
    /// A time box of a project's work.
    SprintId
);
typed_id!(
    /// Hours someone spent on a project.
    TimeEntryId
);
typed_id!(
    /// A company's subscription to events.
    WebhookId
);
typed_id!(
    /// One event sent (or to be sent) to one webhook, with its attempts.
    DeliveryId
);
typed_id!(
    /// When a document falls due: installments and an early-payment discount.
    PaymentTermId
);
typed_id!(
    /// How a client's or vendor's documents are taxed (export, GCC, designated zone).
    FiscalPositionId
);
typed_id!(
    /// A sales lead, before it becomes a deal.
    LeadId
);
typed_id!(
    /// A deal (opportunity) in the sales pipeline.
    DealId
);
typed_id!(
    /// A stage of a company's sales pipeline.
    StageId
);
typed_id!(
    /// A call, meeting, e-mail or task on a lead or a deal.
    ActivityId
);
typed_id!(
    /// A budget: planned amounts per account (and project) and month of a fiscal year.
    BudgetId
);
typed_id!(
    /// A fixed asset: its cost, its depreciation schedule and its disposal.
    AssetId
);
typed_id!(
    /// A kind of fixed asset: the default method, life and accounts of its assets.
    AssetCategoryId
);
typed_id!(
    /// A bank statement imported for a bank journal.
    StatementId
);
typed_id!(
    /// One line (one movement) of an imported bank statement.
    StatementLineId
);
typed_id!(
    /// A warehouse: a tree of stock locations with its reception and delivery steps.
    WarehouseId
);
typed_id!(
    /// A stock location: a shelf, a warehouse's stock, or a virtual place (vendors, customers,
    /// inventory loss, scrap, transit, production).
    LocationId
);
typed_id!(
    /// A stock move: a quantity of a product from one location to another.
    StockMoveId
);
typed_id!(
    /// A stock transfer (receipt, delivery, internal, return): moves made and done together.
    TransferId
);
typed_id!(
    /// An inventory adjustment: counted quantities booked against inventory loss.
    AdjustmentId
);
typed_id!(
    /// A cycle count session: lines counted one by one, validated into one adjustment.
    CycleCountId
);
typed_id!(
    /// A scrap order: stock taken out of a location into scrap, with its reason.
    ScrapId
);
typed_id!(
    /// A landed cost: freight, duty or insurance spread over the moves of done receipts.
    LandedCostId
);
typed_id!(
    /// A request for quotation: lines sent to several vendors, whose quotes are compared.
    RfqId
);
typed_id!(
    /// A blanket order: quantities and prices agreed with a vendor for a period, called off.
    BlanketOrderId
);
typed_id!(
    /// A purchase agreement (tender): lines opened for sealed bids, evaluated and awarded.
    PurchaseAgreementId
);
typed_id!(
    /// A putaway rule: where a product (or a category's products) goes in a warehouse.
    PutawayRuleId
);
typed_id!(
    /// A warehouse route: the steps of a receipt, delivery or internal operation.
    StockRouteId
);
typed_id!(
    /// A product of the catalog: what is stocked, bought and sold.
    ProductId
);
typed_id!(
    /// A product category: a node of the tree that gives products their accounts and costing.
    ProductCategoryId
);
typed_id!(
    /// A purchase order: goods or services ordered from a vendor, received and billed.
    PurchaseOrderId
);
typed_id!(
    /// A sales order: goods and services sold to a client, delivered and invoiced.
    SalesOrderId
);
typed_id!(
    /// A sales quote: an offer to a client, sent, accepted and converted into an order.
    QuoteId
);
typed_id!(
    /// A sales price list: rules giving a client's price for a product.
    PriceListId
);
typed_id!(
    /// A sales discount rule or promo code.
    DiscountId
);
typed_id!(
    /// A warning on a client or product, shown or blocking when an order is confirmed.
    SalesWarningId
);
typed_id!(
    /// A delivery of a sales order: the order's goods leaving the warehouse for the client.
    SalesDeliveryId
);
typed_id!(
    /// A client's return of delivered goods, received and refunded.
    SalesReturnId
);
