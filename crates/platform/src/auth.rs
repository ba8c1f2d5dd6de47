//! Passwords (argon2id, hashed off the async runtime) and access tokens (JWT HS256, one hour).
//! Refresh tokens are opaque random values; their store lives with the identity resources.

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use arkan_kernel::UserId;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::ApiError;
use crate::error::codes;

/// Access tokens live one hour, as the specification says.
pub const ACCESS_TOKEN_SECONDS: i64 = 3600;
/// Refresh tokens live thirty days, and each is good for one use.
pub const REFRESH_TOKEN_SECONDS: i64 = 30 * 24 * 3600;

/// Argon2id with the configured cost. Tests use a cheap cost; the server uses the OWASP
/// recommendation (19 MiB, 2 passes).
#[derive(Clone)]
pub struct Passwords {
    params: Params,
    /// A hash of a random password with the same cost, verified against when the e-mail is
    /// unknown so that both failures take the same time.
    dummy_hash: String,
}

impl Passwords {
    pub fn new(memory_kib: u32, passes: u32) -> Result<Passwords, String> {
        let params = Params::new(memory_kib, passes, 1, None).map_err(|e| e.to_string())?;
        let mut passwords = Passwords {
            params,
            dummy_hash: String::new(),
        };
        passwords.dummy_hash = passwords.hash_now(&random_token())?;
        Ok(passwords)
    }

    /// The production cost.
    pub fn standard() -> Result<Passwords, String> {
        Passwords::new(19 * 1024, 2)
    }

    fn hasher(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    fn hash_now(&self, password: &str) -> Result<String, String> {
        self.hasher()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| e.to_string())
    }

    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        let passwords = self.clone();
        tokio::task::spawn_blocking(move || passwords.hash_now(&password))
            .await
            .map_err(ApiError::internal)?
            .map_err(ApiError::internal)
    }

    /// Checks `password` against `stored`, or against the dummy hash when there is no user.
    pub async fn verify(&self, password: String, stored: Option<String>) -> bool {
        let passwords = self.clone();
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| self.dummy_hash.clone());
        let matched = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&stored)
                .map(|hash| {
                    passwords
                        .hasher()
                        .verify_password(password.as_bytes(), &hash)
                        .is_ok()
                })
                .unwrap_or(false)
        })
        .await
        .unwrap_or(false);
        known && matched
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct AccessClaims {
    sub: Uuid,
    iat: i64,
    exp: i64,
    /// Always "access": a token of another kind is never accepted as an access token.
    typ: String,
    jti: Uuid,
}

/// Signs and checks access tokens with the HS256 secret.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    /// Keys the derivation of a refresh token's successor ([`TokenKeys::successor`]).
    successor_key: Vec<u8>,
}

impl TokenKeys {
    pub fn new(secret: &[u8]) -> Result<TokenKeys, String> {
        let mut validation = Validation::new(jsonwebtoken::Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        Ok(TokenKeys {
            encoding: EncodingKey::from_secret(secret).map_err(|e| e.to_string())?,
            decoding: DecodingKey::from_secret(secret).map_err(|e| e.to_string())?,
            validation,
            successor_key: secret.to_vec(),
        })
    }

    pub fn issue_access(&self, user: UserId, now_seconds: i64) -> Result<String, ApiError> {
        self.issue_access_as(user, now_seconds, Uuid::now_v7())
    }

    /// An access token with a given id: the same user, instant and id give the same token.
    pub fn issue_access_as(
        &self,
        user: UserId,
        now_seconds: i64,
        id: Uuid,
    ) -> Result<String, ApiError> {
        let claims = AccessClaims {
            sub: user.0,
            iat: now_seconds,
            exp: now_seconds + ACCESS_TOKEN_SECONDS,
            typ: "access".into(),
            jti: id,
        };
        jsonwebtoken::encode(
            &Header::new(jsonwebtoken::Algorithm::HS256),
            &claims,
            &self.encoding,
        )
        .map_err(ApiError::internal)
    }

    /// The refresh token issued in exchange for `refresh_token`: derived from it and the
    /// server's secret, so that a second exchange within the grace window can give the same
    /// one again without the token being stored anywhere.
    pub fn successor(&self, refresh_token: &str) -> String {
        let mut input = self.successor_key.clone();
        input.extend_from_slice(b"\0successor\0");
        input.extend_from_slice(refresh_token.as_bytes());
        sha256_hex(&input)
    }

    /// The user of a valid, unexpired access token.
    pub fn verify_access(&self, token: &str) -> Result<UserId, ApiError> {
        self.verify_access_until(token).map(|(user, _)| user)
    }

    /// The user an access token is for, and when it expires (seconds since the epoch).
    pub fn verify_access_until(&self, token: &str) -> Result<(UserId, i64), ApiError> {
        let data = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map_err(|error| match error.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => {
                    ApiError::unauthorized(codes::TOKEN_EXPIRED, "The access token has expired")
                }
                _ => ApiError::unauthorized(codes::TOKEN_INVALID, "The access token is not valid"),
            })?;
        if data.claims.typ != "access" {
            return Err(ApiError::unauthorized(
                codes::TOKEN_INVALID,
                "The access token is not valid",
            ));
        }
        Ok((UserId(data.claims.sub), data.claims.exp))
    }
}

/// 32 random bytes, URL-safe: refresh tokens and generated secrets.
pub fn random_token() -> String {
    let mut bytes = [0_u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Hex SHA-256, for storing refresh tokens and fingerprinting request bodies.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// The bearer token of an `Authorization` header value.
pub fn bearer_token(header: Option<&axum::http::HeaderValue>) -> Result<&str, ApiError> {
    let value = header.ok_or_else(|| {
        ApiError::unauthorized(codes::TOKEN_MISSING, "An access token is required")
    })?;
    let text = value.to_str().map_err(|_| {
        ApiError::unauthorized(codes::TOKEN_INVALID, "The access token is not valid")
    })?;
    let token = text
        .strip_prefix("Bearer ")
        .or_else(|| text.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .ok_or_else(|| {
            ApiError::unauthorized(
                codes::TOKEN_MISSING,
                "Send the access token as 'Bearer <token>'",
            )
        })?;
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_tokens_expire_and_are_tamper_evident() {
        let keys = TokenKeys::new(b"secret-for-tests-only").unwrap();
        let user = UserId::new();
        let now = chrono::Utc::now().timestamp();
        let token = keys.issue_access(user, now).unwrap();
        assert_eq!(keys.verify_access(&token).unwrap(), user);

        let expired = keys
            .issue_access(user, now - ACCESS_TOKEN_SECONDS - 5)
            .unwrap();
        assert_eq!(
            keys.verify_access(&expired).unwrap_err().code,
            "token_expired"
        );

        let mut tampered = token.clone();
        tampered.pop();
        tampered.push(if token.ends_with('A') { 'B' } else { 'A' });
        assert!(keys.verify_access(&tampered).is_err());

        let other = TokenKeys::new(b"another-secret").unwrap();
        assert!(other.verify_access(&token).is_err());
    }
}
