//! How a delivery is signed: HMAC-SHA256 (RFC 2104 over SHA-256, 64-byte blocks) keyed with the
//! webhook's secret (its text, as the create response gave it), over `"<timestamp>.<body>"`,
//! sent as `X-Arkan-Signature: sha256=<hex>`. A receiver recomputes it over the raw body and
//! the `X-Arkan-Timestamp` header, compares in constant time, and refuses old timestamps.

use sha2::{Digest, Sha256};

/// SHA-256's block size in bytes.
const BLOCK: usize = 64;

/// HMAC-SHA256 of `message` under `key` (RFC 2104).
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0_u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let inner_pad: Vec<u8> = block.iter().map(|byte| byte ^ 0x36).collect();
    let outer_pad: Vec<u8> = block.iter().map(|byte| byte ^ 0x5c).collect();
    let inner = Sha256::new()
        .chain_update(&inner_pad)
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(&outer_pad)
        .chain_update(inner)
        .finalize()
        .into()
}

/// The `X-Arkan-Signature` value of `body` sent at `timestamp` (Unix seconds) with `secret`.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut signed = timestamp.to_string().into_bytes();
    signed.push(b'.');
    signed.extend_from_slice(body);
    format!(
        "sha256={}",
        hex::encode(hmac_sha256(secret.as_bytes(), &signed))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 4231, section 4: test cases 1, 2 and 6 (a key longer than a block is hashed first).
    #[test]
    fn rfc_4231_test_vectors() {
        assert_eq!(
            hex::encode(hmac_sha256(&[0x0b; 20], b"Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        assert_eq!(
            hex::encode(hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex::encode(hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn the_signature_covers_timestamp_and_body() {
        let signed = signature("secret", 1_700_000_000, b"{}");
        assert_eq!(
            signed,
            format!(
                "sha256={}",
                hex::encode(hmac_sha256(b"secret", b"1700000000.{}"))
            )
        );
        assert_ne!(signed, signature("secret", 1_700_000_001, b"{}"));
        assert_ne!(signed, signature("other", 1_700_000_000, b"{}"));
    }
}
