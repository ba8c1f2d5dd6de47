//! The vocabulary every other crate speaks: typed ids, money in integer minor units, ISO 4217
//! currencies, validated UAE identifiers and the list cursor. No web framework, no database.

pub mod code;
pub mod currency;
pub mod cursor;
pub mod iban;
pub mod id;
pub mod money;
pub mod text;
pub mod time;

pub use currency::Currency;
pub use cursor::Cursor;
pub use id::PurchaseOrderId;
pub use id::{
    AccountId, ActivityId, AdjustmentId, AssetCategoryId, AssetId, BudgetId, CashRoundingId,
    CompanyId, ContactId, CycleCountId, DealId, DeliveryId, EntryId, FiscalPositionId,
    FiscalYearId, InvoiceId, JournalId, LandedCostId, LeadId, LocationId, PartnerId, PaymentId,
    PaymentTermId, ProductCategoryId, ProductId, ProjectId, PutawayRuleId, ScrapId, SprintId,
    StageId, StatementId, StatementLineId, StockMoveId, StockRouteId, TaxId, TimeEntryId,
    TransferId, UserId, WarehouseId, WebhookId, WorkItemId,
};
pub use id::{BlanketOrderId, PurchaseAgreementId, RfqId};
pub use id::{
    DiscountId, PriceListId, QuoteId, SalesDeliveryId, SalesOrderId, SalesReturnId, SalesWarningId,
};
pub use money::{MoneyError, allocate, format_minor, parse_minor};
