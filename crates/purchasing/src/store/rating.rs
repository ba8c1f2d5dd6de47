//! What vendor rating reads: confirmed orders' lines, receipts and returns, RFQ invitations and
//! quoted lines, over a period, for every vendor of the company at once.

use std::collections::HashMap;

use arkan_kernel::CompanyId;
use arkan_kernel::time::{from_micros, to_micros};
use arkan_platform::sql::get;
use chrono::{Days, NaiveDate};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use crate::domain::{
    InvitationFact, OrderLineFact, OrderState, QuoteLineFact, RatingFacts, ReceiptFact,
    ReceiptState, ReturnFact, net_unit_price,
};

/// The first instant of `date` and of the day after `to`, microseconds (UTC).
fn instants(from: NaiveDate, to: NaiveDate) -> (i64, i64) {
    let start = |date: NaiveDate| to_micros(date.and_time(chrono::NaiveTime::MIN).and_utc());
    (
        start(from),
        start(to.checked_add_days(Days::new(1)).unwrap_or(to)),
    )
}

fn day_of(micros: i64) -> NaiveDate {
    from_micros(micros).date_naive()
}

/// Every rated fact dated in `from..=to` (orders by their date, receipts and returns by the
/// day the goods moved, invitations by the day the RFQ was sent, quotes by the day they came
/// in).
pub async fn rating_facts(
    db: &impl ConnectionTrait,
    company: CompanyId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<RatingFacts, DbErr> {
    let mut facts = RatingFacts::default();
    let lines = Query::select()
        .column(("purchase_orders", "partner_id"))
        .column(("purchase_orders", "order_date"))
        .column(("purchase_orders", "receipt_state"))
        .column(("purchase_orders", "receipts_closed_at"))
        .column(("purchase_order_lines", "order_id"))
        .column(("purchase_order_lines", "quantity_e4"))
        .column(("purchase_order_lines", "quantity_received_e4"))
        .column(("purchase_order_lines", "quantity_returned_e4"))
        .from("purchase_order_lines")
        .inner_join(
            "purchase_orders",
            Expr::col(("purchase_orders", "company_id"))
                .equals(("purchase_order_lines", "company_id"))
                .and(
                    Expr::col(("purchase_orders", "id"))
                        .equals(("purchase_order_lines", "order_id")),
                ),
        )
        .and_where(Expr::col(("purchase_order_lines", "company_id")).eq(company.0))
        .and_where(Expr::col(("purchase_orders", "state")).eq(OrderState::Confirmed.as_str()))
        .and_where(Expr::col(("purchase_orders", "order_date")).gte(from))
        .and_where(Expr::col(("purchase_orders", "order_date")).lte(to))
        .to_owned();
    for row in db.query_all(&lines).await? {
        let state: String = get(&row, "receipt_state")?;
        let closed_at: Option<i64> = get(&row, "receipts_closed_at")?;
        facts.lines.push(OrderLineFact {
            partner: get(&row, "partner_id")?,
            order: get(&row, "order_id")?,
            date: get(&row, "order_date")?,
            closed: state == ReceiptState::Received.as_str() || closed_at.is_some(),
            ordered_e4: get(&row, "quantity_e4")?,
            received_e4: get(&row, "quantity_received_e4")?,
            returned_e4: get(&row, "quantity_returned_e4")?,
        });
    }
    let transfers = Query::select()
        .column(("purchase_order_transfers", "kind"))
        .column(("purchase_order_transfers", "date"))
        .column(("purchase_order_transfers", "order_id"))
        .column(("purchase_orders", "partner_id"))
        .column(("purchase_orders", "order_date"))
        .column(("purchase_orders", "expected_date"))
        .from("purchase_order_transfers")
        .inner_join(
            "purchase_orders",
            Expr::col(("purchase_orders", "company_id"))
                .equals(("purchase_order_transfers", "company_id"))
                .and(
                    Expr::col(("purchase_orders", "id"))
                        .equals(("purchase_order_transfers", "order_id")),
                ),
        )
        .and_where(Expr::col(("purchase_order_transfers", "company_id")).eq(company.0))
        .and_where(Expr::col(("purchase_order_transfers", "date")).gte(from))
        .and_where(Expr::col(("purchase_order_transfers", "date")).lte(to))
        .to_owned();
    let mut receipts: Vec<(Uuid, ReceiptFact)> = Vec::new();
    for row in db.query_all(&transfers).await? {
        let kind: String = get(&row, "kind")?;
        let (partner, date) = (get(&row, "partner_id")?, get(&row, "date")?);
        if kind == "return" {
            facts.returns.push(ReturnFact { partner, date });
        } else {
            receipts.push((
                get(&row, "order_id")?,
                ReceiptFact {
                    partner,
                    date,
                    order_date: get(&row, "order_date")?,
                    expected: get(&row, "expected_date")?,
                },
            ));
        }
    }
    // Orders without a date of their own promise their lines' earliest.
    let undated: Vec<Uuid> = receipts
        .iter()
        .filter(|(_, receipt)| receipt.expected.is_none())
        .map(|(order, _)| *order)
        .collect();
    let earliest = earliest_line_dates(db, company, &undated).await?;
    for (order, mut receipt) in receipts {
        if receipt.expected.is_none() {
            receipt.expected = earliest.get(&order).copied();
        }
        facts.receipts.push(receipt);
    }
    let (start, end) = instants(from, to);
    let invitations = Query::select()
        .column(("rfq_vendors", "partner_id"))
        .column(("rfqs", "sent_at"))
        .expr_as(Expr::col(("rfq_quotes", "submitted_at")), "quoted_at")
        .from("rfq_vendors")
        .inner_join(
            "rfqs",
            Expr::col(("rfqs", "company_id"))
                .equals(("rfq_vendors", "company_id"))
                .and(Expr::col(("rfqs", "id")).equals(("rfq_vendors", "rfq_id"))),
        )
        .left_join(
            "rfq_quotes",
            Expr::col(("rfq_quotes", "company_id"))
                .equals(("rfq_vendors", "company_id"))
                .and(Expr::col(("rfq_quotes", "rfq_id")).equals(("rfq_vendors", "rfq_id")))
                .and(Expr::col(("rfq_quotes", "partner_id")).equals(("rfq_vendors", "partner_id"))),
        )
        .and_where(Expr::col(("rfq_vendors", "company_id")).eq(company.0))
        .and_where(Expr::col(("rfqs", "sent_at")).gte(start))
        .and_where(Expr::col(("rfqs", "sent_at")).lt(end))
        .to_owned();
    for row in db.query_all(&invitations).await? {
        let sent: i64 = get(&row, "sent_at")?;
        let quoted: Option<i64> = get(&row, "quoted_at")?;
        facts.invitations.push(InvitationFact {
            partner: get(&row, "partner_id")?,
            date: day_of(sent),
            response_micros: quoted.map(|quoted| quoted - sent),
        });
    }
    let quotes = Query::select()
        .column(("rfq_quotes", "partner_id"))
        .column(("rfq_quotes", "submitted_at"))
        .column(("rfq_quote_lines", "line_id"))
        .column(("rfq_quote_lines", "unit_price_e6"))
        .column(("rfq_quote_lines", "discount_ppm"))
        .column(("rfq_quote_lines", "quantity_e4"))
        .from("rfq_quote_lines")
        .inner_join(
            "rfq_quotes",
            Expr::col(("rfq_quotes", "company_id"))
                .equals(("rfq_quote_lines", "company_id"))
                .and(Expr::col(("rfq_quotes", "id")).equals(("rfq_quote_lines", "quote_id"))),
        )
        .inner_join(
            "rfqs",
            Expr::col(("rfqs", "company_id"))
                .equals(("rfq_quotes", "company_id"))
                .and(Expr::col(("rfqs", "id")).equals(("rfq_quotes", "rfq_id"))),
        )
        .and_where(Expr::col(("rfq_quote_lines", "company_id")).eq(company.0))
        .and_where(Expr::col(("rfq_quotes", "submitted_at")).gte(start))
        .and_where(Expr::col(("rfq_quotes", "submitted_at")).lt(end))
        // Prices compare within one currency: quotes in the RFQ's.
        .and_where(Expr::col(("rfq_quotes", "currency")).equals(("rfqs", "currency")))
        .to_owned();
    for row in db.query_all(&quotes).await? {
        let price: i64 = get(&row, "unit_price_e6")?;
        let discount: i64 = get(&row, "discount_ppm")?;
        facts.quotes.push(QuoteLineFact {
            partner: get(&row, "partner_id")?,
            date: day_of(get(&row, "submitted_at")?),
            rfq_line: get(&row, "line_id")?,
            price_e6: net_unit_price(price, discount),
            quantity_e4: get(&row, "quantity_e4")?,
        });
    }
    Ok(facts)
}

/// The earliest expected date of each order's lines (orders none of whose lines has one are
/// left out).
async fn earliest_line_dates(
    db: &impl ConnectionTrait,
    company: CompanyId,
    orders: &[Uuid],
) -> Result<HashMap<Uuid, NaiveDate>, DbErr> {
    let mut earliest: HashMap<Uuid, NaiveDate> = HashMap::new();
    for chunk in orders.chunks(500) {
        let select = Query::select()
            .columns(["order_id", "expected_date"])
            .from("purchase_order_lines")
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("order_id").is_in(chunk.iter().copied()))
            .and_where(Expr::col("expected_date").is_not_null())
            .to_owned();
        for row in db.query_all(&select).await? {
            let date: NaiveDate = get(&row, "expected_date")?;
            let entry = earliest.entry(get(&row, "order_id")?).or_insert(date);
            *entry = Ord::min(*entry, date);
        }
    }
    Ok(earliest)
}
