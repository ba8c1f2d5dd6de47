//! Closed sets of codes (states, kinds, directions) as enums: each variant with the one text it
//! is stored and shown as. Declared with [`crate::codes!`], parsed where text comes in (the
//! request, the stored row) and compared as enums everywhere else.

/// Declares an enum whose variants each have one code:
///
/// ```text
/// codes! {
///     /// Which way a payment's money goes.
///     pub enum PaymentDirection { Inbound = "inbound", Outbound = "outbound" }
/// }
/// ```
///
/// It gets `ALL`, `as_str`, `parse`, `codes` (the codes joined for a message) and `Display`.
#[macro_export]
macro_rules! codes {
    ($(#[$meta:meta])* $vis:vis enum $name:ident {
        $($(#[$variant_meta:meta])* $variant:ident = $code:literal),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$variant_meta])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// Every code, comma-separated (for "must be one of ..." messages).
            pub fn codes() -> String {
                [$($code),+].join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::codes! {
        enum Light { Red = "red", Green = "green" }
    }

    #[test]
    fn codes_round_trip_and_unknown_text_is_none() {
        for light in Light::ALL {
            assert_eq!(Light::parse(light.as_str()), Some(*light));
        }
        assert_eq!(Light::parse("Red"), None);
        assert_eq!(Light::codes(), "red, green");
        assert_eq!(Light::Green.to_string(), "green");
    }
}
