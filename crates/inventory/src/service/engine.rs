//! The stock engine every operation goes through: it plans moves, reserves, does and cancels
//! them, keeping `stock_levels` (and the lot levels) in the same transaction. Two moves that
//! want the last unit meet at one row of `stock_levels`: the second finds it gone (409).

use std::collections::{HashMap, HashSet};

use arkan_catalog::products::ProductFacts;
use arkan_catalog::uoms::{self, Uom};
use arkan_catalog::{ProductType, Tracking};
use arkan_kernel::ProductId;
use arkan_kernel::time::now_micros;
use arkan_kernel::{CompanyId, Currency};
use arkan_platform::Ctx;
use arkan_platform::error::{ApiError, ApiResult, Validation};
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DatabaseTransaction, Statement};
use uuid::Uuid;

use super::positive_quantity;
use super::valuation::{Changes, Posting};
use crate::api::LotQuantity;
use crate::domain::{LocationType, MoveState, document_number, split_done};
use crate::store::{self, Location, Move, MoveLot, Place, Settings};
use crate::{errors, events};
use arkan_platform::events::EventKind;

/// One serial number is one unit of its product.
pub(crate) const ONE_UNIT: i64 = 10_000;

/// What a write transaction knows of the company's stock: its settings, and the locations,
/// products and units it has read so far.
pub(crate) struct Stock<'a> {
    pub db: &'a DatabaseTransaction,
    pub ctx: Ctx,
    pub company: CompanyId,
    pub settings: Settings,
    pub now: i64,
    locations: HashMap<Uuid, Location>,
    products: HashMap<Uuid, ProductFacts>,
    uoms: HashMap<String, Uom>,
    /// The company currency, values are in.
    pub currency: Currency,
    /// What changed, for the caller to emit once it holds the transaction again.
    pub events: Vec<(EventKind, Uuid)>,
    /// The valuation entries to post once the caller holds the transaction again.
    pub postings: Vec<Posting>,
    /// Each valued move's entry entered as the move is valued, and named on the move and its
    /// layers as they are written; off (the default) where the write posts a document's moves
    /// as one entry ([`Changes::combined`]), entered when the write settles.
    pub entry_per_move: bool,
    /// Moves [`Stock::move_now`] holds back from the database until they are done: their
    /// first write is the insert of the done move.
    unwritten: HashSet<Uuid>,
}

/// A move to make: what the caller asked, checked.
pub(crate) struct MovePlan {
    pub product_id: Uuid,
    pub quantity: i64,
    pub uom: String,
    pub source: Uuid,
    pub destination: Uuid,
    pub date: NaiveDate,
    pub reference: Option<String>,
    pub description: Option<String>,
    pub partner_id: Option<Uuid>,
    pub unit_cost_e6: Option<i64>,
    pub transfer_id: Option<Uuid>,
    pub lots: Vec<MoveLot>,
}

impl<'a> Stock<'a> {
    pub async fn load(db: &'a DatabaseTransaction, ctx: &Ctx) -> ApiResult<Stock<'a>> {
        let settings = super::locations::settings_of(db, ctx).await?;
        Ok(Stock {
            db,
            ctx: *ctx,
            company: ctx.company,
            settings,
            now: now_micros(),
            locations: HashMap::new(),
            products: HashMap::new(),
            uoms: HashMap::new(),
            currency: ctx.currency,
            events: Vec::new(),
            postings: Vec::new(),
            entry_per_move: false,
            unwritten: HashSet::new(),
        })
    }

    /// What changed and what to post, for the caller to settle once it holds the transaction
    /// again ([`Changes::settle`]).
    pub fn into_changes(self) -> Changes {
        Changes {
            events: self.events,
            postings: self.postings,
        }
    }

    /// Valuation changed the product's cost.
    pub(super) fn set_known_cost(&mut self, id: ProductId, cost_e6: i64) {
        if let Some(product) = self.products.get_mut(&id.0) {
            product.cost_e6 = cost_e6;
        }
    }

    /// The company's location `id`, if any.
    pub async fn location(&mut self, id: Uuid) -> ApiResult<Option<Location>> {
        if !self.locations.contains_key(&id) {
            match store::location_by_id(self.db, self.company, id).await? {
                Some(location) => self.locations.insert(id, location),
                None => return Ok(None),
            };
        }
        Ok(self.locations.get(&id).cloned())
    }

    /// The company's location `id`, or a 400 naming `field`.
    pub async fn location_for(
        &mut self,
        validation: &mut Validation,
        field: &str,
        id: Uuid,
    ) -> ApiResult<Option<Location>> {
        let location = self.location(id).await?;
        match &location {
            None => validation.add(field, "must be a location of the company"),
            Some(location) if location.kind == LocationType::View => {
                validation.add(field, "is a view location: stock cannot be kept there")
            }
            Some(location) if !location.active => validation.add(field, "is archived"),
            Some(_) => {}
        }
        Ok(location)
    }

    /// The company's internal location `id` (where stock is counted or scrapped from), or a
    /// 400 naming `field`.
    pub async fn internal_location_for(
        &mut self,
        validation: &mut Validation,
        field: &str,
        id: Uuid,
    ) -> ApiResult<Option<Location>> {
        let location = self.location_for(validation, field, id).await?;
        Ok(match location {
            Some(location) if location.kind == LocationType::Internal => Some(location),
            // `location_for` named the view already.
            Some(location) if location.kind == LocationType::View => None,
            Some(_) => {
                validation.add(field, "must be an internal location");
                None
            }
            None => None,
        })
    }

    /// The company's product `id`, if any.
    pub async fn product(&mut self, id: Uuid) -> ApiResult<Option<ProductFacts>> {
        if !self.products.contains_key(&id) {
            let mut found =
                arkan_catalog::products::facts(self.db, self.company, &[ProductId(id)]).await?;
            match found.remove(&ProductId(id)) {
                Some(product) => self.products.insert(id, product),
                None => return Ok(None),
            };
        }
        Ok(self.products.get(&id).cloned())
    }

    /// A unit of the company by code, if any.
    pub async fn uom(&mut self, code: &str) -> ApiResult<Option<Uom>> {
        if !self.uoms.contains_key(code) {
            match uoms::by_code(self.db, self.company, code).await? {
                Some(uom) => self.uoms.insert(code.to_owned(), uom),
                None => return Ok(None),
            };
        }
        Ok(self.uoms.get(code).cloned())
    }

    /// Whether a move from `source` must find its quantity there: the company's own stock,
    /// while negative stock is not allowed.
    fn checked(&self, source: &Location) -> bool {
        source.kind.is_owned() && !self.settings.allow_negative_stock
    }

    /// `quantity` of the move's unit in the product's unit.
    async fn in_product_unit(&mut self, mv: &Move, quantity: i64) -> ApiResult<i64> {
        let product = self.known_product(mv.product_id).await?;
        let uom = self
            .uom(&mv.uom)
            .await?
            .ok_or_else(|| ApiError::internal(format!("unit {} is gone", mv.uom)))?;
        uoms::convert(quantity, &uom, &product.uom)
            .ok_or_else(|| ApiError::internal("a move's unit does not convert"))
    }

    async fn known_product(&mut self, id: Uuid) -> ApiResult<ProductFacts> {
        self.product(id)
            .await?
            .ok_or_else(|| ApiError::internal("a move's product is gone"))
    }

    /// A location that must exist (a seeded one, one a move or transfer names): a 500 when
    /// it is gone.
    pub(super) async fn known_location(&mut self, id: Uuid) -> ApiResult<Location> {
        self.location(id)
            .await?
            .ok_or_else(|| ApiError::internal("a known location is gone"))
    }

    /// Checks a product and quantity for a move (fields under `prefix`): the product is the
    /// company's and keeps stock, the unit is of its category, the quantity has the unit's
    /// decimals. Returns the product, the unit and the quantity.
    pub async fn check_line(
        &mut self,
        validation: &mut Validation,
        prefix: &str,
        product_id: Uuid,
        quantity: &str,
        uom: Option<&str>,
    ) -> ApiResult<Option<(ProductFacts, Uom, i64)>> {
        let Some((product, uom)) = self
            .check_product(validation, prefix, product_id, uom)
            .await?
        else {
            return Ok(None);
        };
        let Some(quantity) = positive_quantity(
            validation,
            &format!("{prefix}quantity"),
            quantity,
            uom.decimals,
        ) else {
            return Ok(None);
        };
        match uoms::convert(quantity, &uom, &product.uom) {
            None => {
                validation.add(format!("{prefix}quantity"), "is too large");
                return Ok(None);
            }
            // Rounded to the product's unit it would move nothing: refused, not lost.
            Some(0) => {
                validation.add(
                    format!("{prefix}quantity"),
                    format!(
                        "is less than the smallest quantity of the product's unit {}",
                        product.uom.code
                    ),
                );
                return Ok(None);
            }
            Some(_) => {}
        }
        Ok(Some((product, uom, quantity)))
    }

    /// Checks a product that keeps stock and the unit a quantity of it is given in (fields
    /// under `prefix`; default the product's unit).
    pub async fn check_product(
        &mut self,
        validation: &mut Validation,
        prefix: &str,
        product_id: Uuid,
        uom: Option<&str>,
    ) -> ApiResult<Option<(ProductFacts, Uom)>> {
        let Some(product) = self.product(product_id).await? else {
            validation.add(
                format!("{prefix}productId"),
                "must be a product of the company",
            );
            return Ok(None);
        };
        if product.kind == ProductType::Service {
            validation.add(
                format!("{prefix}productId"),
                "is a service: it has no stock",
            );
            return Ok(None);
        }
        let uom = match uom {
            None => product.uom.clone(),
            Some(code) => match self.uom(code).await? {
                Some(uom) if uom.category == product.uom.category => uom,
                Some(_) => {
                    validation.add(
                        format!("{prefix}uom"),
                        format!(
                            "must be a unit of the product's category {}",
                            product.uom.category
                        ),
                    );
                    return Ok(None);
                }
                None => {
                    validation.add(
                        format!("{prefix}uom"),
                        "must be a unit of measure of the company",
                    );
                    return Ok(None);
                }
            },
        };
        Ok(Some((product, uom)))
    }

    /// Reads the lots given for a move of `product` from `source` (fields under `prefix`):
    /// numbers known for stock taken from the company's own locations, made for stock coming
    /// in; each serial one unit.
    pub async fn check_lots(
        &mut self,
        validation: &mut Validation,
        prefix: &str,
        product: &ProductFacts,
        uom: &Uom,
        source: Option<&Location>,
        lots: Option<&[LotQuantity]>,
    ) -> ApiResult<Vec<MoveLot>> {
        let Some(lots) = lots.filter(|lots| !lots.is_empty()) else {
            return Ok(Vec::new());
        };
        if product.tracking == Tracking::None {
            validation.add(
                format!("{prefix}lots"),
                "the product is not tracked by lot or serial number",
            );
            return Ok(Vec::new());
        }
        let mut checked = Vec::new();
        for (index, lot) in lots.iter().enumerate() {
            let field = format!("{prefix}lots[{index}]");
            let number = lot.lot_number.trim();
            if number.is_empty() || number.chars().count() > 100 {
                validation.add(format!("{field}.lotNumber"), "must be 1 to 100 characters");
                continue;
            }
            if checked
                .iter()
                .any(|seen: &MoveLot| seen.lot_number == number)
            {
                validation.add(format!("{field}.lotNumber"), "is given twice");
                continue;
            }
            let Some(quantity) = positive_quantity(
                validation,
                &format!("{field}.quantity"),
                &lot.quantity.0,
                uom.decimals,
            ) else {
                continue;
            };
            if product.tracking == Tracking::Serial
                && uoms::convert(quantity, uom, &product.uom) != Some(ONE_UNIT)
            {
                validation.add(
                    format!("{field}.quantity"),
                    "must be one unit (a serial number)",
                );
                continue;
            }
            let known = store::lot_by_number(self.db, self.company, product.id.0, number).await?;
            let lot_id = match known {
                Some(id) => id,
                None if source.is_some_and(|source| source.kind.is_owned()) => {
                    validation.add(format!("{field}.lotNumber"), "is not a lot of the product");
                    continue;
                }
                None => Uuid::nil(),
            };
            checked.push(MoveLot {
                lot_id,
                lot_number: number.to_owned(),
                quantity,
            });
        }
        Ok(checked)
    }

    /// Makes the lots a move brings in that do not exist yet.
    async fn make_lots(&mut self, product: Uuid, lots: &mut [MoveLot]) -> ApiResult<()> {
        for lot in lots.iter_mut() {
            if !lot.lot_id.is_nil() {
                continue;
            }
            lot.lot_id = match store::lot_by_number(self.db, self.company, product, &lot.lot_number)
                .await?
            {
                Some(id) => id,
                None => {
                    // Another transaction may bring the same new number in at once: the
                    // insert then does nothing and both read the one lot.
                    store::insert_lot(
                        self.db,
                        self.company,
                        Uuid::now_v7(),
                        product,
                        &lot.lot_number,
                        self.now,
                    )
                    .await?;
                    store::lot_by_number(self.db, self.company, product, &lot.lot_number)
                        .await?
                        .ok_or_else(|| ApiError::internal("a lot just made is missing"))?
                }
            };
        }
        Ok(())
    }

    /// The next number of a stock document of `prefix` (`ADJ`, `SP`, `IN`) in the warehouse's
    /// sequence (`WH/ADJ/00001`; `WH` when the place is in no warehouse). Gapless: the
    /// sequence row stays locked until the transaction ends.
    pub async fn next_number(&self, warehouse: Option<Uuid>, prefix: &str) -> ApiResult<String> {
        let mut code = "WH".to_owned();
        if let Some(warehouse) = warehouse
            && let Some(warehouse) =
                store::warehouse_by_id(self.db, self.company, warehouse).await?
        {
            code = warehouse.code;
        }
        let sequence =
            store::take_number(self.db, self.company, &format!("{code}/{prefix}")).await?;
        Ok(document_number(&code, prefix, sequence))
    }

    /// Makes a move and does all of it at once (adjustments, scrap, scanned moves, `validate`),
    /// with the events of each step. Its row is written once, done: it reserves nothing on the
    /// way, since the stock is taken at once, and a move short of stock fails at the taking as
    /// it would have at the reserving. (On PostgreSQL each update of a row inserted in the same
    /// transaction checks all of the row's foreign keys again.)
    pub async fn move_now(&mut self, plan: MovePlan) -> ApiResult<Move> {
        let (mut mv, lots) = self.draft(plan).await?;
        mv.state = MoveState::Assigned;
        self.events.push((events::STOCK_MOVE_CONFIRMED, mv.id));
        self.events.push((events::STOCK_MOVE_ASSIGNED, mv.id));
        self.events
            .push((events::PRODUCT_STOCK_CHANGED, mv.product_id));
        self.unwritten.insert(mv.id);
        let rest = self.complete(&mut mv, None, Some(lots)).await?;
        debug_assert_eq!(rest, 0);
        Ok(mv)
    }

    /// Writes a new draft move.
    pub async fn create(&mut self, plan: MovePlan) -> ApiResult<Move> {
        let (mv, mut lots) = self.draft(plan).await?;
        store::insert_move(self.db, self.company, &mv).await?;
        if !lots.is_empty() {
            self.make_lots(mv.product_id, &mut lots).await?;
            store::set_move_lots(self.db, self.company, mv.id, &lots).await?;
        }
        Ok(mv)
    }

    /// The statement that writes `mv`: its insert when [`Stock::move_now`] held it back, else
    /// its update.
    fn move_write(&mut self, mv: &Move) -> Statement {
        let backend = self.db.get_database_backend();
        if self.unwritten.remove(&mv.id) {
            backend.build(&store::insert_move_statement(self.company, mv))
        } else {
            backend.build(&store::update_move_statement(self.company, mv))
        }
    }

    /// A new draft move of `plan` (not written yet), with the lots it plans.
    async fn draft(&mut self, plan: MovePlan) -> ApiResult<(Move, Vec<MoveLot>)> {
        let product = self.known_product(plan.product_id).await?;
        let uom = self
            .uom(&plan.uom)
            .await?
            .ok_or_else(|| ApiError::internal("a checked unit is gone"))?;
        let product_quantity = uoms::convert(plan.quantity, &uom, &product.uom)
            .ok_or_else(|| ApiError::internal("a checked quantity does not convert"))?;
        let mv = Move {
            id: Uuid::now_v7(),
            product_id: plan.product_id,
            uom: plan.uom,
            quantity: plan.quantity,
            product_quantity,
            reserved: 0,
            done: 0,
            source_location_id: plan.source,
            destination_location_id: plan.destination,
            date: plan.date,
            reference: plan.reference,
            description: plan.description,
            partner_id: plan.partner_id,
            unit_cost_e6: plan.unit_cost_e6,
            state: MoveState::Draft,
            transfer_id: plan.transfer_id,
            backorder_id: None,
            journal_entry_id: None,
            done_at: None,
            created_at: self.now,
            updated_at: self.now,
        };
        self.events.push((events::STOCK_MOVE_CREATED, mv.id));
        Ok((mv, plan.lots))
    }

    /// `draft -> confirmed`, then a first try to reserve.
    pub async fn confirm(&mut self, mv: &mut Move) -> ApiResult<()> {
        if mv.state != MoveState::Draft {
            return Err(errors::stock_move_not_draft(mv.state));
        }
        mv.state = MoveState::Confirmed;
        self.events.push((events::STOCK_MOVE_CONFIRMED, mv.id));
        self.reserve(mv).await
    }

    /// `confirmed -> assigned` when the source has the whole quantity free (or is not counted);
    /// otherwise the move stays confirmed. Writes the move.
    pub async fn reserve(&mut self, mv: &mut Move) -> ApiResult<()> {
        if mv.state == MoveState::Confirmed {
            let source = self.known_location(mv.source_location_id).await?;
            if !self.checked(&source) {
                mv.state = MoveState::Assigned;
            } else {
                let quantity = self.in_product_unit(mv, mv.quantity).await?;
                let place = Place {
                    product: mv.product_id,
                    location: source.id,
                };
                if store::reserve(self.db, self.company, place, quantity).await? {
                    mv.reserved = mv.quantity;
                    mv.state = MoveState::Assigned;
                }
            }
            if mv.state == MoveState::Assigned {
                self.events.push((events::STOCK_MOVE_ASSIGNED, mv.id));
                self.events
                    .push((events::PRODUCT_STOCK_CHANGED, mv.product_id));
            }
        }
        mv.updated_at = self.now;
        store::update_move(self.db, self.company, mv).await?;
        Ok(())
    }

    /// Does `done` of the move (default all of it) with these lots (default the lots it
    /// planned), moving the stock; returns what is left undone, for a backorder. Writes the
    /// move.
    pub async fn complete(
        &mut self,
        mv: &mut Move,
        done: Option<i64>,
        lots: Option<Vec<MoveLot>>,
    ) -> ApiResult<i64> {
        if !mv.state.is_open() {
            return Err(errors::stock_move_not_open(mv.state));
        }
        let (done, rest) = split_done(mv.quantity, done)
            .map_err(|message| ApiError::invalid_field("quantity", message))?;
        let product = self.known_product(mv.product_id).await?;
        let source = self.known_location(mv.source_location_id).await?;
        let destination = self.known_location(mv.destination_location_id).await?;
        let mut lots = match lots {
            Some(lots) => lots,
            None => store::lots_of_moves(self.db, self.company, &[mv.id])
                .await?
                .remove(&mv.id)
                .unwrap_or_default(),
        };
        if product.tracking != Tracking::None {
            let given: i64 = lots.iter().map(|lot| lot.quantity).sum();
            if given != done {
                return Err(ApiError::invalid_field(
                    "lots",
                    format!(
                        "must give the {} numbers of the quantity done",
                        if product.tracking == Tracking::Serial {
                            "serial"
                        } else {
                            "lot"
                        }
                    ),
                ));
            }
        }
        let done_in_product = self.in_product_unit(mv, done).await?;
        let reserved_in_product = self.in_product_unit(mv, mv.reserved).await?;
        let from = Place {
            product: mv.product_id,
            location: source.id,
        };
        let to = Place {
            product: mv.product_id,
            location: destination.id,
        };
        let checked = self.checked(&source);
        if checked {
            if !store::take_checked(
                self.db,
                self.company,
                from,
                done_in_product,
                reserved_in_product,
            )
            .await?
            {
                return Err(errors::insufficient_stock(&format!(
                    "{} at {}",
                    product.name, source.full_name
                )));
            }
        } else {
            store::add(
                self.db,
                self.company,
                from,
                -done_in_product,
                reserved_in_product,
            )
            .await?;
        }
        store::add(self.db, self.company, to, done_in_product, 0).await?;
        self.make_lots(mv.product_id, &mut lots).await?;
        let brought_in = !source.kind.is_owned() && destination.kind.is_owned();
        for lot in &lots {
            if product.tracking == Tracking::Serial {
                // One serial's moves wait for each other, so the check below sees them all.
                store::lock_lot(self.db, self.company, lot.lot_id).await?;
            }
            let quantity = self.in_product_unit(mv, lot.quantity).await?;
            if !store::take_lot(
                self.db,
                self.company,
                lot.lot_id,
                source.id,
                quantity,
                checked,
            )
            .await?
            {
                return Err(errors::insufficient_stock(&format!(
                    "lot {} of {} at {}",
                    lot.lot_number, product.name, source.full_name
                )));
            }
            store::add_lot(self.db, self.company, lot.lot_id, destination.id, quantity).await?;
            if product.tracking == Tracking::Serial
                && brought_in
                && store::lot_owned_on_hand(self.db, self.company, lot.lot_id).await? > ONE_UNIT
            {
                return Err(errors::serial_in_stock(&lot.lot_number));
            }
        }
        mv.quantity = done;
        mv.product_quantity = done_in_product;
        mv.done = done;
        mv.reserved = 0;
        mv.state = MoveState::Done;
        mv.done_at = Some(self.now);
        mv.updated_at = self.now;
        // The move's row once, in its final state (its unit cost from valuation), before the
        // rows that name it: its lots and its layers.
        let valued = self.value_move(mv, &product, &source, &destination).await?;
        let write = self.move_write(mv);
        match valued {
            // The move goes with its layers, its valuation and its product's cost, in one
            // hand-over on SQLite.
            Some(valued) if product.tracking == Tracking::None => {
                self.record_valuation(mv, &product, valued, vec![write])
                    .await?;
            }
            valued => {
                self.db.execute_raw(write).await?;
                if product.tracking != Tracking::None {
                    store::set_move_lots(self.db, self.company, mv.id, &lots).await?;
                }
                if let Some(valued) = valued {
                    self.record_valuation(mv, &product, valued, Vec::new())
                        .await?;
                }
            }
        }
        self.events.push((events::STOCK_MOVE_DONE, mv.id));
        self.events
            .push((events::PRODUCT_STOCK_CHANGED, mv.product_id));
        Ok(rest)
    }

    /// A new confirmed move for what `mv` left undone (in `transfer`), named as its backorder,
    /// reserved if the stock allows.
    pub async fn backorder(
        &mut self,
        mv: &mut Move,
        rest: i64,
        transfer: Option<Uuid>,
    ) -> ApiResult<Move> {
        let mut rest_move = self
            .create(MovePlan {
                product_id: mv.product_id,
                quantity: rest,
                uom: mv.uom.clone(),
                source: mv.source_location_id,
                destination: mv.destination_location_id,
                date: mv.date,
                reference: mv.reference.clone(),
                description: mv.description.clone(),
                partner_id: mv.partner_id,
                unit_cost_e6: mv.unit_cost_e6,
                transfer_id: transfer,
                lots: Vec::new(),
            })
            .await?;
        self.confirm(&mut rest_move).await?;
        mv.backorder_id = Some(rest_move.id);
        store::update_move(self.db, self.company, mv).await?;
        Ok(rest_move)
    }

    /// Gives back an assigned move's reservation: it is `confirmed` again, to be reserved
    /// when stock allows (`assign`). Writes the move.
    pub async fn unreserve(&mut self, mv: &mut Move) -> ApiResult<()> {
        if mv.state != MoveState::Assigned || mv.reserved == 0 {
            return Ok(());
        }
        let quantity = self.in_product_unit(mv, mv.reserved).await?;
        let place = Place {
            product: mv.product_id,
            location: mv.source_location_id,
        };
        store::release(self.db, self.company, place, quantity).await?;
        mv.reserved = 0;
        mv.state = MoveState::Confirmed;
        mv.updated_at = self.now;
        store::update_move(self.db, self.company, mv).await?;
        self.events.push((events::STOCK_MOVE_CONFIRMED, mv.id));
        self.events
            .push((events::PRODUCT_STOCK_CHANGED, mv.product_id));
        Ok(())
    }

    /// Makes `quantity` free at a place by giving back the reservations of its newest moves
    /// first (a count found less than they reserved: the goods are not there to deliver).
    /// Returns the transfers whose moves changed, for their state.
    pub async fn free_up(
        &mut self,
        place: Place,
        level: &store::LocationLevel,
        quantity: i64,
    ) -> ApiResult<Vec<Uuid>> {
        let mut free = level.on_hand - level.reserved;
        let mut transfers = Vec::new();
        if free >= quantity {
            return Ok(transfers);
        }
        for mut mv in store::reserving_moves(self.db, self.company, place).await? {
            if free >= quantity {
                break;
            }
            free += self.in_product_unit(&mv, mv.reserved).await?;
            self.unreserve(&mut mv).await?;
            if let Some(transfer) = mv.transfer_id
                && !transfers.contains(&transfer)
            {
                transfers.push(transfer);
            }
        }
        Ok(transfers)
    }

    /// Cancels an open move, giving back its reservation. Writes the move.
    pub async fn cancel(&mut self, mv: &mut Move) -> ApiResult<()> {
        if !mv.state.is_open() {
            return Err(errors::stock_move_not_open(mv.state));
        }
        if mv.reserved > 0 {
            let quantity = self.in_product_unit(mv, mv.reserved).await?;
            let place = Place {
                product: mv.product_id,
                location: mv.source_location_id,
            };
            store::release(self.db, self.company, place, quantity).await?;
        }
        mv.reserved = 0;
        mv.state = MoveState::Cancelled;
        mv.updated_at = self.now;
        store::update_move(self.db, self.company, mv).await?;
        self.events.push((events::STOCK_MOVE_CANCELLED, mv.id));
        self.events
            .push((events::PRODUCT_STOCK_CHANGED, mv.product_id));
        Ok(())
    }
}
