//! Leads: capture, qualify or lose, and convert into a deal (with the client found, linked or
//! created, and a contact).

use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{ContactId, DealId, LeadId, format_minor};
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use uuid::Uuid;

use super::api::*;
use super::deals::deal_view;
use super::domain::{
    ClientAction, Deal, Lead, LeadState, Source, StageType, format_percent, normalised_name,
    phone_digits,
};
use super::service::{
    NAME, check_members, created_range, date, id_filter, notes, probability, revenue, source,
    unknown_reference,
};
use super::stages::stage_for;
use super::store::{self, LeadFilter};
use crate::api::CreatePartner;
use crate::domain::{
    Contact, Partner, PartnerRole, check_address, check_email, check_name, check_phone, clean,
    clean_address, clean_tags,
};
use crate::store as partner_store;
use crate::{errors, events};

static LEAD_LIST: ListSpec = ListSpec {
    name: "crm.leads",
    sorts: &[CREATED_AT, NAME],
};

pub(super) fn lead_view(ctx: &Ctx, lead: Lead) -> LeadView {
    let exponent = arkan_kernel::Currency::from_code(&lead.currency)
        .map_or(ctx.currency.exponent, |currency| currency.exponent);
    LeadView {
        id: lead.id,
        name: lead.name,
        contact_name: lead.contact_name,
        company_name: lead.company_name,
        email: lead.email,
        phone: lead.phone,
        trn: lead.trn,
        address: lead.address,
        source: lead.source.map(|source| source.as_str().to_owned()),
        owner_id: lead.owner_id,
        expected_revenue: lead
            .expected_revenue_minor
            .map(|minor| format_minor(minor, exponent)),
        probability: lead
            .probability
            .map(|value| format_percent(i64::from(value))),
        tags: lead.tags,
        notes: lead.notes,
        partner_id: lead.partner_id,
        state: lead.state.as_str().to_owned(),
        currency: lead.currency,
        lost_reason: lead.lost_reason,
        deal_id: lead.deal_id,
        converted_at: lead.converted_at.map(rfc3339),
        created_at: rfc3339(lead.created_at),
        updated_at: rfc3339(lead.updated_at),
    }
}

/// Every field of a lead that has rules, checked at once.
fn check_lead(validation: &mut Validation, lead: &Lead) {
    check_name(validation, "name", &lead.name);
    for (field, value) in [
        ("contactName", &lead.contact_name),
        ("companyName", &lead.company_name),
    ] {
        if value
            .as_ref()
            .is_some_and(|value| value.chars().count() > 200)
        {
            validation.add(field, "must be at most 200 characters");
        }
    }
    check_email(validation, lead.email.as_deref());
    check_phone(validation, lead.phone.as_deref());
    if let Some(trn) = &lead.trn
        && !arkan_kernel::text::is_valid_trn(trn)
    {
        validation.add("trn", "must be a UAE TRN of exactly 15 digits");
    }
    check_address(validation, &lead.address);
    if lead.state == LeadState::Lost && lead.lost_reason.is_none() {
        validation.add("lostReason", "is required to mark a lead lost");
    }
}

pub async fn create_lead(platform: &Platform, ctx: &Ctx, input: CreateLead) -> ApiResult<LeadView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    let now = now_micros();
    let lead = Lead {
        id: LeadId::new().0,
        name: input.name.trim().to_owned(),
        contact_name: clean(input.contact_name),
        company_name: clean(input.company_name),
        email: clean(input.email).map(|email| email.to_lowercase()),
        phone: clean(input.phone),
        trn: clean(input.trn),
        address: input.address.map(clean_address).unwrap_or_default(),
        source: source(&mut validation, "source", input.source),
        owner_id: input.owner_id,
        expected_revenue_minor: input
            .expected_revenue
            .and_then(|text| revenue(ctx, &mut validation, "expectedRevenue", &text.0)),
        currency: ctx.currency.code.to_owned(),
        probability: input
            .probability
            .and_then(|text| probability(&mut validation, "probability", &text.0)),
        tags: clean_tags(&mut validation, input.tags.unwrap_or_default()),
        notes: notes(&mut validation, input.notes),
        partner_id: input.partner_id,
        state: LeadState::New,
        lost_reason: None,
        deal_id: None,
        converted_at: None,
        created_at: now,
        updated_at: now,
    };
    check_lead(&mut validation, &lead);
    check_members(
        platform,
        ctx,
        &mut validation,
        &[("ownerId", lead.owner_id)],
    )
    .await?;
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    store::insert_lead(&*transaction, ctx.company, &lead)
        .await
        .map_err(|error| unknown_reference(error, &["partnerId"]))?;
    transaction.emit(ctx.company, events::LEAD_CREATED, lead.id);
    transaction.commit().await?;
    Ok(lead_view(ctx, lead))
}

pub async fn list_leads(
    platform: &Platform,
    ctx: &Ctx,
    query: LeadListQuery,
) -> ApiResult<Page<LeadView>> {
    let state = match query.state.as_deref().filter(|text| !text.is_empty()) {
        None => None,
        Some(text) => Some(LeadState::parse(text).ok_or_else(|| {
            ApiError::invalid_field("state", format!("must be one of: {}", LeadState::codes()))
        })?),
    };
    let source = match query.source.as_deref().filter(|text| !text.is_empty()) {
        None => None,
        Some(text) => Some(Source::parse(text).ok_or_else(|| {
            ApiError::invalid_field("source", format!("must be one of: {}", Source::codes()))
        })?),
    };
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let filter = LeadFilter {
        created: created_range(query.date_from.as_deref(), query.date_to.as_deref())?,
        state,
        owner: id_filter("owner_id", query.owner_id.as_deref())?,
        partner: id_filter("partner_id", query.partner_id.as_deref())?,
        source,
        q,
    };
    let page = PageRequest::parse(
        &query.page,
        &LEAD_LIST,
        &format!(
            "state={state:?}&owner={:?}&partner={:?}&source={source:?}&q={q:?}&created={:?}",
            filter.owner, filter.partner, filter.created
        ),
    )?;
    let filtered = store::leads(ctx.company, &filter);
    let (rows, total) = store::list_leads(platform.db.connection(), &filtered, &page).await?;
    let by_name = page.sort.name == NAME.name;
    Ok(page
        .page(rows, total, |lead| {
            let value = if by_name {
                SortValue::Text(lead.name.clone())
            } else {
                SortValue::Integer(lead.created_at)
            };
            (value, lead.id)
        })
        .map(|lead| lead_view(ctx, lead)))
}

pub async fn get_lead(platform: &Platform, ctx: &Ctx, id: LeadId) -> ApiResult<LeadView> {
    store::lead_by_id(platform.db.connection(), ctx.company, id.0)
        .await?
        .map(|lead| lead_view(ctx, lead))
        .ok_or_else(|| ApiError::not_found("lead"))
}

/// Deletes a lead and its activities; a converted lead stays, as the history of its deal
/// (409 `lead_converted`).
pub async fn delete_lead(platform: &Platform, ctx: &Ctx, id: LeadId) -> ApiResult<()> {
    ctx.require_write(Area::Sales)?;
    let mut transaction = platform.db.write().await?;
    let lead = store::lead_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("lead"))?;
    require_not_converted(&lead)?;
    if !store::delete_lead(&*transaction, ctx.company, id.0).await? {
        return Err(ApiError::not_found("lead"));
    }
    transaction.emit(ctx.company, events::LEAD_DELETED, id.0);
    transaction.commit().await?;
    Ok(())
}

/// Refuses any change to a converted lead.
fn require_not_converted(lead: &Lead) -> ApiResult<()> {
    if lead.state == LeadState::Converted {
        Err(errors::lead_converted())
    } else {
        Ok(())
    }
}

pub async fn update_lead(
    platform: &Platform,
    ctx: &Ctx,
    id: LeadId,
    patch: UpdateLead,
) -> ApiResult<LeadView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    if let Some(Some(owner)) = patch.owner_id {
        check_members(platform, ctx, &mut validation, &[("ownerId", Some(owner))]).await?;
    }
    let mut transaction = platform.db.write().await?;
    let mut lead = store::lead_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("lead"))?;
    require_not_converted(&lead)?;
    if let Some(name) = patch.name {
        lead.name = name.trim().to_owned();
    }
    if let Some(value) = patch.contact_name {
        lead.contact_name = clean(value);
    }
    if let Some(value) = patch.company_name {
        lead.company_name = clean(value);
    }
    if let Some(value) = patch.email {
        lead.email = clean(value).map(|email| email.to_lowercase());
    }
    if let Some(value) = patch.phone {
        lead.phone = clean(value);
    }
    if let Some(value) = patch.trn {
        lead.trn = clean(value);
    }
    if let Some(value) = patch.address {
        lead.address = value.map(clean_address).unwrap_or_default();
    }
    if let Some(value) = patch.source {
        lead.source = source(&mut validation, "source", value);
    }
    if let Some(value) = patch.owner_id {
        lead.owner_id = value;
    }
    if let Some(value) = patch.expected_revenue {
        lead.expected_revenue_minor =
            value.and_then(|text| revenue(ctx, &mut validation, "expectedRevenue", &text.0));
    }
    if let Some(value) = patch.probability {
        lead.probability =
            value.and_then(|text| probability(&mut validation, "probability", &text.0));
    }
    if let Some(tags) = patch.tags {
        lead.tags = clean_tags(&mut validation, tags);
    }
    if let Some(value) = patch.notes {
        lead.notes = notes(&mut validation, value);
    }
    if let Some(value) = patch.partner_id {
        lead.partner_id = value;
    }
    if let Some(value) = patch.lost_reason {
        lead.lost_reason = clean(value);
        if lead
            .lost_reason
            .as_ref()
            .is_some_and(|reason| reason.chars().count() > 500)
        {
            validation.add("lostReason", "must be at most 500 characters");
        }
    }
    if let Some(text) = patch.state {
        match LeadState::parse(&text) {
            Some(state) if state != LeadState::Converted => lead.state = state,
            _ => validation.add(
                "state",
                "must be one of: new, qualified, lost (convert a lead with POST .../convert)",
            ),
        }
    }
    if lead.state != LeadState::Lost {
        lead.lost_reason = None;
    }
    check_lead(&mut validation, &lead);
    validation.finish()?;
    lead.updated_at = now_micros();
    store::update_lead(&*transaction, ctx.company, &lead)
        .await
        .map_err(|error| unknown_reference(error, &["partnerId"]))?;
    transaction.emit(ctx.company, events::LEAD_UPDATED, lead.id);
    transaction.commit().await?;
    Ok(lead_view(ctx, lead))
}

/// The client a conversion ends with.
enum ClientChoice {
    None,
    Link(Uuid),
    Create,
}

/// Partners the lead may be, each with the strongest field it matched on (TRN, e-mail, phone,
/// then name), strong matches first.
async fn duplicate_candidates(
    db: &impl sea_orm::ConnectionTrait,
    ctx: &Ctx,
    lead: &Lead,
    name: &str,
) -> ApiResult<Vec<(Uuid, String, &'static str)>> {
    let normalised = normalised_name(name);
    // The longest word of the name narrows the search; names are then compared normalised.
    let word = normalised
        .split(' ')
        .max_by_key(|word| word.chars().count())
        .filter(|word| !word.is_empty());
    let found = store::partner_matches(
        db,
        ctx.company,
        lead.trn.as_deref(),
        lead.email.as_deref(),
        lead.phone.as_deref(),
        word,
    )
    .await?;
    let lead_phone = lead.phone.as_deref().map(phone_digits);
    let mut candidates: Vec<(Uuid, String, &'static str)> = Vec::new();
    for partner in found {
        let matched = if lead.trn.is_some() && partner.trn == lead.trn {
            Some("trn")
        } else if lead.email.is_some()
            && partner.email.as_deref().map(str::to_lowercase) == lead.email
        {
            Some("email")
        } else if lead_phone.as_ref().is_some_and(|digits| !digits.is_empty())
            && partner.phone.as_deref().map(phone_digits) == lead_phone
        {
            Some("phone")
        } else if !normalised.is_empty()
            && (normalised_name(&partner.name) == normalised
                || partner
                    .legal_name
                    .as_deref()
                    .is_some_and(|legal| normalised_name(legal) == normalised))
        {
            Some("name")
        } else {
            None
        };
        if let Some(matched) = matched {
            candidates.push((partner.id, partner.name, matched));
        }
    }
    candidates.sort_by_key(|(id, _, matched)| (*matched == "name", *id));
    Ok(candidates)
}

pub async fn convert_lead(
    platform: &Platform,
    ctx: &Ctx,
    id: LeadId,
    input: ConvertLead,
) -> ApiResult<ConvertedLead> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    let action = match input.client_action.as_deref() {
        None => ClientAction::Auto,
        Some(text) => ClientAction::parse(text).unwrap_or_else(|| {
            validation.add(
                "clientAction",
                format!("must be one of: {}", ClientAction::codes()),
            );
            ClientAction::Auto
        }),
    };
    if action == ClientAction::Link && input.partner_id.is_none() {
        validation.add("partnerId", "is required with clientAction link");
    }
    if action != ClientAction::Link && input.partner_id.is_some() {
        validation.add("partnerId", "is given only with clientAction link");
    }
    let deal_name = clean(input.name);
    if let Some(name) = &deal_name {
        check_name(&mut validation, "name", name);
    }
    let expected = input
        .expected_revenue
        .and_then(|text| revenue(ctx, &mut validation, "expectedRevenue", &text.0));
    let expected_close_date = date(
        &mut validation,
        "expectedCloseDate",
        input.expected_close_date,
    );
    check_members(
        platform,
        ctx,
        &mut validation,
        &[("ownerId", input.owner_id)],
    )
    .await?;
    validation.finish()?;

    let mut transaction = platform.db.write().await?;
    let mut lead = store::lead_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("lead"))?;
    require_not_converted(&lead)?;
    // Claimed first: of two conversions at once, one goes on, the other gets 409.
    if !store::claim_for_conversion(&*transaction, ctx.company, lead.id).await? {
        return Err(errors::lead_converted());
    }
    let stage = stage_for(&*transaction, ctx, "stageId", input.stage_id).await?;
    if stage.kind == StageType::Lost {
        return Err(ApiError::invalid_field(
            "stageId",
            "a converted lead's deal starts in an open or won stage",
        ));
    }
    let client_name = lead
        .company_name
        .clone()
        .unwrap_or_else(|| lead.name.clone());
    let choice = match action {
        ClientAction::None => ClientChoice::None,
        ClientAction::Create => ClientChoice::Create,
        ClientAction::Link => ClientChoice::Link(input.partner_id.unwrap_or_default()),
        ClientAction::Auto => match lead.partner_id {
            Some(partner) => ClientChoice::Link(partner),
            None => {
                let candidates =
                    duplicate_candidates(&*transaction, ctx, &lead, &client_name).await?;
                let strong: Vec<&(Uuid, String, &str)> = candidates
                    .iter()
                    .filter(|(_, _, matched)| *matched != "name")
                    .collect();
                match (strong.as_slice(), candidates.is_empty()) {
                    (_, true) => ClientChoice::Create,
                    ([(partner, _, _)], _) => ClientChoice::Link(*partner),
                    _ => {
                        let list: Vec<DuplicateCandidate> = candidates
                            .into_iter()
                            .map(|(partner_id, name, matched)| DuplicateCandidate {
                                partner_id,
                                name,
                                matched_on: matched.to_owned(),
                            })
                            .collect();
                        let list = serde_json::to_value(list).map_err(ApiError::internal)?;
                        return Err(errors::lead_possible_duplicates(list));
                    }
                }
            }
        },
    };
    let now = now_micros();
    let mut client_created = false;
    let partner_id = match choice {
        ClientChoice::None => None,
        ClientChoice::Link(partner) => {
            let found = partner_store::partner_by_id(&*transaction, ctx.company, partner)
                .await?
                .ok_or_else(|| {
                    ApiError::invalid_field("partnerId", "no such client or vendor in this company")
                })?;
            if !found.is_client {
                // A vendor the company now sells to becomes a client as well.
                let mut client = found.clone();
                client.is_client = true;
                client.updated_at = now;
                partner_store::update_partner(&*transaction, ctx.company, &found, &client).await?;
                transaction.emit(ctx.company, events::CLIENT_UPDATED, client.id);
            }
            Some(found.id)
        }
        ClientChoice::Create => {
            let client = Partner::new(
                PartnerRole::Client,
                CreatePartner {
                    name: client_name.clone(),
                    legal_name: None,
                    trn: lead.trn.clone(),
                    email: lead.email.clone(),
                    phone: lead.phone.clone(),
                    address: Some(lead.address.clone()),
                    currency: None,
                    payment_terms_days: None,
                    payment_term_id: None,
                    fiscal_position_id: None,
                    credit_limit: None,
                    tags: None,
                    active: None,
                },
                ctx.currency,
                now,
            )?;
            partner_store::insert_partner(&*transaction, ctx.company, &client).await?;
            transaction.emit(ctx.company, events::CLIENT_CREATED, client.id);
            client_created = true;
            Some(client.id)
        }
    };
    let mut contact_id = None;
    if let Some(contact_name) = &lead.contact_name {
        let contact = Contact {
            id: ContactId::new().0,
            name: contact_name.clone(),
            email: lead.email.clone(),
            phone: lead.phone.clone(),
            job_title: None,
            partner_id,
            created_at: now,
            updated_at: now,
        };
        partner_store::insert_contact(&*transaction, ctx.company, &contact).await?;
        transaction.emit(ctx.company, events::CONTACT_CREATED, contact.id);
        contact_id = Some(contact.id);
    }
    let mut deal = Deal {
        id: DealId::new().0,
        name: deal_name.unwrap_or_else(|| lead.name.clone()),
        partner_id,
        contact_id,
        stage_id: stage.id,
        state: stage.kind,
        owner_id: input.owner_id.or(lead.owner_id),
        expected_revenue_minor: expected.or(lead.expected_revenue_minor).unwrap_or(0),
        currency: ctx.currency.code.to_owned(),
        probability: 0,
        weighted_revenue_minor: 0,
        expected_close_date,
        source: lead.source,
        tags: lead.tags.clone(),
        notes: lead.notes.clone(),
        lost_reason: None,
        lead_id: Some(lead.id),
        closed_at: None,
        created_at: now,
        updated_at: now,
    };
    deal.enter(
        &stage,
        lead.probability.filter(|_| stage.kind == StageType::Open),
        now,
    );
    store::insert_deal(&*transaction, ctx.company, &deal).await?;
    lead.state = LeadState::Converted;
    // A lost lead won back: its reason no longer holds.
    lead.lost_reason = None;
    lead.deal_id = Some(deal.id);
    lead.partner_id = partner_id.or(lead.partner_id);
    lead.converted_at = Some(now);
    lead.updated_at = now;
    store::update_lead(&*transaction, ctx.company, &lead).await?;
    transaction.emit(ctx.company, events::DEAL_CREATED, deal.id);
    transaction.emit(ctx.company, events::LEAD_CONVERTED, lead.id);
    transaction.commit().await?;
    Ok(ConvertedLead {
        contact_created: contact_id.is_some(),
        lead: lead_view(ctx, lead),
        deal: deal_view(ctx, deal),
        client_created,
    })
}
