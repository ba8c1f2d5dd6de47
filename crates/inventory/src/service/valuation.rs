//! Perpetual valuation: the stock engine values every done move of a storable product into or
//! out of the company's own locations (a layer of quantity, unit cost and value) by its
//! category's costing method, keeps the product's quantity and value on hand, and plans the
//! journal entry (stock valuation against stock input, cost of goods sold or inventory loss).
//! The entries are posted through the ledger's posting API once the engine hands the write
//! transaction back ([`Changes::settle`]), in that same transaction.

use arkan_catalog::products::ProductFacts;
use arkan_catalog::{CostingMethod, ProductType};
use arkan_ledger::posting::{Entered, Line, NewEntry};
use arkan_platform::Ctx;
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult};
use arkan_platform::events::EventKind;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, Statement};
use uuid::Uuid;

use super::engine::Stock;
use crate::domain::{
    LAYER_CORRECTION, LAYER_IN, LAYER_LANDED_COST, LAYER_OUT, LAYER_REVALUATION, LocationType,
    convert_cost, share, unit_cost_of, value_of,
};
use crate::errors;
use crate::store::{
    self, Allocation, LandedCost, LandedCostLine, Layer, Location, Move, StockAccounts, Valuation,
};

/// An entry planned by valuation: the layers (and the moves) it posts.
pub(crate) struct Posting {
    pub moves: Vec<Uuid>,
    pub layers: Vec<Uuid>,
    pub entry: PlannedEntry,
}

/// A valuation entry before its seal: still to enter (and then to name on its layers and
/// moves), or entered already and named on them as they were written.
pub(crate) enum PlannedEntry {
    New(NewEntry),
    Entered(Box<Entered>),
}

/// A done move's valuation as [`Stock::value_move`] worked it out: the layers (naming the
/// move), the product's quantity and value on hand after it, and the entry to post.
pub(crate) struct MoveValuation {
    layers: Vec<Layer>,
    valuation: Valuation,
    entry: Option<PlannedEntry>,
}

/// The entries a stock write posted: by move, and all of them in order.
#[derive(Default)]
pub(crate) struct Settled {
    pub by_move: std::collections::HashMap<Uuid, Uuid>,
    pub entries: Vec<Uuid>,
}

/// What a stock write leaves for its transaction: the events and the entries to post.
pub(crate) struct Changes {
    pub events: Vec<(EventKind, Uuid)>,
    pub postings: Vec<Posting>,
}

impl Changes {
    /// The planned entries as one (a document's moves: an adjustment), dated as the first,
    /// under the document's memo and reference. An entry already entered stays its own (a
    /// stock write that combines leaves [`Stock::entry_per_move`] off).
    pub fn combined(mut self, memo: String, reference: Option<String>) -> Changes {
        let mut merged: Option<(Vec<Uuid>, Vec<Uuid>, NewEntry)> = None;
        for posting in std::mem::take(&mut self.postings) {
            match posting.entry {
                PlannedEntry::New(entry) => match &mut merged {
                    Some((moves, layers, kept)) => {
                        moves.extend(posting.moves);
                        layers.extend(posting.layers);
                        kept.lines.extend(entry.lines);
                    }
                    None => merged = Some((posting.moves, posting.layers, entry)),
                },
                entered => self.postings.push(Posting {
                    entry: entered,
                    ..posting
                }),
            }
        }
        if let Some((moves, layers, mut entry)) = merged {
            entry.memo = Some(memo);
            entry.reference = reference;
            self.postings.push(Posting {
                moves,
                layers,
                entry: PlannedEntry::New(entry),
            });
        }
        self
    }

    /// Posts the planned entries (naming them on their layers and moves) and emits the events,
    /// in the caller's transaction. The entries are entered and named first, the events named,
    /// and the entries sealed last: from the first seal to the commit every other posting of
    /// the company waits.
    pub async fn settle(self, transaction: &mut WriteTransaction, ctx: &Ctx) -> ApiResult<Settled> {
        let mut settled = Settled::default();
        let mut entered = Vec::with_capacity(self.postings.len());
        for posting in self.postings {
            let entry = match posting.entry {
                PlannedEntry::Entered(entry) => *entry,
                PlannedEntry::New(entry) => {
                    let entry = arkan_ledger::posting::enter(transaction, ctx, entry).await?;
                    store::set_entry(
                        &**transaction,
                        ctx.company,
                        entry.id().0,
                        &posting.layers,
                        &posting.moves,
                    )
                    .await?;
                    entry
                }
            };
            let id = entry.id().0;
            for mv in posting.moves {
                settled.by_move.insert(mv, id);
            }
            settled.entries.push(id);
            entered.push(entry);
        }
        // Named before the seals: the last seal's statement writes the transaction's events
        // to the outbox on PostgreSQL, which spares the commit a round trip of its own.
        for (kind, id) in self.events {
            transaction.emit(ctx.company, kind, id);
        }
        for entry in entered {
            arkan_ledger::posting::seal(transaction, ctx, entry).await?;
        }
        Ok(settled)
    }
}

/// Debit (positive) or credit (negative) amounts per account, the account not yet known
/// (`None`) where the settings name none.
#[derive(Default)]
pub(crate) struct Lines(Vec<(Option<Uuid>, i64)>);

impl Lines {
    pub fn add(&mut self, account: Option<Uuid>, amount: i64) {
        if amount != 0 {
            self.0.push((account, amount));
        }
    }

    /// The entry, when there is anything to post and the settings name a journal; 409
    /// `stock_account_missing` when they name the journal but not an account it needs.
    pub fn entry(
        self,
        accounts: &StockAccounts,
        date: NaiveDate,
        reference: Option<String>,
        memo: String,
    ) -> ApiResult<Option<NewEntry>> {
        let Some(journal) = accounts.journal_id else {
            return Ok(None);
        };
        if self.0.is_empty() {
            return Ok(None);
        }
        let mut lines = Vec::new();
        for (account, amount) in self.0 {
            let account = account.ok_or_else(errors::stock_account_missing)?;
            lines.push(Line::company(account, amount > 0, amount.abs(), &memo));
        }
        Ok(Some(NewEntry {
            journal_id: arkan_kernel::JournalId(journal),
            date,
            reference,
            memo: Some(memo),
            lines,
            taxes: Vec::new(),
        }))
    }
}

/// A new layer of `product` (quantity and value signed, nothing left for FIFO).
pub(crate) fn new_layer(
    product: Uuid,
    kind: &'static str,
    date: NaiveDate,
    quantity: i64,
    value: i64,
    exponent: u8,
    now: i64,
) -> Layer {
    Layer {
        id: Uuid::now_v7(),
        product_id: product,
        move_id: None,
        landed_cost_id: None,
        warehouse_id: None,
        kind,
        date,
        quantity,
        unit_cost_e6: if quantity == 0 {
            0
        } else {
            unit_cost_of(value, quantity, exponent)
        },
        value,
        remaining_quantity: 0,
        remaining_value: 0,
        actual_unit_cost_e6: None,
        account_id: None,
        description: None,
        journal_entry_id: None,
        created_at: now,
    }
}

impl Stock<'_> {
    /// The account stock of `product` is valued in.
    pub(crate) fn valuation_account(&self, product: &ProductFacts) -> Option<Uuid> {
        product
            .stock_valuation_account_id
            .or(self.settings.accounts.stock_valuation)
    }

    /// The counterpart of stock valuation for goods coming from or going to `other`.
    fn counterpart(&self, product: &ProductFacts, other: LocationType) -> Option<Uuid> {
        let accounts = &self.settings.accounts;
        match other {
            LocationType::Supplier => accounts.stock_input,
            LocationType::Customer => product.expense_account_id.or(accounts.cost_of_goods_sold),
            _ => accounts.inventory_loss,
        }
    }

    /// Values the done move `mv` (its `product_quantity` in the product's unit) from `source`
    /// to `destination`: nothing unless a storable product crosses the company's boundary.
    /// Sets the move's unit cost to what it was valued at, and returns the layers and the
    /// entry for [`Stock::record_valuation`] to write once the move's own row is written (the
    /// layers name it): one write of the move, in its final state.
    pub(super) async fn value_move(
        &mut self,
        mv: &mut Move,
        product: &ProductFacts,
        source: &Location,
        destination: &Location,
    ) -> ApiResult<Option<MoveValuation>> {
        let incoming = destination.kind.is_owned() && !source.kind.is_owned();
        let outgoing = source.kind.is_owned() && !destination.kind.is_owned();
        if product.kind != ProductType::Storable || !(incoming || outgoing) {
            return Ok(None);
        }
        let quantity = mv.product_quantity;
        if quantity <= 0 {
            return Ok(None);
        }
        let mut valuation =
            store::lock_valuation(self.db, self.company, mv.product_id, self.now).await?;
        let stock_account = self.valuation_account(product);
        let mut lines = Lines::default();
        let mut layers = if incoming {
            let counterpart = self.counterpart(product, source.kind);
            let given = mv
                .unit_cost_e6
                .map(|cost| convert_cost(cost, mv.quantity, mv.product_quantity));
            self.value_in(
                product,
                &valuation,
                quantity,
                given,
                source.kind == LocationType::Supplier,
                (stock_account, counterpart),
                &mut lines,
                mv.date,
            )
            .await?
        } else {
            let counterpart = self.counterpart(product, destination.kind);
            self.value_out(
                product,
                &valuation,
                quantity,
                (stock_account, counterpart),
                &mut lines,
                mv.date,
            )
            .await?
        };
        let warehouse = if incoming {
            destination.warehouse_id
        } else {
            source.warehouse_id
        };
        for layer in &mut layers {
            layer.move_id = Some(mv.id);
            layer.warehouse_id = warehouse;
            layer.account_id = stock_account;
            valuation.quantity += layer.quantity;
            valuation.value += layer.value;
        }
        // What the move was valued at, per unit of the move.
        let main = &layers[0];
        mv.unit_cost_e6 = Some(convert_cost(
            main.unit_cost_e6,
            mv.product_quantity,
            mv.quantity,
        ));
        let memo = format!(
            "{} {}",
            if incoming { "Stock in:" } else { "Stock out:" },
            product.name
        );
        let entry =
            match lines.entry(&self.settings.accounts, mv.date, mv.reference.clone(), memo)? {
                // Entered now, so that the move and its layers are written naming it, rather than
                // updated after (each update of a row inserted in the same transaction checks all
                // of its foreign keys again on PostgreSQL).
                Some(entry) if self.entry_per_move => {
                    let entered = arkan_ledger::posting::enter(self.db, &self.ctx, entry).await?;
                    let id = entered.id().0;
                    mv.journal_entry_id = Some(id);
                    for layer in &mut layers {
                        layer.journal_entry_id = Some(id);
                    }
                    Some(PlannedEntry::Entered(Box::new(entered)))
                }
                entry => entry.map(PlannedEntry::New),
            };
        Ok(Some(MoveValuation {
            layers,
            valuation,
            entry,
        }))
    }

    /// Writes what [`Stock::value_move`] worked out for `mv` after `first` (the move's own
    /// write, unless it ran already): its layers, the product's quantity and value on hand
    /// and its cost, in one batch; and keeps the entry to post.
    pub(super) async fn record_valuation(
        &mut self,
        mv: &Move,
        product: &ProductFacts,
        valued: MoveValuation,
        mut first: Vec<Statement>,
    ) -> ApiResult<()> {
        let MoveValuation {
            layers,
            valuation,
            entry,
        } = valued;
        if let Some(cost) = self.cost_to_follow(product, &valuation) {
            let update =
                arkan_catalog::products::cost_update(self.company, product.id, cost, self.now);
            first.push(self.db.get_database_backend().build(&update));
            self.set_known_cost(product.id, cost);
        }
        store::record_layers(
            self.db,
            self.company,
            first,
            &layers,
            mv.product_id,
            valuation,
            self.now,
        )
        .await?;
        if let Some(entry) = entry {
            self.postings.push(Posting {
                moves: vec![mv.id],
                layers: layers.iter().map(|layer| layer.id).collect(),
                entry,
            });
        }
        Ok(())
    }

    /// The layers of `quantity` coming in: at the standard cost (a receipt from a vendor at
    /// another price posts the difference), else at the move's cost or the product's current
    /// cost (a return comes back at the average, leaving it as it was). Stock that went out
    /// short is valued again at the new cost (a correction layer against cost of goods sold).
    #[expect(
        clippy::too_many_arguments,
        reason = "the move's facts, each read once by the caller"
    )]
    async fn value_in(
        &mut self,
        product: &ProductFacts,
        valuation: &Valuation,
        quantity: i64,
        given: Option<i64>,
        from_vendor: bool,
        (stock_account, counterpart): (Option<Uuid>, Option<Uuid>),
        lines: &mut Lines,
        date: NaiveDate,
    ) -> ApiResult<Vec<Layer>> {
        let exponent = self.currency.exponent;
        let (cost, actual) = match product.costing_method {
            CostingMethod::Standard => (product.cost_e6, given.filter(|_| from_vendor)),
            _ => (given.unwrap_or(product.cost_e6), None),
        };
        let value = value_of(quantity, cost, exponent);
        let mut layer = new_layer(
            product.id.0,
            LAYER_IN,
            date,
            quantity,
            value,
            exponent,
            self.now,
        );
        layer.unit_cost_e6 = cost;
        layer.actual_unit_cost_e6 = actual;
        lines.add(stock_account, value);
        match actual {
            Some(actual) => {
                let paid = value_of(quantity, actual, exponent);
                lines.add(counterpart, -paid);
                lines.add(self.settings.accounts.price_difference, paid - value);
            }
            None => lines.add(counterpart, -value),
        }
        if product.costing_method == CostingMethod::Fifo {
            layer.remaining_quantity = quantity;
            layer.remaining_value = value;
        }
        let mut layers = vec![layer];
        if valuation.quantity < 0 {
            let covered = quantity.min(-valuation.quantity);
            let at_new_cost = share(value, covered, quantity);
            let sent_at = if product.costing_method == CostingMethod::Fifo {
                self.settle_owed(product.id.0, covered).await?
            } else {
                share(-valuation.value, covered, -valuation.quantity)
            };
            if product.costing_method == CostingMethod::Fifo {
                layers[0].remaining_quantity -= covered;
                layers[0].remaining_value -= at_new_cost;
            }
            let correction = sent_at - at_new_cost;
            if correction != 0 {
                let mut fix = new_layer(
                    product.id.0,
                    LAYER_CORRECTION,
                    date,
                    0,
                    correction,
                    exponent,
                    self.now,
                );
                fix.description =
                    Some("stock sent out short, valued at the cost that came in".into());
                lines.add(stock_account, correction);
                lines.add(
                    product
                        .expense_account_id
                        .or(self.settings.accounts.cost_of_goods_sold),
                    -correction,
                );
                layers.push(fix);
            }
        }
        Ok(layers)
    }

    /// Settles `quantity` of what FIFO out layers owe (oldest first): returns the value they
    /// were sent out at.
    async fn settle_owed(&mut self, product: Uuid, quantity: i64) -> ApiResult<i64> {
        let mut left = quantity;
        let mut value = 0;
        for mut owed in store::open_layers(self.db, self.company, product, true).await? {
            if left == 0 {
                break;
            }
            let take = left.min(-owed.remaining_quantity);
            let part = share(-owed.remaining_value, take, -owed.remaining_quantity);
            owed.remaining_quantity += take;
            owed.remaining_value += part;
            store::set_remaining(self.db, self.company, &owed).await?;
            value += part;
            left -= take;
        }
        Ok(value)
    }

    /// The layer of `quantity` going out: FIFO consumes the oldest layers; average and
    /// standard take the share of the value on hand. What goes out beyond the stock (negative
    /// stock allowed) is valued at the product's last cost, and corrected when stock arrives.
    async fn value_out(
        &mut self,
        product: &ProductFacts,
        valuation: &Valuation,
        quantity: i64,
        (stock_account, counterpart): (Option<Uuid>, Option<Uuid>),
        lines: &mut Lines,
        date: NaiveDate,
    ) -> ApiResult<Vec<Layer>> {
        let exponent = self.currency.exponent;
        let (covered_value, short) = if product.costing_method == CostingMethod::Fifo {
            let open_layers =
                store::open_layers(self.db, self.company, product.id.0, false).await?;
            let mut left = quantity;
            let mut value = 0;
            // Stock no layer holds came in before the category turned to FIFO: it is the
            // oldest, and goes first at what it is worth.
            let (held_quantity, held_value) = open_layers.iter().fold((0, 0), |(q, v), layer| {
                (q + layer.remaining_quantity, v + layer.remaining_value)
            });
            let untracked = valuation.quantity - held_quantity;
            if untracked > 0 {
                let take = left.min(untracked);
                value += share(valuation.value - held_value, take, untracked);
                left -= take;
            }
            for mut open in open_layers {
                if left == 0 {
                    break;
                }
                let take = left.min(open.remaining_quantity);
                let part = share(open.remaining_value, take, open.remaining_quantity);
                open.remaining_quantity -= take;
                open.remaining_value -= part;
                store::set_remaining(self.db, self.company, &open).await?;
                value += part;
                left -= take;
            }
            (value, left)
        } else {
            let covered = quantity.min(valuation.quantity.max(0));
            let value = if covered > 0 {
                share(valuation.value, covered, valuation.quantity)
            } else {
                0
            };
            (value, quantity - covered)
        };
        let short_value = value_of(short, product.cost_e6, exponent);
        let value = covered_value + short_value;
        let mut layer = new_layer(
            product.id.0,
            LAYER_OUT,
            date,
            -quantity,
            -value,
            exponent,
            self.now,
        );
        if product.costing_method == CostingMethod::Fifo {
            layer.remaining_quantity = -short;
            layer.remaining_value = -short_value;
        }
        lines.add(stock_account, -value);
        lines.add(counterpart, value);
        Ok(vec![layer])
    }

    /// Average and FIFO products cost what their stock on hand is worth per unit.
    async fn follow_cost(
        &mut self,
        product: &ProductFacts,
        valuation: &Valuation,
    ) -> ApiResult<()> {
        if let Some(cost) = self.cost_to_follow(product, valuation) {
            arkan_catalog::products::set_cost(self.db, self.company, product.id, cost, self.now)
                .await?;
            self.set_known_cost(product.id, cost);
        }
        Ok(())
    }

    /// The product's new cost, when its costing method follows `valuation` and the cost moved.
    fn cost_to_follow(&self, product: &ProductFacts, valuation: &Valuation) -> Option<i64> {
        if product.costing_method == CostingMethod::Standard || valuation.quantity <= 0 {
            return None;
        }
        let cost = unit_cost_of(valuation.value, valuation.quantity, self.currency.exponent);
        (cost != product.cost_e6).then_some(cost)
    }
}

/// A product's cost changed by hand (the catalog's hook): its stock on hand is valued at the new
/// cost, the difference posted against the price difference account, in the caller's
/// transaction.
pub async fn revalue(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    product: Uuid,
    cost_e6: i64,
) -> ApiResult<()> {
    let changes = {
        let mut stock = Stock::load(transaction, ctx).await?;
        stock.revalue(product, cost_e6).await?;
        stock.into_changes()
    };
    changes.settle(transaction, ctx).await.map(|_| ())
}

impl Stock<'_> {
    /// Values the stock on hand of `product` at `cost_e6`: a revaluation layer of the
    /// difference (FIFO layers left keep their quantity at the new cost).
    async fn revalue(&mut self, id: Uuid, cost_e6: i64) -> ApiResult<()> {
        let Some(product) = self.product(id).await? else {
            return Ok(());
        };
        if product.kind != ProductType::Storable {
            return Ok(());
        }
        let mut valuation = store::lock_valuation(self.db, self.company, id, self.now).await?;
        if valuation.quantity <= 0 {
            return Ok(());
        }
        let exponent = self.currency.exponent;
        let difference = if product.costing_method == CostingMethod::Fifo {
            let mut difference = 0;
            for mut open in store::open_layers(self.db, self.company, id, false).await? {
                let value = value_of(open.remaining_quantity, cost_e6, exponent);
                difference += value - open.remaining_value;
                open.remaining_value = value;
                store::set_remaining(self.db, self.company, &open).await?;
            }
            difference
        } else {
            value_of(valuation.quantity, cost_e6, exponent) - valuation.value
        };
        if difference == 0 {
            return Ok(());
        }
        let date = chrono::Utc::now().date_naive();
        let mut layer = new_layer(
            id,
            LAYER_REVALUATION,
            date,
            0,
            difference,
            exponent,
            self.now,
        );
        layer.unit_cost_e6 = cost_e6;
        layer.account_id = self.valuation_account(&product);
        layer.description = Some(format!(
            "cost set to {}",
            super::moves::format_cost(cost_e6)
        ));
        valuation.value += difference;
        store::record_layers(
            self.db,
            self.company,
            Vec::new(),
            std::slice::from_ref(&layer),
            id,
            valuation,
            self.now,
        )
        .await?;
        let mut lines = Lines::default();
        lines.add(layer.account_id, difference);
        lines.add(self.settings.accounts.price_difference, -difference);
        let memo = format!("Revaluation: {}", product.name);
        if let Some(entry) = lines.entry(&self.settings.accounts, date, None, memo)? {
            self.postings.push(Posting {
                moves: Vec::new(),
                layers: vec![layer.id],
                entry: PlannedEntry::New(entry),
            });
        }
        Ok(())
    }
}

impl Stock<'_> {
    /// Posts a landed cost: each allocation adds to what its receipt is worth. Of a FIFO or
    /// average receipt, the part still in stock goes to stock valuation (a `landed_cost` layer;
    /// FIFO: on the receipt's layer, so the goods leave at it) and the part already gone to
    /// cost of goods sold; a standard-cost product stays at its standard, the whole cost going
    /// to price differences. The costs' accounts (default stock input) are credited. One
    /// entry, dated and numbered as the landed cost.
    pub(crate) async fn apply_landed_cost(
        &mut self,
        landed: &LandedCost,
        number: &str,
        costs: &[LandedCostLine],
        allocations: &[Allocation],
    ) -> ApiResult<()> {
        let accounts = self.settings.accounts;
        if accounts.journal_id.is_none() {
            return Err(errors::stock_account_missing());
        }
        let mut lines = Lines::default();
        for cost in costs {
            lines.add(cost.account_id.or(accounts.stock_input), -cost.amount);
        }
        let mut by_product: std::collections::BTreeMap<Uuid, Vec<&Allocation>> =
            std::collections::BTreeMap::new();
        for allocation in allocations {
            by_product
                .entry(allocation.product_id)
                .or_default()
                .push(allocation);
        }
        let mut layers = Vec::new();
        // Products in one order: two postings at once lock their valuations without deadlock.
        for (product_id, allocations) in by_product {
            let product = self
                .product(product_id)
                .await?
                .ok_or_else(|| ApiError::internal("a received product is gone"))?;
            let mut valuation =
                store::lock_valuation(self.db, self.company, product_id, self.now).await?;
            let stock_account = self.valuation_account(&product);
            let expense = product.expense_account_id.or(accounts.cost_of_goods_sold);
            for allocation in allocations {
                let cost = allocation.additional_cost;
                if cost == 0 {
                    continue;
                }
                if product.costing_method == CostingMethod::Standard {
                    lines.add(accounts.price_difference, cost);
                    continue;
                }
                let Some(mut receipt) =
                    store::receipt_layers_of_moves(self.db, self.company, &[allocation.move_id])
                        .await?
                        .into_iter()
                        .next()
                else {
                    return Err(ApiError::internal("a received move has no layer"));
                };
                let kept = if product.costing_method == CostingMethod::Fifo {
                    let kept = share(cost, receipt.remaining_quantity, receipt.quantity);
                    receipt.remaining_value += kept;
                    store::set_remaining(self.db, self.company, &receipt).await?;
                    kept
                } else {
                    let on_hand = valuation.quantity.max(0).min(receipt.quantity);
                    share(cost, on_hand, receipt.quantity)
                };
                if kept != 0 {
                    let mut layer = new_layer(
                        product_id,
                        LAYER_LANDED_COST,
                        landed.date,
                        0,
                        kept,
                        self.currency.exponent,
                        self.now,
                    );
                    layer.move_id = Some(allocation.move_id);
                    layer.landed_cost_id = Some(landed.id);
                    layer.warehouse_id = receipt.warehouse_id;
                    layer.account_id = stock_account;
                    layer.description = Some(format!("landed cost {number}"));
                    valuation.value += kept;
                    lines.add(stock_account, kept);
                    layers.push(layer);
                }
                lines.add(expense, cost - kept);
            }
            store::set_valuation(self.db, self.company, product_id, valuation, self.now).await?;
            self.follow_cost(&product, &valuation).await?;
        }
        store::insert_layers(self.db, self.company, &layers).await?;
        let memo = format!("Landed cost {number}");
        if let Some(entry) = lines.entry(&accounts, landed.date, Some(number.to_owned()), memo)? {
            self.postings.push(Posting {
                moves: Vec::new(),
                layers: layers.iter().map(|layer| layer.id).collect(),
                entry: PlannedEntry::New(entry),
            });
        }
        Ok(())
    }
}
