//! Rate schedules: flat, by partner status, or tiered by a client count.

use super::channel::Channel;
use crate::ids::Status;
use crate::money::Rate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a reward's rate is chosen at the moment of a payment.
///
/// ```
/// use commission_rules::rules::{RateSchedule, ClientCounter, Tier, TierSchedule};
/// use commission_rules::Rate;
/// let flat = RateSchedule::flat(Rate::whole_percent(40));
/// assert_eq!(serde_json::to_string(&flat).unwrap(), r#"{"schedule":"flat","rate_percent":"40"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "schedule", rename_all = "snake_case", deny_unknown_fields)]
pub enum RateSchedule {
    /// One rate for everyone.
    Flat {
        /// The rate.
        rate_percent: Rate,
    },
    /// A rate by the partner's status at the payment; partners with no listed status get
    /// the default.
    ByStatus {
        /// For partners whose status is not listed (or who have none).
        default_percent: Rate,
        /// Rate per status.
        by_status: BTreeMap<Status, Rate>,
    },
    /// A rate by how many clients the partner had at the payment.
    Tiered(TierSchedule),
}

impl RateSchedule {
    /// One rate for everyone.
    ///
    /// ```
    /// use commission_rules::rules::RateSchedule;
    /// use commission_rules::Rate;
    /// let flat = RateSchedule::flat(Rate::whole_percent(40));
    /// assert_eq!(flat, RateSchedule::Flat { rate_percent: Rate::whole_percent(40) });
    /// ```
    pub fn flat(rate_percent: Rate) -> Self {
        Self::Flat { rate_percent }
    }
}

/// Rates by a client count: the highest tier whose `from_count` the count has reached.
///
/// ```
/// use commission_rules::rules::{ClientCounter, Tier, TierSchedule};
/// use commission_rules::Rate;
/// let w1 = TierSchedule::new(ClientCounter::Attached, vec![
///     Tier { from_count: 0, rate_percent: Rate::whole_percent(35) },
///     Tier { from_count: 10, rate_percent: Rate::whole_percent(50) },
/// ]);
/// assert_eq!(w1.rate_at(9), Some(Rate::whole_percent(35)));
/// assert_eq!(w1.rate_at(10), Some(Rate::whole_percent(50)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierSchedule {
    /// Which count selects the tier.
    pub counter: ClientCounter,
    /// Tiers in strictly increasing `from_count` order; the first starts at 0.
    pub tiers: Vec<Tier>,
    /// Whether reaching a tier also re-rates earlier payments.
    #[serde(default, skip_serializing_if = "Retroactivity::is_prospective")]
    pub retroactive: Retroactivity,
}

/// Whether reaching a higher tier re-rates earlier payments.
///
/// ```
/// use commission_rules::rules::Retroactivity;
/// assert!(Retroactivity::default().is_prospective());
/// assert_eq!(serde_json::to_string(&Retroactivity::CurrentMonth).unwrap(), r#""current_month""#);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Retroactivity {
    /// Only payments from the moment the tier is reached.
    #[default]
    Prospective,
    /// Also the payments earlier in the same program-time month: adjustment lines for the
    /// difference, booked when the tier is reached.
    CurrentMonth,
}

impl Retroactivity {
    /// Only later payments are rated at the new tier.
    ///
    /// ```
    /// use commission_rules::rules::Retroactivity;
    /// assert!(Retroactivity::Prospective.is_prospective());
    /// assert!(!Retroactivity::CurrentMonth.is_prospective());
    /// ```
    pub fn is_prospective(&self) -> bool {
        *self == Retroactivity::Prospective
    }
}

impl TierSchedule {
    /// A prospective schedule.
    ///
    /// ```
    /// use commission_rules::rules::{ClientCounter, Tier, TierSchedule};
    /// use commission_rules::Rate;
    /// let s = TierSchedule::new(ClientCounter::Referred, vec![Tier { from_count: 0, rate_percent: Rate::whole_percent(20) }]);
    /// assert!(s.retroactive.is_prospective());
    /// ```
    pub fn new(counter: ClientCounter, tiers: Vec<Tier>) -> Self {
        Self {
            counter,
            tiers,
            retroactive: Retroactivity::Prospective,
        }
    }

    /// The rate for a count; `None` only for an invalid schedule (first tier above 0).
    ///
    /// ```
    /// use commission_rules::rules::{ClientCounter, Tier, TierSchedule};
    /// use commission_rules::Rate;
    /// // W-1: 35 % below 10 attached clients, 50 % from the 10th.
    /// let w_1 = TierSchedule::new(ClientCounter::Attached, vec![
    ///     Tier { from_count: 0, rate_percent: Rate::whole_percent(35) },
    ///     Tier { from_count: 10, rate_percent: Rate::whole_percent(50) },
    /// ]);
    /// assert_eq!(w_1.rate_at(9), Some(Rate::whole_percent(35)));
    /// assert_eq!(w_1.rate_at(10), Some(Rate::whole_percent(50)));
    /// ```
    pub fn rate_at(&self, count: u32) -> Option<Rate> {
        self.tier_at(count).map(|tier| tier.rate_percent)
    }

    /// The tier a count falls in: the highest one whose `from_count` it has reached.
    ///
    /// ```
    /// use commission_rules::rules::{ClientCounter, Tier, TierSchedule};
    /// use commission_rules::Rate;
    /// let s = TierSchedule::new(ClientCounter::Referred, vec![
    ///     Tier { from_count: 0, rate_percent: Rate::whole_percent(20) },
    ///     Tier { from_count: 30, rate_percent: Rate::whole_percent(30) },
    /// ]);
    /// assert_eq!(s.tier_at(31).map(|t| t.from_count), Some(30));
    /// ```
    pub fn tier_at(&self, count: u32) -> Option<&Tier> {
        self.tiers
            .iter()
            .rev()
            .find(|tier| tier.from_count <= count)
    }
}

/// One tier of a schedule.
///
/// ```
/// use commission_rules::rules::Tier;
/// use commission_rules::Rate;
/// let t = Tier { from_count: 30, rate_percent: Rate::whole_percent(30) };
/// assert_eq!(t.from_count, 30);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// The count from which this tier applies.
    pub from_count: u32,
    /// The rate.
    pub rate_percent: Rate,
}

/// A count of a partner's distinct clients, defined by the channels through which a
/// client came to the partner ([`ClientCounter::channels`]). Counts never go down: a
/// client that leaves still counts.
///
/// ```
/// use commission_rules::rules::ClientCounter;
/// assert_eq!(serde_json::to_string(&ClientCounter::Attached).unwrap(), r#""attached""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientCounter {
    /// Clients referred to the partner: by its promo code or referral link, or attributed
    /// to it later (MH-1). Not those it registered from its cabinet.
    Referred,
    /// Clients the partner is the referrer of, by any channel: referred ones and those it
    /// registered from its cabinet (the clients a `referrer` reward pays on; R-5, R-6).
    Attributed,
    /// Clients the partner ever held: registered from its cabinet, attached, transferred
    /// to it (W-1).
    Attached,
    /// Clients the partner ever paid for (the integrator format), counting the client of
    /// the payment being rated; counted at the partner's first payment for the client.
    PaidFor,
    /// Referred clients that have paid at least once, counted at their first payment.
    Paying,
}

impl ClientCounter {
    /// Every counter.
    ///
    /// ```
    /// use commission_rules::rules::ClientCounter;
    /// assert_eq!(ClientCounter::ALL.len(), 5);
    /// ```
    pub const ALL: [ClientCounter; 5] = [
        Self::Referred,
        Self::Attributed,
        Self::Attached,
        Self::PaidFor,
        Self::Paying,
    ];

    /// The counter's position in [`ClientCounter::ALL`] (dense per-counter arrays).
    pub(crate) fn index(self) -> usize {
        match self {
            Self::Referred => 0,
            Self::Attributed => 1,
            Self::Attached => 2,
            Self::PaidFor => 3,
            Self::Paying => 4,
        }
    }

    /// The channels whose clients the counter counts. `referred`, `attributed` and
    /// `attached` count a client when it comes to the partner through one of them. A
    /// partner pays only for a client it holds, so `paid_for`'s channels are the holding
    /// ones, the client counted at the partner's first payment for it. `paying` is the
    /// paying part of `referred`: a client the partner registered from its cabinet and
    /// that pays is not counted (MH-1 counts promo-code and referral-link clients only;
    /// a cabinet client belongs to W-1's count, `attached`).
    ///
    /// ```
    /// use commission_rules::rules::{Channel, ClientCounter};
    /// assert_eq!(ClientCounter::Referred.channels(),
    ///     [Channel::PromoCode, Channel::ReferralLink, Channel::AttributionCorrection]);
    /// assert_eq!(ClientCounter::Attached.channels(),
    ///     [Channel::PartnerCabinet, Channel::Attachment, Channel::Transfer]);
    /// ```
    pub fn channels(self) -> &'static [Channel] {
        use Channel::*;
        match self {
            Self::Referred | Self::Paying => &[PromoCode, ReferralLink, AttributionCorrection],
            Self::Attributed => &[
                PromoCode,
                ReferralLink,
                PartnerCabinet,
                AttributionCorrection,
            ],
            Self::Attached | Self::PaidFor => &[PartnerCabinet, Attachment, Transfer],
        }
    }

    /// Whether the counter counts clients that came through `channel`.
    ///
    /// ```
    /// use commission_rules::rules::{Channel, ClientCounter};
    /// assert!(!ClientCounter::Referred.counts(Channel::PartnerCabinet));
    /// assert!(ClientCounter::Attached.counts(Channel::PartnerCabinet));
    /// ```
    pub fn counts(self, channel: Channel) -> bool {
        self.channels().contains(&channel)
    }

    /// Whether a client counts as soon as it comes through one of the counter's channels
    /// (`referred`, `attributed`, `attached`), rather than at a payment (`paid_for`,
    /// `paying`).
    ///
    /// ```
    /// use commission_rules::rules::ClientCounter;
    /// assert!(ClientCounter::Attached.counts_on_arrival());
    /// assert!(!ClientCounter::Paying.counts_on_arrival());
    /// ```
    pub fn counts_on_arrival(self) -> bool {
        !matches!(self, Self::PaidFor | Self::Paying)
    }

    /// The counters counting, on its arrival, a client that comes through `channel`, in
    /// the order of [`ClientCounter::ALL`].
    ///
    /// ```
    /// use commission_rules::rules::{Channel, ClientCounter};
    /// let cabinet: Vec<_> = ClientCounter::on_arrival_via(Channel::PartnerCabinet).collect();
    /// assert_eq!(cabinet, [ClientCounter::Attributed, ClientCounter::Attached]);
    /// ```
    pub fn on_arrival_via(channel: Channel) -> impl Iterator<Item = ClientCounter> {
        Self::ALL
            .into_iter()
            .filter(move |counter| counter.counts_on_arrival() && counter.counts(channel))
    }
}
