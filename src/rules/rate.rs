//! Rate schedules: flat, by partner status, tiered by a measure, or a fixed amount.

use super::channel::Channel;
use super::window::WindowAnchor;
use crate::ids::Status;
use crate::money::{Money, Rate};
use rust_decimal::Decimal;
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "schedule", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
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
    /// A rate by a measure at the payment: a client count, the client's payment number,
    /// months since an anchor, the partner's revenue in the period.
    Tiered(TierSchedule),
    /// A fixed amount per matching payment instead of a share of it (a bounty when paired
    /// with `per_client.max_payments: 1`, or with a `payment_number` condition). In any
    /// currency: converted into the line's currency like a payment (with the markup).
    Fixed {
        /// The amount.
        amount: Money,
    },
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

/// Rates by a measure: the highest tier whose `from` the measure has reached.
///
/// ```
/// use commission_rules::rules::{ClientCounter, Tier, TierSchedule};
/// use commission_rules::Rate;
/// let w1 = TierSchedule::new(ClientCounter::Attached, vec![
///     Tier::new(0, Rate::whole_percent(35)),
///     Tier::new(10, Rate::whole_percent(50)),
/// ]);
/// assert_eq!(w1.rate_at(9.into()), Some(Rate::whole_percent(35)));
/// assert_eq!(w1.rate_at(10.into()), Some(Rate::whole_percent(50)));
/// let json = serde_json::to_string(&w1).unwrap();
/// assert!(json.starts_with(r#"{"measure":{"client_count":"attached"},"tiers":[{"from":"0""#));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TierSchedule {
    /// What selects the tier.
    pub measure: TierMeasure,
    /// Tiers in strictly increasing `from` order; the first starts at 0.
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Retroactivity {
    /// Only payments from the moment the tier is reached.
    #[default]
    Prospective,
    /// Also the payments earlier in the same program-time month: adjustment lines for the
    /// difference, booked when the tier is reached (by a client count or by revenue).
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
    /// let s = TierSchedule::new(ClientCounter::Referred, vec![Tier::new(0, Rate::whole_percent(20))]);
    /// assert!(s.retroactive.is_prospective());
    /// ```
    pub fn new(measure: impl Into<TierMeasure>, tiers: Vec<Tier>) -> Self {
        Self {
            measure: measure.into(),
            tiers,
            retroactive: Retroactivity::Prospective,
        }
    }

    /// The rate for a measured value; `None` only for an invalid schedule (first tier
    /// above 0).
    ///
    /// ```
    /// use commission_rules::rules::{ClientCounter, Tier, TierSchedule};
    /// use commission_rules::Rate;
    /// // W-1: 35 % below 10 attached clients, 50 % from the 10th.
    /// let w_1 = TierSchedule::new(ClientCounter::Attached, vec![
    ///     Tier::new(0, Rate::whole_percent(35)),
    ///     Tier::new(10, Rate::whole_percent(50)),
    /// ]);
    /// assert_eq!(w_1.rate_at(9.into()), Some(Rate::whole_percent(35)));
    /// assert_eq!(w_1.rate_at(10.into()), Some(Rate::whole_percent(50)));
    /// ```
    pub fn rate_at(&self, value: Decimal) -> Option<Rate> {
        self.tier_at(value).map(|tier| tier.rate_percent)
    }

    /// The tier a value falls in: the highest one whose `from` it has reached.
    ///
    /// ```
    /// use commission_rules::rules::{ClientCounter, Tier, TierSchedule};
    /// use commission_rules::Rate;
    /// let s = TierSchedule::new(ClientCounter::Referred, vec![
    ///     Tier::new(0, Rate::whole_percent(20)),
    ///     Tier::new(30, Rate::whole_percent(30)),
    /// ]);
    /// assert_eq!(s.tier_at(31.into()).map(|t| t.from), Some(30.into()));
    /// ```
    pub fn tier_at(&self, value: Decimal) -> Option<&Tier> {
        self.tiers.iter().rev().find(|tier| tier.from <= value)
    }

    /// The client count the schedule is tiered by, if it is.
    ///
    /// ```
    /// use commission_rules::rules::{ClientCounter, TierMeasure, TierSchedule};
    /// assert_eq!(TierSchedule::new(ClientCounter::Paying, vec![]).counter(), Some(ClientCounter::Paying));
    /// assert_eq!(TierSchedule::new(TierMeasure::PaymentNumber, vec![]).counter(), None);
    /// ```
    pub fn counter(&self) -> Option<ClientCounter> {
        match self.measure {
            TierMeasure::ClientCount(counter) => Some(counter),
            _ => None,
        }
    }
}

/// One tier of a schedule.
///
/// ```
/// use commission_rules::rules::Tier;
/// use commission_rules::Rate;
/// let t = Tier::new(30, Rate::whole_percent(30));
/// assert_eq!(serde_json::to_string(&t).unwrap(), r#"{"from":"30","rate_percent":"30"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// The measured value from which this tier applies: a whole number for counts,
    /// payment numbers and months; an amount in the program currency for revenue.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::money::schema::DecimalFigure")
    )]
    pub from: Decimal,
    /// The rate.
    pub rate_percent: Rate,
}

impl Tier {
    /// A tier from a whole number (a count, a payment number, months).
    ///
    /// ```
    /// use commission_rules::rules::Tier;
    /// use commission_rules::Rate;
    /// assert_eq!(Tier::new(10, Rate::whole_percent(50)).from, 10.into());
    /// ```
    pub fn new(from: u32, rate_percent: Rate) -> Self {
        Self {
            from: Decimal::from(from),
            rate_percent,
        }
    }
}

/// What selects a tier.
///
/// ```
/// use commission_rules::rules::{RevenuePeriod, TierMeasure, WindowAnchor};
/// let json = |m: &TierMeasure| serde_json::to_string(m).unwrap();
/// assert_eq!(json(&TierMeasure::PaymentNumber), r#""payment_number""#);
/// assert_eq!(json(&TierMeasure::MonthsSince(WindowAnchor::ClientFirstPayment)),
///     r#"{"months_since":"client_first_payment"}"#);
/// assert_eq!(json(&TierMeasure::Revenue(RevenuePeriod::Month)), r#"{"revenue":"month"}"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TierMeasure {
    /// A count of the partner's clients, counting the client of the payment being rated
    /// where this payment makes it count (its first payment, for `paying`).
    ClientCount(ClientCounter),
    /// The payment's number among its client's payments (1 for the first), this one
    /// included: "the first 3 payments at 50 %, then 20 %".
    PaymentNumber,
    /// Whole program-time months from the anchor to the payment (0 in the first month).
    MonthsSince(WindowAnchor),
    /// The beneficiary's revenue under the rule in the program-time period: the amounts
    /// of the payments the rule matched for it, this one included, converted into the
    /// program currency at the published rate (no markup). Refunds do not lower it.
    Revenue(RevenuePeriod),
}

impl From<ClientCounter> for TierMeasure {
    fn from(counter: ClientCounter) -> Self {
        Self::ClientCount(counter)
    }
}

impl RevenuePeriod {
    /// The period a program-time month falls in: its year and first month.
    pub(crate) fn of_month(self, month: crate::time::Month) -> (i32, u32) {
        let first = match self {
            Self::Month => month.month(),
            Self::Quarter => (month.month().saturating_sub(1)) / 3 * 3 + 1,
            Self::Year => 1,
        };
        (month.year(), first)
    }
}

/// A program-time calendar period revenue is summed over.
///
/// ```
/// use commission_rules::rules::RevenuePeriod;
/// assert_eq!(serde_json::to_string(&RevenuePeriod::Quarter).unwrap(), r#""quarter""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RevenuePeriod {
    /// The calendar month.
    Month,
    /// The calendar quarter.
    Quarter,
    /// The calendar year.
    Year,
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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
