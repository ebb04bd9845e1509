//! Structure-aware: the input is read as a sequence of small records, each decoded into
//! a well-formed event of any kind the vocabulary has (registrations, attachments,
//! transfers, payments with list prices and paid periods, refunds in pieces,
//! cancellations, FX rates published directly and inversely, top-ups, withdrawals, SPIFs,
//! adjustments, purchases, status grants, recruitments, checkpoints), at instants that run forwards and
//! backwards and sometimes jump to or past the supported years (1900–2199) up to chrono's
//! extremes. Each ledger is evaluated under every built-in program, the data-only
//! `programs/example-saas.json` and that program with multi-level overrides (partners
//! recruited, re-parented, in cycles refused), in lenient mode: rejections, never panics.
#![no_main]

use chrono::{DateTime, TimeZone, Utc};
use commission_rules::{
    AttachBasis, ClientId, Currency, Engine, Event, EventId, EventKind, Ledger, LegalForm, Mode,
    Money, OutcomeDetail, Payer, Payment, PaymentKind, Period, RuleSet, SpecialistKind,
    TopUpMethod, evaluation_order, programs,
};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use std::sync::LazyLock;

/// The programs every ledger is evaluated under, built once.
static PROGRAMS: LazyLock<Vec<RuleSet>> = LazyLock::new(|| {
    vec![
        programs::wazzup(),
        programs::message_help(),
        programs::leadsender(),
        programs::smart_soft(),
        programs::radist(),
        RuleSet::from_json(include_str!("../../programs/example-saas.json"))
            .expect("programs/example-saas.json is a valid program"),
        multi_level(),
    ]
});

/// `programs/example-saas.json` with overrides for the referrer's parent (5 %, for 12
/// months from the client's registration) and grandparent (2 %): the upline lines of
/// recruited partners, clawed back and paid out like the rest.
fn multi_level() -> RuleSet {
    let mut program = RuleSet::from_json(include_str!("../../programs/example-saas.json"))
        .expect("programs/example-saas.json is a valid program");
    let overrides = serde_json::json!([
        { "id": "override-1", "clause": "ML-1", "rule": "reward",
          "payments": { "paid_by": "client" }, "beneficiary": { "upline": 1 },
          "rate": { "schedule": "flat", "rate_percent": "5" },
          "window": { "from": "client_registered", "length": { "months": 12 } },
          "form": "accrual" },
        { "id": "override-2", "clause": "ML-2", "rule": "reward",
          "payments": { "paid_by": "client" }, "beneficiary": { "upline": 2 },
          "rate": { "schedule": "flat", "rate_percent": "2" }, "form": "accrual" }
    ]);
    let overrides: Vec<commission_rules::rules::Rule> =
        serde_json::from_value(overrides).expect("the override rules are well-formed");
    program.versions[0].rules.extend(overrides);
    program
        .validate()
        .expect("the multi-level program is valid");
    program
}

/// Program currencies (RUB, EUR) and others a partner account or a payment may be in; all
/// with known minor units (JPY 0, BHD 3), so every booked line's currency must have them.
const CURRENCIES: [Currency; 4] = [Currency::RUB, Currency::USD, Currency::EUR, Currency::KZT];

const LEGAL_FORMS: [LegalForm; 4] = [
    LegalForm::LegalEntity,
    LegalForm::SoleProprietor,
    LegalForm::SelfEmployed,
    LegalForm::Individual,
];

fn currency(byte: u8) -> Currency {
    match byte % 16 {
        14 => Currency::new("JPY").unwrap_or(Currency::USD),
        15 => Currency::new("BHD").unwrap_or(Currency::USD),
        n => CURRENCIES[usize::from(n) % 4],
    }
}

/// The bytes of one input, read front to back; zeros once they run out.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn u8(&mut self) -> u8 {
        match self.0.split_first() {
            Some((first, rest)) => {
                self.0 = rest;
                *first
            }
            None => 0,
        }
    }

    fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }

    fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }

    fn flag(&mut self) -> bool {
        self.u8() % 2 == 1
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// An instant at or just past the supported range, or one of chrono's extremes.
fn edge_instant(byte: u8) -> DateTime<Utc> {
    let at = |y, mo, d, h, mi, s| Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single();
    match byte % 10 {
        0 => at(1899, 12, 31, 23, 59, 59),
        1 => at(1900, 1, 1, 0, 0, 0),
        2 => at(2199, 12, 31, 23, 59, 59),
        3 => at(2200, 1, 1, 0, 0, 0),
        4 => at(2199, 12, 1, 0, 0, 0),
        5 => at(262_142, 12, 31, 23, 59, 59),
        6 => at(-262_143, 1, 1, 0, 0, 0),
        7 => Some(DateTime::<Utc>::MAX_UTC),
        8 => Some(DateTime::<Utc>::MIN_UTC),
        _ => at(9999, 12, 31, 23, 59, 59),
    }
    .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// An amount: small and ordinary mostly, sometimes zero, negative, sub-minor-unit or at
/// the edges of `Decimal`.
fn decimal(bytes: &mut Bytes<'_>) -> Decimal {
    let shape = bytes.u8();
    let units = bytes.u16();
    match shape % 16 {
        0 => Decimal::ZERO,
        1 => -Decimal::new(i64::from(units) + 1, 2),
        2 => Decimal::new(i64::from(units) + 1, 5),
        3 => Decimal::MAX,
        4 => Decimal::MIN,
        5 => Decimal::new(i64::from(bytes.u32()) * 1_000_003, 0),
        6 => Decimal::new(1, 28),
        n => Decimal::new(i64::from(units) + 1, u32::from(n % 3)),
    }
}

/// What the decoder remembers of the ledger so far, to refer back to it.
struct Context {
    /// The clock: each record moves it (mostly forwards).
    clock: DateTime<Utc>,
    /// Payment event ids with their amounts, for refunds and cancellations.
    payments: Vec<(EventId, Money)>,
}

fn event(index: usize, bytes: &mut Bytes<'_>, context: &mut Context) -> Event {
    // Time: a step forwards or backwards, or a jump to the edges.
    let step = bytes.u8();
    context.clock = match step {
        0..=199 => context
            .clock
            .checked_add_signed(chrono::TimeDelta::hours(i64::from(step % 50) * 7))
            .unwrap_or(context.clock),
        200..=219 => context
            .clock
            .checked_add_signed(chrono::TimeDelta::days(i64::from(step - 199) * 30))
            .unwrap_or(context.clock),
        220..=234 => context
            .clock
            .checked_sub_signed(chrono::TimeDelta::hours(i64::from(step - 219) * 11))
            .unwrap_or(context.clock),
        235..=239 => context.clock,
        _ => edge_instant(step),
    };
    let at = context.clock;
    let op = bytes.u8();
    let partner = |byte: u8| format!("p{}", byte % 4).as_str().into();
    let client = |byte: u8| ClientId::new(format!("c{}", byte % 8));
    let kind = match op % 24 {
        0 | 1 => EventKind::PartnerRegistered {
            partner: partner(bytes.u8()),
            legal_form: LEGAL_FORMS[usize::from(bytes.u8() % 4)],
            currency: currency(bytes.u8()),
        },
        2 => match bytes.u8() % 4 {
            0 | 1 => EventKind::ContractSigned {
                partner: partner(bytes.u8()),
            },
            2 => EventKind::ContractEnded {
                partner: partner(bytes.u8()),
            },
            _ => EventKind::LegalFormChanged {
                partner: partner(bytes.u8()),
                legal_form: LEGAL_FORMS[usize::from(bytes.u8() % 4)],
            },
        },
        3 => EventKind::StatusGranted {
            partner: partner(bytes.u8()),
            status: ["authorized", "certified", "privileged", "gold"][usize::from(bytes.u8() % 4)]
                .into(),
        },
        4 => EventKind::SpecialistCertified {
            partner: partner(bytes.u8()),
            specialist: if bytes.flag() {
                SpecialistKind::Technical
            } else {
                SpecialistKind::Sales
            },
        },
        5 => match bytes.u8() % 3 {
            0 | 1 => EventKind::AccountsLinked {
                partner: partner(bytes.u8()),
                other: partner(bytes.u8()),
            },
            // Recruitments re-parent, repeat the parent in force and close cycles.
            _ => EventKind::PartnerRecruited {
                partner: partner(bytes.u8()),
                parent: partner(bytes.u8()),
            },
        },
        6 | 7 => {
            let who = bytes.u8();
            let flags = bytes.u8();
            EventKind::ClientRegistered {
                client: client(who),
                referrer: (flags & 1 == 0).then(|| partner(who >> 3)),
                promo_code: (flags & 2 == 0).then(|| format!("P{}", (who >> 3) % 4)),
                integration: [
                    None,
                    Some("kommo"),
                    Some("amocrm"),
                    Some("bitrix24"),
                    Some("altegio"),
                    Some("message-help-crm"),
                    Some("other"),
                    None,
                ][usize::from((flags >> 2) % 8)]
                .map(str::to_owned),
                via_partner_cabinet: flags & 32 != 0,
            }
        }
        8 => EventKind::ClientAttached {
            client: client(bytes.u8()),
            partner: partner(bytes.u8()),
            basis: [
                AttachBasis::BeforeInstall,
                AttachBasis::ClientRequest,
                AttachBasis::Evidence,
                AttachBasis::Support,
            ][usize::from(bytes.u8() % 4)],
            refused: bytes.u8() % 3 == 0,
        },
        9 => EventKind::ClientTransferred {
            client: client(bytes.u8()),
            to: partner(bytes.u8()),
            consent: bytes.flag(),
        },
        10 => EventKind::ClientReleased {
            client: client(bytes.u8()),
        },
        11 => EventKind::AttributionCorrected {
            client: client(bytes.u8()),
            partner: partner(bytes.u8()),
        },
        12..=15 => {
            let who = bytes.u8();
            let shape = bytes.u8();
            let kind = match shape % 6 {
                0 | 1 => PaymentKind::Subscription,
                2 => PaymentKind::BalanceTopUp,
                3 => PaymentKind::License {
                    product_line: ["ti", "ting", "depo-ti", "TI"][usize::from(who % 4)].to_owned(),
                },
                4 => PaymentKind::Renewal {
                    product_line: ["ti", "ting", "depo-ti", "TI"][usize::from(who % 4)].to_owned(),
                },
                _ => PaymentKind::Subscription,
            };
            let money = Money::new(decimal(bytes), currency(bytes.u8()));
            let mut payment = Payment::by_client(client(who), kind, money);
            if shape & 8 != 0 {
                payment.paid_by = Payer::Partner(partner(who >> 3));
            }
            // List price: none, above, below, equal, or in another currency.
            let list = bytes.u8();
            payment.list_price = match list % 6 {
                0 | 1 => None,
                2 => Some(Money::new(
                    money.amount.saturating_mul(Decimal::TWO),
                    money.currency,
                )),
                3 => Some(Money::new(
                    money.amount / Decimal::new(i64::from(list >> 3) + 2, 0),
                    money.currency,
                )),
                4 => Some(money),
                _ => Some(Money::new(money.amount, currency(list >> 3))),
            };
            // Paid period: none, ordinary, inverted, empty, or ending far past 2199.
            let period = bytes.u8();
            let months = i64::from(period >> 4) + 1;
            let later = at
                .checked_add_signed(chrono::TimeDelta::days(30 * months))
                .unwrap_or(at);
            payment.period = match period % 8 {
                0 | 1 => None,
                2 | 3 => Some(Period {
                    from: at,
                    to: later,
                }),
                4 => Some(Period {
                    from: later,
                    to: at,
                }),
                5 => Some(Period { from: at, to: at }),
                6 => Some(Period {
                    from: at,
                    to: edge_instant(period >> 3),
                }),
                _ => Some(Period {
                    from: edge_instant(period >> 3),
                    to: later,
                }),
            };
            context
                .payments
                .push((format!("e{index}").as_str().into(), money));
            EventKind::Payment(payment)
        }
        16 | 17 => {
            // A refund of an earlier payment, usually a small piece of it.
            let pick = bytes.u8();
            let share = bytes.u8();
            match context
                .payments
                .get(usize::from(pick) % context.payments.len().max(1))
            {
                Some((payment, money)) if pick != 255 => EventKind::Refund {
                    payment: payment.clone(),
                    amount: match share % 8 {
                        0 => *money,
                        1 => Money::new(decimal(bytes), money.currency),
                        2 => Money::new(money.amount, currency(share >> 3)),
                        _ => Money::new(
                            money.amount / Decimal::new(i64::from(share >> 3) + 2, 0),
                            money.currency,
                        ),
                    },
                },
                _ => EventKind::Refund {
                    payment: "nowhere".into(),
                    amount: Money::new(decimal(bytes), currency(share)),
                },
            }
        }
        18 => {
            let pick = bytes.u8();
            EventKind::SubscriptionCancelled {
                payment: context
                    .payments
                    .get(usize::from(pick) % context.payments.len().max(1))
                    .map_or_else(|| "nowhere".into(), |(id, _)| id.clone()),
            }
        }
        19 => {
            // A rate published directly (1 base = rate quote) or inversely.
            let base = currency(bytes.u8());
            let quote = currency(bytes.u8());
            let shape = bytes.u8();
            let rate = match shape % 8 {
                0 => decimal(bytes),
                1 => Decimal::ONE / Decimal::new(i64::from(bytes.u16()) + 1, 2),
                _ => Decimal::new(i64::from(bytes.u16()) + 1, 2),
            };
            if shape & 8 == 0 {
                EventKind::FxRate { base, quote, rate }
            } else {
                EventKind::FxRate {
                    base: quote,
                    quote: base,
                    rate: Decimal::ONE.checked_div(rate).unwrap_or(Decimal::ZERO),
                }
            }
        }
        20 => EventKind::PartnerTopUp {
            partner: partner(bytes.u8()),
            amount: Money::new(decimal(bytes), currency(bytes.u8())),
            method: if bytes.flag() {
                TopUpMethod::Card
            } else {
                TopUpMethod::Invoice
            },
        },
        21 => EventKind::WithdrawalRequested {
            partner: partner(bytes.u8()),
            amount: Money::new(decimal(bytes), currency(bytes.u8())),
        },
        22 => match bytes.u8() % 4 {
            0 => EventKind::SpifAwarded {
                partner: partner(bytes.u8()),
                amount: Money::new(decimal(bytes), currency(bytes.u8())),
            },
            1 => EventKind::ManualAdjustment {
                partner: partner(bytes.u8()),
                amount: Money::new(decimal(bytes), currency(bytes.u8())),
                reason: "dispute".to_owned(),
            },
            _ => EventKind::InternalPurchase {
                partner: partner(bytes.u8()),
                product_line: ["ti", "ting", "depo-ti"][usize::from(bytes.u8() % 3)].to_owned(),
                seats: u32::from(bytes.u8()),
                list_price: Money::new(decimal(bytes), currency(bytes.u8())),
            },
        },
        _ => EventKind::Checkpoint,
    };
    // Now and then an id used before: a duplicate to be rejected.
    let id = if op >= 250 && index > 0 {
        format!("e{}", index - 1)
    } else {
        format!("e{index}")
    };
    Event::new(id, at, kind)
}

fuzz_target!(|input: &[u8]| {
    let mut bytes = Bytes(input);
    let detail = if bytes.flag() {
        OutcomeDetail::Statements
    } else {
        OutcomeDetail::Full
    };
    let mut context = Context {
        clock: Utc
            .with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or(DateTime::<Utc>::UNIX_EPOCH),
        payments: Vec::new(),
    };
    let mut ledger = Ledger::new();
    while !bytes.is_empty() && ledger.len() < 512 {
        ledger.push(event(ledger.len(), &mut bytes, &mut context));
    }
    for program in PROGRAMS.iter() {
        let Ok(mut engine) = Engine::with_detail(program, Mode::Lenient, detail) else {
            continue;
        };
        for event in evaluation_order(program, &ledger) {
            // Lenient: a bad event becomes a rejection in the outcome.
            let _ = engine.apply(event);
        }
        if let Ok(outcome) = engine.outcome() {
            for line in &outcome.lines {
                assert!(
                    line.amount.currency.minor_units().is_some(),
                    "a line in a currency of unknown minor units"
                );
            }
        }
    }
});
