//! Money: a `Decimal` amount with an ISO 4217 currency, rates as percentages, and the
//! rounding rule a program names explicitly.
//!
//! Limits (checked at the boundary, see [`Money::MAX_AMOUNT`]): amounts up to 10^12 in
//! any currency, never more decimal places than the currency's minor unit on input.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 4217 currency code such as `RUB`, `USD`, `EUR` or `KZT`.
///
/// Any three upper-case letters parse; whether the code is a *known* currency (with a
/// minor unit) is checked when money enters the engine, so an unknown code becomes a
/// typed error naming the event that carried it. Every code of the ISO 4217 list that has
/// a minor unit is known (current currencies, funds such as `CLF`, and recently
/// superseded codes such as `HRK`, so old ledgers still read); codes without one (`XAU`,
/// `XXX`) and codes outside the list are not.
///
/// The value is the three letters themselves: `Copy`, three bytes, compared and hashed
/// as bytes, with no lookup until its minor unit is asked for.
///
/// ```
/// use commission_rules::Currency;
/// let rub = Currency::new("RUB").unwrap();
/// assert_eq!(rub.minor_units(), Some(2));
/// assert_eq!(Currency::new("JPY").unwrap().minor_units(), Some(0));
/// assert_eq!(Currency::new("ARS").unwrap().minor_units(), Some(2));
/// assert_eq!(Currency::new("XQZ").unwrap().minor_units(), None);
/// assert!(Currency::new("rub").is_err());
/// assert_eq!(std::mem::size_of::<Currency>(), 3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

mod iso4217;
#[cfg(feature = "schema")]
pub(crate) mod schema;

impl Currency {
    /// Russian rouble.
    ///
    /// ```
    /// use commission_rules::Currency;
    /// assert_eq!(Currency::RUB, Currency::new("RUB").unwrap());
    /// assert_eq!((Currency::USD.code(), Currency::EUR.code(), Currency::KZT.code()),
    ///     ("USD", "EUR", "KZT"));
    /// ```
    pub const RUB: Currency = Currency(*b"RUB");
    /// US dollar.
    ///
    /// ```
    /// use commission_rules::Currency;
    /// assert_eq!(Currency::USD.code(), "USD");
    /// ```
    pub const USD: Currency = Currency(*b"USD");
    /// Euro.
    ///
    /// ```
    /// use commission_rules::Currency;
    /// assert_eq!(Currency::EUR.code(), "EUR");
    /// ```
    pub const EUR: Currency = Currency(*b"EUR");
    /// Kazakh tenge.
    ///
    /// ```
    /// use commission_rules::Currency;
    /// assert_eq!(Currency::KZT.code(), "KZT");
    /// ```
    pub const KZT: Currency = Currency(*b"KZT");

    /// Parses a code of exactly three upper-case ASCII letters.
    ///
    /// # Errors
    ///
    /// [`InvalidCurrencyCode`] when `code` is not three upper-case ASCII letters. A code of
    /// the right shape that ISO 4217 does not list parses; see [`Currency::minor_units`].
    ///
    /// ```
    /// use commission_rules::Currency;
    /// assert_eq!(Currency::new("KZT").unwrap(), Currency::KZT);
    /// assert!(Currency::new("rub").is_err() && Currency::new("RUBL").is_err());
    /// ```
    pub fn new(code: &str) -> Result<Self, InvalidCurrencyCode> {
        match code.as_bytes() {
            [a, b, c] if [a, b, c].iter().all(|x| x.is_ascii_uppercase()) => Ok(Self([*a, *b, *c])),
            _ => Err(InvalidCurrencyCode(code.to_owned())),
        }
    }

    /// The code as text.
    ///
    /// ```
    /// use commission_rules::Currency;
    /// assert_eq!(Currency::new("AED").unwrap().code(), "AED");
    /// ```
    pub fn code(&self) -> &str {
        // The bytes are ASCII upper-case letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// Decimal places of the currency's minor unit (ISO 4217), or `None` for a code the
    /// list does not have or that has no minor unit.
    ///
    /// ```
    /// use commission_rules::Currency;
    /// let units = |code| Currency::new(code).unwrap().minor_units();
    /// assert_eq!(Currency::RUB.minor_units(), Some(2));
    /// assert_eq!((units("JPY"), units("KWD"), units("CLF")), (Some(0), Some(3), Some(4)));
    /// assert_eq!(units("VND"), Some(0));
    /// assert_eq!(units("XYZ"), None);
    /// assert_eq!(units("XAU"), None); // gold: no minor unit
    /// ```
    #[inline]
    pub fn minor_units(&self) -> Option<u32> {
        // The common codes first, inline: this runs several times for every booked line.
        match &self.0 {
            b"RUB" | b"USD" | b"EUR" | b"KZT" => Some(2),
            code => listed_minor_units(code),
        }
    }
}

/// The minor unit of any other code: a binary search of the sorted ISO table (about 8
/// comparisons of three bytes), kept out of line.
#[inline(never)]
fn listed_minor_units(code: &[u8; 3]) -> Option<u32> {
    iso4217::MINOR_UNITS
        .binary_search_by(|(listed, _)| listed.cmp(code))
        .ok()
        .and_then(|index| iso4217::MINOR_UNITS.get(index))
        .map(|(_, units)| u32::from(*units))
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Currency::new(&code).map_err(serde::de::Error::custom)
    }
}

/// A currency code that is not three upper-case letters.
///
/// ```
/// use commission_rules::Currency;
/// let err = Currency::new("rubles").unwrap_err();
/// assert_eq!(err.to_string(), "\"rubles\" is not an ISO 4217 code (three upper-case letters)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an ISO 4217 code (three upper-case letters)")]
pub struct InvalidCurrencyCode(pub String);

/// An amount of money in one currency.
///
/// Arithmetic across currencies is an error, never a silent conversion.
///
/// ```
/// use commission_rules::{Currency, Money};
/// use rust_decimal::Decimal;
/// let rub = Currency::new("RUB").unwrap();
/// let a = Money::new(Decimal::new(500000, 2), rub); // 5000.00 RUB
/// let b = Money::new(Decimal::new(1, 0), rub);
/// assert_eq!(a.checked_add(b).unwrap().to_string(), "5001.00 RUB");
/// let usd = Money::new(Decimal::ONE, Currency::new("USD").unwrap());
/// assert!(a.checked_add(usd).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// The amount, in major units (roubles, not kopecks).
    #[cfg_attr(feature = "schema", schemars(with = "schema::DecimalFigure"))]
    pub amount: Decimal,
    /// The currency of the amount.
    pub currency: Currency,
}

/// Why two amounts could not be combined.
///
/// ```
/// use commission_rules::{Currency, Money, MoneyError};
/// use rust_decimal::Decimal;
/// let rub = Money::zero(Currency::new("RUB").unwrap());
/// let usd = Money::zero(Currency::new("USD").unwrap());
/// assert!(matches!(rub.checked_add(usd), Err(MoneyError::CurrencyMismatch { .. })));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// The two amounts are in different currencies.
    #[error("cannot combine {left} with {right} without an FX rate")]
    CurrencyMismatch {
        /// Currency of the left operand.
        left: Currency,
        /// Currency of the right operand.
        right: Currency,
    },
    /// The result does not fit a `Decimal`.
    #[error("amount overflow")]
    Overflow,
}

impl Money {
    /// The largest absolute amount the engine accepts on input: 10^12 major units.
    ///
    /// ```
    /// use commission_rules::Money;
    /// assert_eq!(Money::MAX_AMOUNT, rust_decimal::Decimal::from(1_000_000_000_000_i64));
    /// ```
    pub const MAX_AMOUNT: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);

    /// An amount in a currency (not rounded: figures keep their exact value).
    ///
    /// ```
    /// use commission_rules::{Currency, Money};
    /// use rust_decimal::Decimal;
    /// let price = Money::new(Decimal::new(123_456, 2), Currency::RUB);
    /// assert_eq!(price.to_string(), "1234.56 RUB");
    /// ```
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Self { amount, currency }
    }

    /// Zero in a currency, written with the currency's minor unit (`0.00 RUB`).
    ///
    /// ```
    /// use commission_rules::{Currency, Money};
    /// assert_eq!(Money::zero(Currency::RUB).to_string(), "0.00 RUB");
    /// ```
    pub fn zero(currency: Currency) -> Self {
        Self::new(
            Decimal::new(0, currency.minor_units().unwrap_or(0)),
            currency,
        )
    }

    /// Sum of two amounts in the same currency.
    ///
    /// # Errors
    ///
    /// [`MoneyError::CurrencyMismatch`] when the currencies differ (amounts are never
    /// converted silently), [`MoneyError::Overflow`] when the sum does not fit a `Decimal`.
    ///
    /// ```
    /// use commission_rules::{Currency, Money, MoneyError};
    /// use rust_decimal::Decimal;
    /// let rub = Money::new(Decimal::new(150, 2), Currency::RUB);
    /// assert_eq!(rub.checked_add(rub).unwrap(), Money::new(Decimal::new(300, 2), Currency::RUB));
    /// let usd = Money::new(Decimal::ONE, Currency::USD);
    /// assert!(matches!(rub.checked_add(usd), Err(MoneyError::CurrencyMismatch { .. })));
    /// ```
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let amount = self
            .amount
            .checked_add(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// Difference of two amounts in the same currency.
    ///
    /// # Errors
    ///
    /// As [`Money::checked_add`]: [`MoneyError::CurrencyMismatch`] when the currencies
    /// differ, [`MoneyError::Overflow`] when the difference does not fit a `Decimal`.
    ///
    /// ```
    /// use commission_rules::{Currency, Money};
    /// use rust_decimal::Decimal;
    /// let eur = Currency::new("EUR").unwrap();
    /// let left = Money::new(Decimal::from(500), eur).checked_sub(Money::new(Decimal::from(60), eur));
    /// assert_eq!(left.unwrap().amount, Decimal::from(440));
    /// ```
    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.checked_add(Money::new(-other.amount, other.currency))
    }

    /// The amount with the opposite sign.
    ///
    /// ```
    /// use commission_rules::{Currency, Money};
    /// use rust_decimal::Decimal;
    /// let m = Money::new(Decimal::from(7), Currency::new("RUB").unwrap());
    /// assert_eq!(m.negated().amount, Decimal::from(-7));
    /// ```
    pub fn negated(self) -> Money {
        Money::new(-self.amount, self.currency)
    }

    fn same_currency(self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                left: self.currency,
                right: other.currency,
            })
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

/// A rate expressed in percent: `Rate::percent(40)` is 40 %.
///
/// Serialised as the percentage in a string (`"40"`), so a JSON program reads like the
/// vendor's terms.
///
/// ```
/// use commission_rules::Rate;
/// use rust_decimal::Decimal;
/// let r = Rate::percent(Decimal::from(40));
/// assert_eq!(r.of(Decimal::from(5000)), Some(Decimal::from(2000)));
/// assert_eq!(r.to_string(), "40%");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Rate(Decimal);

impl Rate {
    /// A rate of `percent` per cent.
    ///
    /// ```
    /// use commission_rules::Rate;
    /// use rust_decimal::Decimal;
    /// let rate = Rate::percent(Decimal::new(125, 1));
    /// assert_eq!(rate.to_string(), "12.5%");
    /// assert_eq!(rate.as_percent(), Decimal::new(125, 1));
    /// ```
    pub fn percent(percent: Decimal) -> Self {
        Self(percent)
    }

    /// A rate from a whole number of per cent.
    ///
    /// ```
    /// use commission_rules::Rate;
    /// assert_eq!(Rate::whole_percent(20).to_string(), "20%");
    /// ```
    pub fn whole_percent(percent: u32) -> Self {
        Self(Decimal::from(percent))
    }

    /// The rate in per cent.
    ///
    /// ```
    /// use commission_rules::Rate;
    /// use rust_decimal::Decimal;
    /// assert_eq!(Rate::whole_percent(3).as_percent(), Decimal::from(3));
    /// ```
    pub fn as_percent(self) -> Decimal {
        self.0
    }

    /// `amount × rate`, unrounded; `None` on overflow. The result is what
    /// `amount × percent ÷ 100` gives, scale included: the product's scale, or two more
    /// places where the division leaves a remainder (`200.00 × 20%` is `40.00`,
    /// `1.25 × 35%` is `0.4375`, `1.5 × 3%` is `0.045`).
    ///
    /// ```
    /// use commission_rules::Rate;
    /// use rust_decimal::Decimal;
    /// let twenty = Rate::whole_percent(20);
    /// assert_eq!(twenty.of(Decimal::new(20000, 2)).unwrap().to_string(), "40.00");
    /// assert_eq!(twenty.of(Decimal::new(12345, 2)).unwrap().to_string(), "24.69");
    /// let three = Rate::whole_percent(3);
    /// assert_eq!(three.of(Decimal::new(12345, 2)).unwrap().to_string(), "3.7035");
    /// ```
    pub fn of(self, amount: Decimal) -> Option<Decimal> {
        if let Some(small) = self.of_small(amount) {
            return Some(small);
        }
        let product = amount.checked_mul(self.0)?;
        let scale = product.scale() + 2;
        if product.is_zero() || scale > Decimal::MAX_SCALE {
            return product.checked_div(Decimal::ONE_HUNDRED);
        }
        // Dividing by 100 is moving the point two places: done on the mantissa, as a
        // general division costs several times more on the hot path.
        let mantissa = product.mantissa();
        let (mantissa, scale) = match mantissa % 100 {
            0 => (mantissa / 100, scale - 2),
            _ => (mantissa, scale),
        };
        Decimal::try_from_i128_with_scale(mantissa, scale).ok()
    }

    /// [`Self::of`] in 64-bit integer arithmetic, where both mantissas and their product
    /// fit in 64 bits (every booked figure in practice); `None` where it does not apply.
    /// The same value and scale: the product's exact mantissa, the point moved two places.
    #[inline]
    fn of_small(self, amount: Decimal) -> Option<Decimal> {
        let scale = amount.scale() + self.0.scale() + 2;
        if scale > Decimal::MAX_SCALE {
            return None;
        }
        let left = i64::try_from(amount.mantissa()).ok()?;
        let right = i64::try_from(self.0.mantissa()).ok()?;
        let product = left.checked_mul(right).filter(|product| *product != 0)?;
        let (mantissa, scale) = match product % 100 {
            0 => (product / 100, scale - 2),
            _ => (product, scale),
        };
        Some(Decimal::new(mantissa, scale))
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0.normalize())
    }
}

/// How an exact amount is rounded to the currency's minor unit. Programs name it
/// explicitly; the engine rounds once per booked line, as the last step.
///
/// ```
/// use commission_rules::RoundingMode;
/// use rust_decimal::Decimal;
/// let half = Decimal::new(1005, 3); // 1.005
/// assert_eq!(RoundingMode::HalfAwayFromZero.round(half, 2), Decimal::new(101, 2));
/// assert_eq!(RoundingMode::HalfEven.round(half, 2), Decimal::new(100, 2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RoundingMode {
    /// 0.5 goes away from zero (commercial rounding); the default for every built-in program.
    HalfAwayFromZero,
    /// 0.5 goes to the even neighbour (banker's rounding).
    HalfEven,
    /// Always toward zero: the partner never gets the fraction.
    TowardZero,
}

impl RoundingMode {
    /// Rounds `amount` to `decimal_places` with this mode; the result carries exactly that
    /// many decimal places (`2000` becomes `2000.00`).
    ///
    /// ```
    /// use commission_rules::RoundingMode;
    /// use rust_decimal::Decimal;
    /// let half_kopeck = Decimal::new(10_125, 3); // 10.125
    /// assert_eq!(RoundingMode::HalfAwayFromZero.round(half_kopeck, 2).to_string(), "10.13");
    /// assert_eq!(RoundingMode::HalfEven.round(half_kopeck, 2).to_string(), "10.12");
    /// assert_eq!(RoundingMode::TowardZero.round(Decimal::new(10_129, 3), 2).to_string(), "10.12");
    /// assert_eq!(RoundingMode::HalfEven.round(Decimal::from(2000), 2).to_string(), "2000.00");
    /// ```
    pub fn round(self, amount: Decimal, decimal_places: u32) -> Decimal {
        match self.round_small(amount, decimal_places) {
            Some(rounded) => rounded,
            None => self.round_any(amount, decimal_places),
        }
    }

    /// The general rounding, for any mantissa and scale.
    fn round_any(self, amount: Decimal, decimal_places: u32) -> Decimal {
        let strategy = match self {
            RoundingMode::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::TowardZero => RoundingStrategy::ToZero,
        };
        let mut rounded = amount.round_dp_with_strategy(decimal_places, strategy);
        rounded.rescale(decimal_places);
        rounded
    }

    /// The same rounding in 64-bit integer arithmetic, where the mantissa fits in 64 bits
    /// and at most 19 places go (every booked figure in practice): `round_dp_with_strategy`
    /// costs several times more on the hot path. `None` where it does not apply.
    #[inline]
    fn round_small(self, amount: Decimal, decimal_places: u32) -> Option<Decimal> {
        let scale = amount.scale();
        if scale <= decimal_places {
            let mut widened = amount;
            widened.rescale(decimal_places);
            return Some(widened);
        }
        let divisor = 10_u64.checked_pow(scale - decimal_places)?;
        let magnitude = u64::try_from(amount.mantissa().unsigned_abs()).ok()?;
        let (quotient, remainder) = (magnitude / divisor, magnitude % divisor);
        // The divisor is a power of ten of at least 10: its half is exact.
        let half = divisor / 2;
        let up = match self {
            RoundingMode::HalfAwayFromZero => remainder >= half,
            RoundingMode::HalfEven => remainder > half || (remainder == half && quotient % 2 == 1),
            RoundingMode::TowardZero => false,
        };
        let rounded = quotient + u64::from(up);
        let lo = u32::try_from(rounded & u64::from(u32::MAX)).ok()?;
        let mid = u32::try_from(rounded >> 32).ok()?;
        Some(Decimal::from_parts(
            lo,
            mid,
            0,
            amount.is_sign_negative(),
            decimal_places,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The point shift in `Rate::of` gives the division's value and scale.
        #[test]
        fn rate_of_is_the_division_by_a_hundred(
            amount in -10_i64.pow(14)..10_i64.pow(14),
            amount_scale in 0_u32..8,
            percent in -10_000_i64..10_000,
            percent_scale in 0_u32..4,
        ) {
            let amount = Decimal::new(amount, amount_scale);
            let rate = Rate::percent(Decimal::new(percent, percent_scale));
            let divided = amount
                .checked_mul(rate.as_percent())
                .and_then(|product| product.checked_div(Decimal::ONE_HUNDRED));
            let shifted = rate.of(amount);
            prop_assert_eq!(shifted, divided);
            prop_assert_eq!(shifted.map(|d| d.scale()), divided.map(|d| d.scale()));
        }
    }

    #[test]
    fn rate_of_keeps_the_product_scale() {
        let cases = [
            (Decimal::new(20000, 2), 20, "40.00"),
            (Decimal::new(125, 2), 35, "0.4375"),
            (Decimal::new(123450, 2), 20, "246.90"),
            (Decimal::new(15, 1), 3, "0.045"),
            // A product ending in a single zero keeps both added places, as division does.
            (
                Decimal::from(-68_025_939_702_530_i64),
                311,
                "-211560672474868.30",
            ),
        ];
        for (amount, percent, expected) in cases {
            let of = Rate::percent(Decimal::from(percent)).of(amount);
            assert_eq!(of.map(|d| d.to_string()).as_deref(), Some(expected));
        }
    }

    #[test]
    fn max_amount_is_ten_to_the_twelfth() {
        assert_eq!(Money::MAX_AMOUNT, Decimal::from(1_000_000_000_000_i64));
    }

    proptest! {
        /// The 64-bit rounding gives the general rounding's value, scale and sign, for
        /// every mode, at every place count the currencies use.
        #[test]
        fn the_small_rounding_is_the_general_one(
            mantissa in any::<i64>(),
            scale in 0_u32..=28,
            places in 0_u32..=4,
            mode in prop_oneof![
                Just(RoundingMode::HalfAwayFromZero),
                Just(RoundingMode::HalfEven),
                Just(RoundingMode::TowardZero),
            ],
        ) {
            let amount = Decimal::new(mantissa, scale);
            let general = mode.round_any(amount, places);
            let rounded = mode.round(amount, places);
            prop_assert_eq!(rounded, general);
            prop_assert_eq!(rounded.to_string(), general.to_string());
            prop_assert_eq!(rounded.is_sign_negative(), general.is_sign_negative());
        }

        /// Midpoints, where the modes differ, drawn on purpose (random mantissas seldom
        /// end in 5 followed by zeros).
        #[test]
        fn the_small_rounding_is_the_general_one_at_midpoints(
            units in -10_i64.pow(12)..10_i64.pow(12),
            extra in 1_u32..=6,
            mode in prop_oneof![
                Just(RoundingMode::HalfAwayFromZero),
                Just(RoundingMode::HalfEven),
                Just(RoundingMode::TowardZero),
            ],
        ) {
            // units.5 followed by zeros, at 2 + extra places.
            let mantissa = units * 10_i64.pow(extra) + units.signum() * 5 * 10_i64.pow(extra - 1);
            let amount = Decimal::new(mantissa, 2 + extra);
            prop_assert_eq!(mode.round(amount, 2).to_string(), mode.round_any(amount, 2).to_string());
        }
    }

    #[test]
    fn rounding_modes_differ_only_at_midpoints() {
        let neg = Decimal::new(-25, 1); // -2.5
        assert_eq!(
            RoundingMode::HalfAwayFromZero.round(neg, 0),
            Decimal::from(-3)
        );
        assert_eq!(RoundingMode::HalfEven.round(neg, 0), Decimal::from(-2));
        assert_eq!(
            RoundingMode::TowardZero.round(Decimal::new(29, 1), 0),
            Decimal::from(2)
        );
    }
}
