//! How a client came to a partner: the channels a client count is defined by.

use serde::{Deserialize, Serialize};

/// How a client came to a partner. Each [`ClientCounter`](super::ClientCounter) names
/// the channels it counts ([`ClientCounter::channels`](super::ClientCounter::channels)):
/// MH-1's referred clients are those of a promo code or a referral link, W-1's clients
/// those registered from the partner's cabinet, attached or transferred to it.
///
/// ```
/// use commission_rules::rules::Channel;
/// assert_eq!(serde_json::to_string(&Channel::PartnerCabinet).unwrap(), r#""partner_cabinet""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Channel {
    /// The client registered with the partner's promo code (makes it the referrer).
    PromoCode,
    /// The client registered through the partner's referral link: a registration naming
    /// a referring partner, with no promo code, not from the cabinet (makes it the
    /// referrer).
    ReferralLink,
    /// The partner registered the client from its cabinet (makes it both the referrer and
    /// the holder).
    PartnerCabinet,
    /// The client was attributed to the partner after registering (makes it the
    /// referrer).
    AttributionCorrection,
    /// The client was attached to the partner (makes it the holder).
    Attachment,
    /// The client moved to the partner from another by a transfer (makes it the
    /// holder).
    Transfer,
}

impl Channel {
    /// The channel of a registration that names a referring partner: the cabinet when
    /// the partner registered the client from it (a promo code given with it is still a
    /// cabinet registration), else the promo code when one was given, else the referral
    /// link.
    ///
    /// ```
    /// use commission_rules::rules::Channel;
    /// assert_eq!(Channel::of_registration(true, false), Channel::PromoCode);
    /// assert_eq!(Channel::of_registration(false, false), Channel::ReferralLink);
    /// assert_eq!(Channel::of_registration(true, true), Channel::PartnerCabinet);
    /// ```
    pub fn of_registration(with_promo_code: bool, via_partner_cabinet: bool) -> Self {
        match (via_partner_cabinet, with_promo_code) {
            (true, _) => Self::PartnerCabinet,
            (false, true) => Self::PromoCode,
            (false, false) => Self::ReferralLink,
        }
    }
}
