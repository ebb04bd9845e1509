//! Vendor-funded bonuses that are not a share of a payment: one bonus rule with a trigger
//! (a client registering with a code, a count reached, a client's first payment, a vendor
//! award, a manual adjustment), and a welcome credit a new partner may spend for a while.

use super::rate::ClientCounter;
use super::window::Span;
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// A bonus booked for a partner when its trigger happens: a fixed `amount` the rule sets
/// (in any currency, converted into the partner's booking currency at the rate in force
/// with the program's markup, rounded once), or, for a vendor award or a manual
/// adjustment, the amount its event carries (in the partner's booking currency).
///
/// Which partner gets it follows from the trigger: the partner whose promo code the
/// client registered with, the partner whose count is reached, the client's referrer at
/// its first payment, the partner the event names.
///
/// ```
/// use commission_rules::rules::{BonusForm, BonusRule, BonusTrigger};
/// use commission_rules::{Currency, Money};
/// // MH-2: 5 EUR to each client registering with a partner's promo code, the vendor's cost.
/// let mut mh_2 =
///     BonusRule::fixed(BonusTrigger::ClientRegisteredWithCode, Money::new(5.into(), Currency::EUR));
/// mh_2.form = BonusForm::VendorCost;
/// assert_eq!(serde_json::to_string(&mh_2).unwrap(),
///     r#"{"trigger":"client_registered_with_code","amount":{"amount":"5","currency":"EUR"},"form":"vendor_cost"}"#);
/// // A 50 USD bounty to the referrer when a referred client first pays.
/// let bounty = BonusRule::fixed(BonusTrigger::ClientFirstPayment, Money::new(50.into(), Currency::USD));
/// assert_eq!(bounty.form, BonusForm::Payable);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BonusRule {
    /// What earns the bonus.
    pub trigger: BonusTrigger,
    /// The fixed amount, for the triggers that have one ([`BonusTrigger::has_fixed_amount`]);
    /// none for a vendor award or a manual adjustment, whose event carries the amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// Money owed to the partner (the default) or a memo of the vendor's cost.
    #[serde(default)]
    pub form: BonusForm,
}

impl BonusRule {
    /// A payable bonus of a fixed amount.
    ///
    /// ```
    /// use commission_rules::rules::{BonusRule, BonusTrigger, ClientCounter};
    /// use commission_rules::{Currency, Money};
    /// let third = BonusTrigger::CountReached { counter: ClientCounter::Paying, count: 3 };
    /// let bonus = BonusRule::fixed(third, Money::new(100.into(), Currency::EUR));
    /// assert_eq!(bonus.amount, Some(Money::new(100.into(), Currency::EUR)));
    /// ```
    pub fn fixed(trigger: BonusTrigger, amount: Money) -> Self {
        Self {
            trigger,
            amount: Some(amount),
            form: BonusForm::Payable,
        }
    }

    /// A payable bonus whose event carries the amount (a vendor award, a manual
    /// adjustment).
    ///
    /// ```
    /// use commission_rules::rules::{BonusRule, BonusTrigger};
    /// let ls_6 = BonusRule::from_event(BonusTrigger::ManualAdjustment);
    /// assert_eq!(serde_json::to_string(&ls_6).unwrap(),
    ///     r#"{"trigger":"manual_adjustment","form":"payable"}"#);
    /// ```
    pub fn from_event(trigger: BonusTrigger) -> Self {
        Self {
            trigger,
            amount: None,
            form: BonusForm::Payable,
        }
    }
}

/// What earns a bonus.
///
/// ```
/// use commission_rules::rules::{BonusTrigger, ClientCounter};
/// let t = BonusTrigger::CountReached { counter: ClientCounter::Paying, count: 3 };
/// assert_eq!(serde_json::to_string(&t).unwrap(),
///     r#"{"count_reached":{"counter":"paying","count":3}}"#);
/// assert_eq!(serde_json::to_string(&BonusTrigger::VendorAward).unwrap(), r#""vendor_award""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum BonusTrigger {
    /// A client registers with the partner's promo code (MH-2): once per client, for the
    /// partner whose code it is.
    ClientRegisteredWithCode,
    /// The partner's own count on `counter` reaches `count`: once per partner and rule.
    CountReached {
        /// Which count.
        counter: ClientCounter,
        /// The count that earns it (from 1).
        count: u32,
    },
    /// A client makes its first payment ever (whoever pays, whatever it pays for): a
    /// bounty for the client's referrer then, of any channel. A client with no referrer
    /// at its first payment earns nobody a bounty, even if attributed later.
    ClientFirstPayment,
    /// The vendor awards the partner an amount (a `spif_awarded` event: SS-4's SPIF).
    VendorAward,
    /// The vendor corrects the partner's balance by hand (a `manual_adjustment` event, with
    /// its reason; LS-6): an adjustment line, of either sign.
    ManualAdjustment,
}

impl BonusTrigger {
    /// Whether the rule sets the amount (the other triggers' events carry it).
    ///
    /// ```
    /// use commission_rules::rules::BonusTrigger;
    /// assert!(BonusTrigger::ClientFirstPayment.has_fixed_amount());
    /// assert!(!BonusTrigger::VendorAward.has_fixed_amount());
    /// ```
    pub fn has_fixed_amount(self) -> bool {
        !matches!(self, Self::VendorAward | Self::ManualAdjustment)
    }
}

/// Whether a bonus is money owed to the partner or a memo of the vendor's cost.
///
/// ```
/// use commission_rules::rules::BonusForm;
/// assert_eq!(BonusForm::default(), BonusForm::Payable);
/// assert_eq!(serde_json::to_string(&BonusForm::VendorCost).unwrap(), r#""vendor_cost""#);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BonusForm {
    /// Owed to the partner: a `bonus` line (an `adjustment` line for a manual
    /// adjustment) that enters its balance and is paid out like any reward.
    #[default]
    Payable,
    /// A cost the vendor bears for a client the partner brought (MH-2: a bonus on the
    /// client's own balance): a `vendor_cost` memo line attributed to the partner, not
    /// money owed to it.
    VendorCost,
}

/// A credit a new partner may spend within a window from its registration, only on the
/// first payment of a new client (the client's first payment ever), made by the partner
/// (MH-4). Such a payment is charged at the full tariff: no discount applies to it. The
/// credit covers as much of it as is left; the partner's account pays the rest. What is
/// left when the window closes expires: an expiry line dated at the window's end, booked
/// once the ledger reaches that instant.
///
/// The credit is in the program currency, and lines are booked in the program currency.
///
/// ```
/// use commission_rules::rules::{Span, WelcomeCredit};
/// use commission_rules::{Currency, Money};
/// let mh_4 = WelcomeCredit::new(Money::new(500.into(), Currency::EUR), Span::Days(60));
/// let json = serde_json::to_string(&mh_4).unwrap();
/// assert_eq!(json, r#"{"amount":{"amount":"500","currency":"EUR"},"window":{"days":60}}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct WelcomeCredit {
    /// The credit each new partner gets.
    pub amount: Money,
    /// How long after the partner's registration it may be spent: `[registered,
    /// registered + window)`.
    pub window: Span,
}

impl WelcomeCredit {
    /// A credit of `amount`, spent within `window` of the partner's registration.
    ///
    /// ```
    /// use commission_rules::rules::{Span, WelcomeCredit};
    /// use commission_rules::{Currency, Money};
    /// let credit = WelcomeCredit::new(Money::new(100.into(), Currency::EUR), Span::Days(30));
    /// assert_eq!(credit.window, Span::Days(30));
    /// ```
    pub fn new(amount: Money, window: Span) -> Self {
        Self { amount, window }
    }
}
