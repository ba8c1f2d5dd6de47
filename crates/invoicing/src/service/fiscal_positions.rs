//! Fiscal positions: master data that maps the taxes and accounts of a client's or vendor's
//! documents (export, GCC, designated zone), and the mapping itself.

use arkan_kernel::FiscalPositionId;
use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_ledger::books as ledger_store;
use arkan_platform::error::{ApiError, ApiResult, Validation, is_foreign_key_violation};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageParams, PageRequest};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::payment_terms::NAME;
use crate::api::*;
use crate::errors;
use crate::events;
use crate::store::Removal;
use crate::store::fiscal_positions::{self as store, FiscalPosition};

static POSITION_LIST: ListSpec = ListSpec {
    name: "accounting.fiscal_positions",
    sorts: &[CREATED_AT, NAME],
};

fn view(position: FiscalPosition) -> FiscalPositionView {
    FiscalPositionView {
        id: position.id,
        name: position.name,
        tax_map: position
            .tax_map
            .into_iter()
            .map(|(from_tax_id, to_tax_id)| TaxMapping {
                from_tax_id,
                to_tax_id,
            })
            .collect(),
        account_map: position
            .account_map
            .into_iter()
            .map(|(from_account_id, to_account_id)| AccountMapping {
                from_account_id,
                to_account_id,
            })
            .collect(),
        notes: position.notes,
        active: position.active,
        created_at: rfc3339(position.created_at),
        updated_at: rfc3339(position.updated_at),
    }
}

/// Checks the maps against this company's taxes and accounts: each source once, a tax mapped
/// to a tax of the same use.
async fn check_maps(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    tax_map: &[TaxMapping],
    account_map: &[AccountMapping],
) -> ApiResult<()> {
    if tax_map.len() > 200 || account_map.len() > 200 {
        validation.add("taxMap", "at most 200 tax and 200 account mappings");
        return Ok(());
    }
    let tax_ids: Vec<Uuid> = tax_map
        .iter()
        .flat_map(|mapping| [Some(mapping.from_tax_id), mapping.to_tax_id])
        .flatten()
        .collect();
    let taxes = ledger_store::taxes_by_ids(db, ctx.company, &tax_ids).await?;
    for (index, mapping) in tax_map.iter().enumerate() {
        let from = taxes.iter().find(|tax| tax.id == mapping.from_tax_id);
        if from.is_none() {
            validation.add(
                format!("taxMap[{index}].fromTaxId"),
                "no such tax in this company",
            );
        }
        if tax_map[..index]
            .iter()
            .any(|earlier| earlier.from_tax_id == mapping.from_tax_id)
        {
            validation.add(
                format!("taxMap[{index}].fromTaxId"),
                "is mapped more than once",
            );
        }
        if let Some(to) = mapping.to_tax_id {
            match (from, taxes.iter().find(|tax| tax.id == to)) {
                (_, None) => validation.add(
                    format!("taxMap[{index}].toTaxId"),
                    "no such tax in this company",
                ),
                (Some(from), Some(to)) if from.type_tax_use != to.type_tax_use => validation.add(
                    format!("taxMap[{index}].toTaxId"),
                    format!(
                        "must be a {} tax, as the tax it replaces",
                        from.type_tax_use
                    ),
                ),
                _ => {}
            }
        }
    }
    let account_ids: Vec<Uuid> = account_map
        .iter()
        .flat_map(|mapping| [mapping.from_account_id, mapping.to_account_id])
        .collect();
    let accounts = ledger_store::accounts_by_ids(db, ctx.company, &account_ids).await?;
    for (index, mapping) in account_map.iter().enumerate() {
        for (field, id) in [
            ("fromAccountId", mapping.from_account_id),
            ("toAccountId", mapping.to_account_id),
        ] {
            if !accounts.iter().any(|account| account.id == id) {
                validation.add(
                    format!("accountMap[{index}].{field}"),
                    "no such account in this company",
                );
            }
        }
        if account_map[..index]
            .iter()
            .any(|earlier| earlier.from_account_id == mapping.from_account_id)
        {
            validation.add(
                format!("accountMap[{index}].fromAccountId"),
                "is mapped more than once",
            );
        }
    }
    Ok(())
}

fn name(validation: &mut Validation, text: &str) -> String {
    let name = text.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 {
        validation.add("name", "must be 1 to 200 characters");
    }
    name
}

fn notes(text: Option<String>) -> Option<String> {
    text.map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
}

fn write_error(error: sea_orm::DbErr) -> ApiError {
    if is_foreign_key_violation(&error) {
        ApiError::invalid_field("taxMap", "a tax or account does not exist in this company")
    } else {
        error.into()
    }
}

pub async fn create_fiscal_position(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateFiscalPosition,
) -> ApiResult<FiscalPositionView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let mut validation = Validation::new();
    let name = name(&mut validation, &input.name);
    let tax_map = input.tax_map.unwrap_or_default();
    let account_map = input.account_map.unwrap_or_default();
    check_maps(&*transaction, ctx, &mut validation, &tax_map, &account_map).await?;
    validation.finish()?;
    let now = now_micros();
    let position = FiscalPosition {
        id: Uuid::now_v7(),
        name,
        notes: notes(input.notes),
        active: input.active.unwrap_or(true),
        created_at: now,
        updated_at: now,
        tax_map: tax_map
            .iter()
            .map(|mapping| (mapping.from_tax_id, mapping.to_tax_id))
            .collect(),
        account_map: account_map
            .iter()
            .map(|mapping| (mapping.from_account_id, mapping.to_account_id))
            .collect(),
    };
    store::insert_position(&*transaction, ctx.company, &position)
        .await
        .map_err(write_error)?;
    transaction.emit(ctx.company, events::FISCAL_POSITION_CREATED, position.id);
    transaction.commit().await?;
    Ok(view(position))
}

pub async fn list_fiscal_positions(
    platform: &Platform,
    ctx: &Ctx,
    params: PageParams,
) -> ApiResult<Page<FiscalPositionView>> {
    let page = PageRequest::parse(&params, &POSITION_LIST, "")?;
    let (rows, total) = store::list_positions(platform.db.connection(), ctx.company, &page).await?;
    Ok(page
        .page(rows, total, |position| {
            let value = if page.sort.name == "name" {
                SortValue::Text(position.name.clone())
            } else {
                SortValue::Integer(position.created_at)
            };
            (value, position.id)
        })
        .map(view))
}

pub async fn get_fiscal_position(
    platform: &Platform,
    ctx: &Ctx,
    id: FiscalPositionId,
) -> ApiResult<FiscalPositionView> {
    store::position_by_id(platform.db.connection(), ctx.company, id.0)
        .await?
        .map(view)
        .ok_or_else(|| ApiError::not_found("fiscal_position"))
}

/// Changes a position. Documents already made keep the taxes and accounts it gave them.
pub async fn update_fiscal_position(
    platform: &Platform,
    ctx: &Ctx,
    id: FiscalPositionId,
    patch: UpdateFiscalPosition,
) -> ApiResult<FiscalPositionView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let mut position = store::position_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("fiscal_position"))?;
    let mut validation = Validation::new();
    if let Some(text) = patch.name {
        position.name = name(&mut validation, &text);
    }
    if let Some(text) = patch.notes {
        position.notes = notes(text);
    }
    if let Some(active) = patch.active {
        position.active = active;
    }
    let tax_map = patch.tax_map.unwrap_or_else(|| {
        position
            .tax_map
            .iter()
            .map(|(from_tax_id, to_tax_id)| TaxMapping {
                from_tax_id: *from_tax_id,
                to_tax_id: *to_tax_id,
            })
            .collect()
    });
    let account_map = patch.account_map.unwrap_or_else(|| {
        position
            .account_map
            .iter()
            .map(|(from_account_id, to_account_id)| AccountMapping {
                from_account_id: *from_account_id,
                to_account_id: *to_account_id,
            })
            .collect()
    });
    check_maps(&*transaction, ctx, &mut validation, &tax_map, &account_map).await?;
    validation.finish()?;
    position.tax_map = tax_map
        .iter()
        .map(|mapping| (mapping.from_tax_id, mapping.to_tax_id))
        .collect();
    position.account_map = account_map
        .iter()
        .map(|mapping| (mapping.from_account_id, mapping.to_account_id))
        .collect();
    position.updated_at = now_micros().max(position.updated_at + 1);
    store::update_position(&*transaction, ctx.company, &position)
        .await
        .map_err(write_error)?;
    transaction.emit(ctx.company, events::FISCAL_POSITION_UPDATED, position.id);
    transaction.commit().await?;
    Ok(view(position))
}

/// Deletes a position nobody uses: a partner's is a foreign key, an invoice's is checked here
/// in the same transaction.
pub async fn delete_fiscal_position(
    platform: &Platform,
    ctx: &Ctx,
    id: FiscalPositionId,
) -> ApiResult<()> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    match crate::store::delete_unused(
        &*transaction,
        ctx.company,
        "fiscal_positions",
        "fiscal_position_id",
        id.0,
    )
    .await?
    {
        Removal::Missing => return Err(ApiError::not_found("fiscal_position")),
        Removal::InUse => return Err(errors::fiscal_position_in_use()),
        Removal::Removed => {}
    }
    transaction.emit(ctx.company, events::FISCAL_POSITION_DELETED, id.0);
    transaction.commit().await?;
    Ok(())
}

/// A position of this company, for an invoice draft.
pub(crate) async fn position_for_document(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    id: Uuid,
) -> ApiResult<FiscalPosition> {
    store::position_by_id(db, ctx.company, id)
        .await?
        .ok_or_else(|| {
            ApiError::invalid_field(
                "fiscalPositionId",
                "no such fiscal position in this company",
            )
        })
}

/// A document's lines through its position (none: as they are): each line's taxes replaced
/// (each once) and its account, given or the journal's default, mapped, before anything is
/// checked, so the lines show and book the mapped ones.
pub(crate) fn map_lines(
    position: Option<&FiscalPosition>,
    default_account: Option<Uuid>,
    mut lines: Vec<InvoiceLineInput>,
) -> Vec<InvoiceLineInput> {
    if let Some(position) = position {
        for line in &mut lines {
            if let Some(taxes) = line.tax_ids.as_mut() {
                *taxes = map_taxes(position, taxes);
            }
            if let Some(account) = line.account_id.or(default_account) {
                line.account_id = Some(map_account(position, account));
            }
        }
    }
    lines
}

/// A line's taxes through a position: each mapped tax replaced (or removed), each tax once,
/// in their order.
fn map_taxes(position: &FiscalPosition, taxes: &[Uuid]) -> Vec<Uuid> {
    let mut mapped = Vec::with_capacity(taxes.len());
    for tax in taxes {
        let target = match position.tax_map.iter().find(|(from, _)| from == tax) {
            Some((_, to)) => *to,
            None => Some(*tax),
        };
        if let Some(target) = target
            && !mapped.contains(&target)
        {
            mapped.push(target);
        }
    }
    mapped
}

/// A line's account through a position.
fn map_account(position: &FiscalPosition, account: Uuid) -> Uuid {
    position
        .account_map
        .iter()
        .find(|(from, _)| *from == account)
        .map_or(account, |(_, to)| *to)
}
