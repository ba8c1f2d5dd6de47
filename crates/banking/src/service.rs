//! Partners' bank details, the input of payment files: IBAN checked with mod-97 (and the UAE
//! structure), routing code cross-checked against the IBAN's bank code.

use arkan_kernel::PartnerId;
use arkan_kernel::iban::{Iban, is_valid_bic, is_valid_routing_code, routing_code_matches};
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_platform::error::{ApiError, ApiResult, Validation, is_foreign_key_violation};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};

use crate::api::{BankDetailsView, PutBankDetails};
use crate::events;
use crate::store::{self, BankDetails};

fn view(details: BankDetails) -> BankDetailsView {
    let bank_code = Iban::parse(&details.iban)
        .ok()
        .and_then(|iban| iban.uae_bank_code().map(str::to_owned));
    BankDetailsView {
        partner_id: details.partner_id,
        iban: details.iban,
        bank_code,
        bank_name: details.bank_name,
        bic: details.bic,
        routing_code: details.routing_code,
        account_holder_name: details.account_holder_name,
        created_at: rfc3339(details.created_at),
        updated_at: rfc3339(details.updated_at),
    }
}

fn clean(text: Option<String>) -> Option<String> {
    text.map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
}

pub async fn put_bank_details(
    platform: &Platform,
    ctx: &Ctx,
    partner: PartnerId,
    input: PutBankDetails,
) -> ApiResult<BankDetailsView> {
    ctx.require_write(Area::Accounting)?;
    let mut validation = Validation::new();
    let iban = validation.check("iban", Iban::parse(&input.iban));
    let bank_name = input.bank_name.trim().to_owned();
    if bank_name.is_empty() || bank_name.chars().count() > 100 {
        validation.add("bankName", "must be 1 to 100 characters");
    }
    let bic = clean(input.bic).map(|bic| bic.to_uppercase());
    if bic.as_deref().is_some_and(|bic| !is_valid_bic(bic)) {
        validation.add("bic", "must be a BIC of 8 or 11 characters (e.g. EBILAEAD)");
    }
    let routing_code = clean(input.routing_code);
    if let Some(code) = &routing_code {
        if !is_valid_routing_code(code) {
            validation.add("routingCode", "must be 9 digits");
        } else if let Some(iban) = &iban
            && !routing_code_matches(code, iban)
        {
            validation.add(
                "routingCode",
                format!(
                    "digits 2-4 must be the IBAN's bank code {}",
                    iban.uae_bank_code().unwrap_or_default()
                ),
            );
        }
    }
    let holder = input.account_holder_name.trim().to_owned();
    if holder.is_empty() || holder.chars().count() > 140 {
        validation.add("accountHolderName", "must be 1 to 140 characters");
    }
    validation.finish()?;
    let Some(iban) = iban else {
        return Err(ApiError::invalid_field("iban", "is not valid"));
    };
    let mut transaction = platform.db.write().await?;
    let now = now_micros();
    let existing = store::bank_details(&*transaction, ctx.company, partner.0).await?;
    let kind = match existing {
        Some(_) => events::BANK_DETAILS_UPDATED,
        None => events::BANK_DETAILS_CREATED,
    };
    let created_at = existing.map_or(now, |existing| existing.created_at);
    let details = BankDetails {
        partner_id: partner.0,
        iban: iban.as_str().to_owned(),
        bank_name,
        bic,
        routing_code,
        account_holder_name: holder,
        created_at,
        updated_at: now,
    };
    store::put_bank_details(&*transaction, ctx.company, &details)
        .await
        .map_err(|error| {
            if is_foreign_key_violation(&error) {
                ApiError::not_found("partner")
            } else {
                error.into()
            }
        })?;
    transaction.emit(ctx.company, kind, partner.0);
    transaction.commit().await?;
    Ok(view(details))
}

pub async fn get_bank_details(
    platform: &Platform,
    ctx: &Ctx,
    partner: PartnerId,
) -> ApiResult<BankDetailsView> {
    store::bank_details(platform.db.connection(), ctx.company, partner.0)
        .await?
        .map(view)
        .ok_or_else(|| ApiError::not_found("bank_details"))
}
