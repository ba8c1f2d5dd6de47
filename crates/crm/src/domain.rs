//! The partner and contact rules: what a valid client, vendor or contact is. Pure: no SQL, no
//! HTTP; the service hands in the input and gets a validated value or every problem at once.

use arkan_kernel::money::MAX_AMOUNT_MINOR;
use arkan_kernel::text::{EMIRATES, is_valid_country, is_valid_email, is_valid_trn};
use arkan_kernel::{Currency, parse_minor};
use arkan_platform::error::{ApiResult, Validation};
use uuid::Uuid;

use crate::api::{Address, CreateContact, CreatePartner, UpdateContact, UpdatePartner};

/// Which face of the partner directory a request uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartnerRole {
    Client,
    Vendor,
}

impl PartnerRole {
    pub fn resource(self) -> &'static str {
        match self {
            PartnerRole::Client => "client",
            PartnerRole::Vendor => "vendor",
        }
    }
}

const MAX_TAGS: usize = 20;
const MAX_TAG_LENGTH: usize = 50;
const MAX_PAYMENT_TERMS_DAYS: i32 = 3650;

#[derive(Debug, Clone)]
pub struct Partner {
    pub id: Uuid,
    pub name: String,
    pub legal_name: Option<String>,
    pub trn: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Address,
    /// None: the company currency.
    pub currency: Option<String>,
    pub payment_terms_days: Option<i32>,
    /// Invoicing's payment term and fiscal position for the partner's documents (references
    /// the database checks: `partner_invoicing_terms`).
    pub payment_term_id: Option<Uuid>,
    pub fiscal_position_id: Option<Uuid>,
    /// Minor units of the partner currency.
    pub credit_limit_minor: Option<i64>,
    pub tags: Vec<String>,
    pub active: bool,
    pub is_client: bool,
    pub is_vendor: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Partner {
    pub fn new(
        role: PartnerRole,
        input: CreatePartner,
        company_currency: Currency,
        now: i64,
    ) -> ApiResult<Partner> {
        let mut partner = Partner {
            id: Uuid::now_v7(),
            name: input.name.trim().to_owned(),
            legal_name: clean(input.legal_name),
            trn: clean(input.trn),
            email: clean(input.email).map(|email| email.to_lowercase()),
            phone: clean(input.phone),
            address: input.address.map(clean_address).unwrap_or_default(),
            currency: clean(input.currency),
            payment_terms_days: input.payment_terms_days,
            payment_term_id: input.payment_term_id,
            fiscal_position_id: input.fiscal_position_id,
            credit_limit_minor: None,
            tags: Vec::new(),
            active: input.active.unwrap_or(true),
            is_client: role == PartnerRole::Client,
            is_vendor: role == PartnerRole::Vendor,
            created_at: now,
            updated_at: now,
        };
        let mut validation = Validation::new();
        if let Some(tags) = input.tags {
            partner.tags = clean_tags(&mut validation, tags);
        }
        let currency = partner.check(&mut validation, company_currency);
        if let (Some(limit), Some(currency)) = (input.credit_limit, currency) {
            partner.credit_limit_minor = parse_credit_limit(&mut validation, &limit.0, currency);
        }
        validation.finish()?;
        Ok(partner)
    }

    pub fn apply(
        &mut self,
        patch: UpdatePartner,
        company_currency: Currency,
        now: i64,
    ) -> ApiResult<()> {
        let mut validation = Validation::new();
        let old_exponent = self
            .currency_in(company_currency)
            .map(|currency| currency.exponent);
        if let Some(name) = patch.name {
            self.name = name.trim().to_owned();
        }
        if let Some(legal_name) = patch.legal_name {
            self.legal_name = clean(legal_name);
        }
        if let Some(trn) = patch.trn {
            self.trn = clean(trn);
        }
        if let Some(email) = patch.email {
            self.email = clean(email).map(|email| email.to_lowercase());
        }
        if let Some(phone) = patch.phone {
            self.phone = clean(phone);
        }
        if let Some(address) = patch.address {
            self.address = address.map(clean_address).unwrap_or_default();
        }
        if let Some(currency) = patch.currency {
            self.currency = clean(currency);
        }
        if let Some(days) = patch.payment_terms_days {
            self.payment_terms_days = days;
        }
        if let Some(term) = patch.payment_term_id {
            self.payment_term_id = term;
        }
        if let Some(position) = patch.fiscal_position_id {
            self.fiscal_position_id = position;
        }
        if let Some(tags) = patch.tags {
            self.tags = clean_tags(&mut validation, tags);
        }
        if let Some(active) = patch.active {
            self.active = active;
        }
        if let Some(is_client) = patch.is_client {
            self.is_client = is_client;
        }
        if let Some(is_vendor) = patch.is_vendor {
            self.is_vendor = is_vendor;
        }
        if !self.is_client && !self.is_vendor {
            validation.add("isClient", "a partner must stay a client, a vendor or both");
        }
        let currency = self.check(&mut validation, company_currency);
        match (patch.credit_limit, currency) {
            (Some(Some(limit)), Some(currency)) => {
                self.credit_limit_minor = parse_credit_limit(&mut validation, &limit.0, currency);
            }
            (Some(None), _) => self.credit_limit_minor = None,
            (None, Some(currency))
                if self.credit_limit_minor.is_some() && old_exponent != Some(currency.exponent) =>
            {
                validation.add(
                    "creditLimit",
                    "must be restated when the currency changes to one with other decimals",
                );
            }
            _ => {}
        }
        validation.finish()?;
        self.updated_at = now;
        Ok(())
    }

    /// The partner currency, or the company's when it has none.
    pub fn currency_in(&self, company_currency: Currency) -> Option<Currency> {
        match &self.currency {
            None => Some(company_currency),
            Some(code) => Currency::from_code(code),
        }
    }

    /// Checks every field; returns the partner currency when it is known.
    fn check(&self, validation: &mut Validation, company_currency: Currency) -> Option<Currency> {
        check_name(validation, "name", &self.name);
        if let Some(legal_name) = &self.legal_name
            && legal_name.chars().count() > 200
        {
            validation.add("legalName", "must be at most 200 characters");
        }
        if let Some(trn) = &self.trn
            && !is_valid_trn(trn)
        {
            validation.add("trn", "must be a UAE TRN of exactly 15 digits");
        }
        check_email(validation, self.email.as_deref());
        check_phone(validation, self.phone.as_deref());
        check_address(validation, &self.address);
        if let Some(days) = self.payment_terms_days
            && !(0..=MAX_PAYMENT_TERMS_DAYS).contains(&days)
        {
            validation.add("paymentTermsDays", "must be from 0 to 3650 days");
        }
        let currency = self.currency_in(company_currency);
        if currency.is_none() {
            validation.add(
                "currency",
                "must be an ISO 4217 currency code this system knows (e.g. AED)",
            );
        }
        currency
    }
}

/// Checks an address field by field (`address.emirate`, ...).
pub(crate) fn check_address(validation: &mut Validation, address: &Address) {
    if let Some(emirate) = &address.emirate
        && !EMIRATES.contains(&emirate.as_str())
    {
        validation.add(
            "address.emirate",
            format!("must be one of: {}", EMIRATES.join(", ")),
        );
    } else if address.emirate.is_some()
        && address
            .country
            .as_deref()
            .is_some_and(|country| country != "AE")
    {
        validation.add(
            "address.emirate",
            "is only for an address in the UAE (country AE)",
        );
    }
    if let Some(country) = &address.country
        && !is_valid_country(country)
    {
        validation.add(
            "address.country",
            "must be an ISO 3166 alpha-2 code in upper case (e.g. AE)",
        );
    }
    for (field, value) in [
        ("address.street", &address.street),
        ("address.city", &address.city),
        ("address.postalCode", &address.postal_code),
    ] {
        if value
            .as_ref()
            .is_some_and(|value| value.chars().count() > 200)
        {
            validation.add(field, "must be at most 200 characters");
        }
    }
}

fn parse_credit_limit(validation: &mut Validation, text: &str, currency: Currency) -> Option<i64> {
    match parse_minor(text, currency.exponent) {
        Ok(minor) if minor < 0 => {
            validation.add("creditLimit", "must not be negative");
            None
        }
        Ok(minor) if minor > MAX_AMOUNT_MINOR => {
            validation.add("creditLimit", "is too large");
            None
        }
        Ok(minor) => Some(minor),
        Err(error) => {
            validation.add(
                "creditLimit",
                format!("{error} (currency {})", currency.code),
            );
            None
        }
    }
}

pub(crate) fn check_name(validation: &mut Validation, field: &str, name: &str) {
    if name.is_empty() {
        validation.add(field, "must not be empty");
    } else if name.chars().count() > 200 {
        validation.add(field, "must be at most 200 characters");
    }
}

pub(crate) fn check_email(validation: &mut Validation, email: Option<&str>) {
    if let Some(email) = email
        && !is_valid_email(email)
    {
        validation.add("email", "must be a valid email address");
    }
}

pub(crate) fn check_phone(validation: &mut Validation, phone: Option<&str>) {
    if let Some(phone) = phone {
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        let allowed = phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')' | '.'));
        if !allowed || !(5..=20).contains(&digits) {
            validation.add(
                "phone",
                "must be a phone number of 5 to 20 digits (+, spaces, dashes and brackets allowed)",
            );
        }
    }
}

/// Trims, drops empty values: `""` and `"  "` mean "not given".
pub(crate) fn clean(value: Option<String>) -> Option<String> {
    value
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
}

pub(crate) fn clean_address(address: Address) -> Address {
    Address {
        street: clean(address.street),
        city: clean(address.city),
        emirate: clean(address.emirate),
        country: clean(address.country),
        postal_code: clean(address.postal_code),
    }
}

pub(crate) fn clean_tags(validation: &mut Validation, tags: Vec<String>) -> Vec<String> {
    let mut cleaned: Vec<String> = Vec::new();
    for (index, tag) in tags.into_iter().enumerate() {
        let tag = tag.trim().to_owned();
        if tag.is_empty() || tag.chars().count() > MAX_TAG_LENGTH || tag.contains(',') {
            validation.add(
                format!("tags[{index}]"),
                "must be 1 to 50 characters without commas",
            );
        } else if !cleaned.contains(&tag) {
            cleaned.push(tag);
        }
    }
    if cleaned.len() > MAX_TAGS {
        validation.add("tags", "at most 20 tags");
    }
    cleaned.sort();
    cleaned
}

#[derive(Debug, Clone)]
pub struct Contact {
    pub id: Uuid,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub job_title: Option<String>,
    pub partner_id: Option<Uuid>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Contact {
    pub fn new(input: CreateContact, now: i64) -> ApiResult<Contact> {
        let contact = Contact {
            id: Uuid::now_v7(),
            name: input.name.trim().to_owned(),
            email: clean(input.email).map(|email| email.to_lowercase()),
            phone: clean(input.phone),
            job_title: clean(input.job_title),
            partner_id: input.partner_id,
            created_at: now,
            updated_at: now,
        };
        contact.check()?;
        Ok(contact)
    }

    pub fn apply(&mut self, patch: UpdateContact, now: i64) -> ApiResult<()> {
        if let Some(name) = patch.name {
            self.name = name.trim().to_owned();
        }
        if let Some(email) = patch.email {
            self.email = clean(email).map(|email| email.to_lowercase());
        }
        if let Some(phone) = patch.phone {
            self.phone = clean(phone);
        }
        if let Some(job_title) = patch.job_title {
            self.job_title = clean(job_title);
        }
        if let Some(partner_id) = patch.partner_id {
            self.partner_id = partner_id;
        }
        self.check()?;
        self.updated_at = now;
        Ok(())
    }

    fn check(&self) -> ApiResult<()> {
        let mut validation = Validation::new();
        check_name(&mut validation, "name", &self.name);
        check_email(&mut validation, self.email.as_deref());
        check_phone(&mut validation, self.phone.as_deref());
        if self
            .job_title
            .as_ref()
            .is_some_and(|title| title.chars().count() > 200)
        {
            validation.add("jobTitle", "must be at most 200 characters");
        }
        validation.finish()
    }
}
