//! A booked line and its explanation: what the engine writes for every figure.

use crate::ids::{ClauseId, ClientId, EventId, LineId, PartnerId, RuleId};
use crate::money::{Currency, Money, Rate};
use crate::time::{Instant, Month};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::ops::Deref;
use std::sync::Arc;

/// One booked line.
///
/// ```
/// use commission_rules::LineKind;
/// assert!(LineKind::Accrual.affects_balance());
/// assert!(!LineKind::Discount.affects_balance());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Line {
    /// The line's id: stable across evaluations, unique within the outcome (see
    /// [`LineId`] for its form).
    pub id: LineId,
    /// The partner the line belongs to.
    pub partner: PartnerId,
    /// What kind of line.
    pub kind: LineKind,
    /// The clause that produced it.
    pub clause: ClauseId,
    /// The rule that produced it.
    pub rule: RuleId,
    /// The ledger event that produced it.
    pub source_event: EventId,
    /// The payment the line is about, where it is about one (for a catch-up adjustment:
    /// the original payment, while `source_event` is the correction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<EventId>,
    /// The client the line is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<ClientId>,
    /// When the line takes effect.
    pub booked_at: Instant,
    /// The program-time month of `booked_at`: the statement it appears in.
    pub month: Month,
    /// The signed amount, rounded once to the currency's minor unit.
    pub amount: Money,
    /// When the money is due: a payout's due date, or the due date of a payable reward.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Instant>,
    /// The figures that explain the amount.
    pub explanation: Explanation,
}

/// Kinds of line.
///
/// ```
/// use commission_rules::LineKind;
/// assert_eq!(serde_json::to_string(&LineKind::NotPayable).unwrap(), r#""not_payable""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LineKind {
    /// A reward owed to the partner.
    Accrual,
    /// A price reduction the partner got when paying for a client (memo: not a balance).
    Discount,
    /// A correction booked in the period it is recorded in (catch-up, manual).
    Adjustment,
    /// A reward computed but not payable, with the reason (memo: not a balance).
    NotPayable,
    /// A bonus (SPIF, …).
    Bonus,
    /// Money paid out to the partner (negative).
    Payout,
    /// A withdrawal the partner requested (negative).
    Withdrawal,
    /// What the partner's account was debited for a purchase for a client, at the net
    /// price (negative).
    Purchase,
    /// Money the partner put into its account.
    TopUp,
    /// The unused share of a cancelled purchase, back in the partner's account.
    Return,
    /// A cost the vendor bears for a client the partner brought (memo: not a balance).
    VendorCost,
    /// The part of a payment a welcome credit covered (memo: not a balance).
    CreditUsed,
    /// Welcome credit left unused when its window closed (memo: not a balance).
    CreditExpired,
    /// What the partner owes the vendor for a purchase, with its due date (memo: the
    /// balance is what the vendor owes the partner).
    Invoice,
}

impl LineKind {
    /// Whether the line changes what the vendor owes the partner. Discounts, not-payable
    /// lines, vendor costs and welcome-credit lines are shown in statements as memo lines.
    ///
    /// ```
    /// use commission_rules::LineKind;
    /// assert!(LineKind::Accrual.affects_balance() && LineKind::Payout.affects_balance());
    /// assert!(!LineKind::Discount.affects_balance()); // W-1: a price paid less, not money owed
    /// ```
    pub fn affects_balance(self) -> bool {
        !matches!(
            self,
            LineKind::Discount
                | LineKind::NotPayable
                | LineKind::VendorCost
                | LineKind::CreditUsed
                | LineKind::CreditExpired
                | LineKind::Invoice
        )
    }
}

/// The figures behind a line.
///
/// ```
/// use commission_rules::Explanation;
/// let e = Explanation::default();
/// assert!(e.rate.is_none() && !e.illustrative);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Explanation {
    /// The amount the rate was applied to, in the booking currency, after conversion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<Money>,
    /// The rate applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<Rate>,
    /// Why that rate: `flat`, `status referral-only`, `tier from 10 (count 12)`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_basis: Option<String>,
    /// The client count at the time, where a tier depended on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// The conversion used, where the payment was in another currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fx: Option<FxUsed>,
    /// The exact amount before the one rounding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exact: Option<Decimal>,
    /// The program version the line was computed under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The version's figures are illustrative (never published by the vendor).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
    /// For a reward to the partner that reported the client: whether its claim is
    /// exclusive (attachment accepted) or not (attachment refused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive: Option<bool>,
    /// Anything else worth saying: a not-payable reason, invoice wording, a manual reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// For a payout: the ids of the lines it pays (one for a payout after each line; those
    /// a monthly run paid together, carried-over lines included).
    #[serde(default, skip_serializing_if = "PaidLines::is_empty")]
    pub pays: PaidLines,
}

/// The ids of the lines a payout pays ([`Explanation::pays`]), read as a slice: shared by
/// the line's copies (in statements) rather than copied, and nothing on any other line
/// (a line stays cheap to make, move and drop on the payment path).
///
/// ```
/// use commission_rules::{LineId, PaidLines};
/// let pays = PaidLines::from(vec![LineId::for_event("pay".into(), "R-1".into(), 0)]);
/// assert_eq!((pays.len(), pays[0].to_string()), (1, "pay/R-1/0".to_owned()));
/// assert_eq!(serde_json::to_string(&pays).unwrap(), r#"["pay/R-1/0"]"#);
/// assert!(PaidLines::default().is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaidLines(Option<Arc<[LineId]>>);

impl PaidLines {
    /// Whether the line pays none (it is no payout).
    ///
    /// ```
    /// use commission_rules::PaidLines;
    /// assert!(PaidLines::from(Vec::new()).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }
}

impl Deref for PaidLines {
    type Target = [LineId];

    fn deref(&self) -> &[LineId] {
        self.0.as_deref().unwrap_or_default()
    }
}

impl From<Vec<LineId>> for PaidLines {
    fn from(ids: Vec<LineId>) -> Self {
        Self((!ids.is_empty()).then(|| Arc::from(ids)))
    }
}

impl Serialize for PaidLines {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.deref().serialize(s)
    }
}

impl<'de> Deserialize<'de> for PaidLines {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<LineId>::deserialize(d).map(Self::from)
    }
}

/// An exchange rate as used for a line.
///
/// The engine records it on a line's [`Explanation`]; a stored one reads back with serde:
///
/// ```
/// use commission_rules::{Currency, FxUsed};
/// use rust_decimal::Decimal;
/// let fx: FxUsed = serde_json::from_str(r#"{"from": "USD", "to": "RUB",
///     "published_rate": "100", "markup_percent": "3", "applied_rate": "103"}"#).unwrap();
/// assert_eq!((fx.from, fx.applied_rate), (Currency::USD, Decimal::from(103)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FxUsed {
    /// Currency converted from.
    pub from: Currency,
    /// Currency converted to.
    pub to: Currency,
    /// The rate from the ledger (units of `to` per `from`).
    pub published_rate: Decimal,
    /// The program's markup.
    pub markup_percent: Decimal,
    /// `published_rate × (1 + markup)`.
    pub applied_rate: Decimal,
}
