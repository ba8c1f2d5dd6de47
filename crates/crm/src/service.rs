//! Use cases of the partner directory: permission check, validation, transaction, store.

use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{ContactId, PartnerId, format_minor};
use arkan_platform::error::{ApiError, ApiResult, Validation, is_foreign_key_violation};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::read_cache::JsonBody;
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use uuid::Uuid;

use crate::api::*;
use crate::domain::{Contact, Partner, PartnerRole};
use crate::events;
use crate::store::{self, PartnerFilter};

const NAME: SortField = SortField {
    name: "name",
    column: "name",
    kind: SortKind::Text,
};

static CLIENT_LIST: ListSpec = ListSpec {
    name: "crm.clients",
    sorts: &[CREATED_AT, NAME],
};
static VENDOR_LIST: ListSpec = ListSpec {
    name: "crm.vendors",
    sorts: &[CREATED_AT, NAME],
};
static CONTACT_LIST: ListSpec = ListSpec {
    name: "crm.contacts",
    sorts: &[CREATED_AT, NAME],
};

fn partner_view(ctx: &Ctx, partner: Partner) -> PartnerView {
    let currency = partner.currency_in(ctx.currency).unwrap_or(ctx.currency);
    PartnerView {
        id: partner.id,
        credit_limit: partner
            .credit_limit_minor
            .map(|minor| format_minor(minor, currency.exponent)),
        currency: currency.code.to_owned(),
        name: partner.name,
        legal_name: partner.legal_name,
        trn: partner.trn,
        email: partner.email,
        phone: partner.phone,
        address: partner.address,
        payment_terms_days: partner.payment_terms_days,
        payment_term_id: partner.payment_term_id,
        fiscal_position_id: partner.fiscal_position_id,
        tags: partner.tags,
        active: partner.active,
        is_client: partner.is_client,
        is_vendor: partner.is_vendor,
        created_at: rfc3339(partner.created_at),
        updated_at: rfc3339(partner.updated_at),
    }
}

fn has_role(partner: &Partner, role: PartnerRole) -> bool {
    match role {
        PartnerRole::Client => partner.is_client,
        PartnerRole::Vendor => partner.is_vendor,
    }
}

pub async fn create_partner(
    platform: &Platform,
    ctx: &Ctx,
    role: PartnerRole,
    input: CreatePartner,
) -> ApiResult<PartnerView> {
    ctx.require_write(Area::Partners)?;
    let partner = Partner::new(role, input, ctx.currency, now_micros())?;
    let mut transaction = platform.db.write().await?;
    store::insert_partner(&*transaction, ctx.company, &partner)
        .await
        .map_err(|error| unknown_invoicing_terms(error, &partner))?;
    let kind = match role {
        PartnerRole::Client => events::CLIENT_CREATED,
        PartnerRole::Vendor => events::VENDOR_CREATED,
    };
    transaction.emit(ctx.company, kind, partner.id);
    transaction.commit().await?;
    Ok(partner_view(ctx, partner))
}

/// A page of clients or vendors, kept in the read cache until the company's partners change.
pub async fn list_partners(
    platform: &Platform,
    ctx: &Ctx,
    role: PartnerRole,
    query: PartnerListQuery,
) -> ApiResult<JsonBody> {
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let active = match query.active.as_deref() {
        None | Some("") => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => return Err(ApiError::invalid_field("active", "must be true or false")),
    };
    let tags: Vec<String> = query
        .tags
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|tag| !tag.is_empty())
        .map(str::to_owned)
        .collect();
    let spec = match role {
        PartnerRole::Client => &CLIENT_LIST,
        PartnerRole::Vendor => &VENDOR_LIST,
    };
    let page = PageRequest::parse(
        &query.page,
        spec,
        &format!("q={q:?}&active={active:?}&tags={tags:?}"),
    )?;
    let filter = PartnerFilter {
        role,
        q,
        active,
        tags,
    };
    let read = async {
        let (rows, total) =
            store::list_partners(platform.db.connection(), ctx.company, &filter, &page).await?;
        let by_name = page.sort.name == NAME.name;
        Ok(page
            .page(rows, total, |partner| {
                let value = if by_name {
                    SortValue::Text(partner.name.clone())
                } else {
                    SortValue::Integer(partner.created_at)
                };
                (value, partner.id)
            })
            .map(|partner| partner_view(ctx, partner)))
    };
    let key = page.request_key().to_owned();
    platform
        .db
        .reads()
        .list_page(
            ctx.versions.as_ref(),
            ctx.company,
            crate::PARTNERS,
            key,
            read,
        )
        .await
}

pub async fn get_partner(
    platform: &Platform,
    ctx: &Ctx,
    role: PartnerRole,
    id: PartnerId,
) -> ApiResult<PartnerView> {
    store::partner_by_id(platform.db.connection(), ctx.company, id.0)
        .await?
        .filter(|partner| has_role(partner, role))
        .map(|partner| partner_view(ctx, partner))
        .ok_or_else(|| ApiError::not_found(role.resource()))
}

pub async fn update_partner(
    platform: &Platform,
    ctx: &Ctx,
    role: PartnerRole,
    id: PartnerId,
    patch: UpdatePartner,
) -> ApiResult<PartnerView> {
    ctx.require_write(Area::Partners)?;
    let mut transaction = platform.db.write().await?;
    let mut partner = store::partner_by_id(&*transaction, ctx.company, id.0)
        .await?
        .filter(|partner| has_role(partner, role))
        .ok_or_else(|| ApiError::not_found(role.resource()))?;
    let before = partner.clone();
    partner.apply(patch, ctx.currency, now_micros())?;
    store::update_partner(&*transaction, ctx.company, &before, &partner)
        .await
        .map_err(|error| unknown_invoicing_terms(error, &partner))?;
    let kind = match role {
        PartnerRole::Client => events::CLIENT_UPDATED,
        PartnerRole::Vendor => events::VENDOR_UPDATED,
    };
    transaction.emit(ctx.company, kind, partner.id);
    transaction.commit().await?;
    Ok(partner_view(ctx, partner))
}

fn contact_view(contact: Contact) -> ContactView {
    ContactView {
        id: contact.id,
        name: contact.name,
        email: contact.email,
        phone: contact.phone,
        job_title: contact.job_title,
        partner_id: contact.partner_id,
        created_at: rfc3339(contact.created_at),
        updated_at: rfc3339(contact.updated_at),
    }
}

/// The only references a partner write has are its payment term and fiscal position.
fn unknown_invoicing_terms(error: sea_orm::DbErr, partner: &Partner) -> ApiError {
    if !is_foreign_key_violation(&error) {
        return error.into();
    }
    let mut validation = Validation::new();
    let both = partner.payment_term_id.is_some() && partner.fiscal_position_id.is_some();
    let suffix = if both {
        " (one of the two is unknown)"
    } else {
        ""
    };
    if partner.payment_term_id.is_some() {
        validation.add(
            "paymentTermId",
            format!("no such payment term in this company{suffix}"),
        );
    }
    if partner.fiscal_position_id.is_some() {
        validation.add(
            "fiscalPositionId",
            format!("no such fiscal position in this company{suffix}"),
        );
    }
    validation
        .finish()
        .err()
        .unwrap_or_else(|| ApiError::invalid_field("paymentTermId", "no such payment term"))
}

fn unknown_partner(error: sea_orm::DbErr) -> ApiError {
    if is_foreign_key_violation(&error) {
        ApiError::invalid_field("partnerId", "no such client or vendor in this company")
    } else {
        error.into()
    }
}

pub async fn create_contact(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateContact,
) -> ApiResult<ContactView> {
    ctx.require_write(Area::Partners)?;
    let contact = Contact::new(input, now_micros())?;
    let mut transaction = platform.db.write().await?;
    store::insert_contact(&*transaction, ctx.company, &contact)
        .await
        .map_err(unknown_partner)?;
    transaction.emit(ctx.company, events::CONTACT_CREATED, contact.id);
    transaction.commit().await?;
    Ok(contact_view(contact))
}

pub async fn list_contacts(
    platform: &Platform,
    ctx: &Ctx,
    query: ContactListQuery,
) -> ApiResult<Page<ContactView>> {
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let partner_id = match query.partner_id.as_deref() {
        None | Some("") => None,
        Some(text) => Some(
            Uuid::parse_str(text)
                .map_err(|_| ApiError::invalid_field("partner_id", "must be a UUID"))?,
        ),
    };
    let page = PageRequest::parse(
        &query.page,
        &CONTACT_LIST,
        &format!("q={q:?}&partner={partner_id:?}"),
    )?;
    let filtered = store::contacts(ctx.company, q, partner_id);
    let (rows, total) = store::list_contacts(platform.db.connection(), &filtered, &page).await?;
    let by_name = page.sort.name == NAME.name;
    Ok(page
        .page(rows, total, |contact| {
            let value = if by_name {
                SortValue::Text(contact.name.clone())
            } else {
                SortValue::Integer(contact.created_at)
            };
            (value, contact.id)
        })
        .map(contact_view))
}

pub async fn get_contact(platform: &Platform, ctx: &Ctx, id: ContactId) -> ApiResult<ContactView> {
    store::contact_by_id(platform.db.connection(), ctx.company, id.0)
        .await?
        .map(contact_view)
        .ok_or_else(|| ApiError::not_found("contact"))
}

pub async fn update_contact(
    platform: &Platform,
    ctx: &Ctx,
    id: ContactId,
    patch: UpdateContact,
) -> ApiResult<ContactView> {
    ctx.require_write(Area::Partners)?;
    let mut transaction = platform.db.write().await?;
    let mut contact = store::contact_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("contact"))?;
    contact.apply(patch, now_micros())?;
    store::update_contact(&*transaction, ctx.company, &contact)
        .await
        .map_err(unknown_partner)?;
    transaction.emit(ctx.company, events::CONTACT_UPDATED, contact.id);
    transaction.commit().await?;
    Ok(contact_view(contact))
}
