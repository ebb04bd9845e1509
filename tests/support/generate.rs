//! A generator of realistic random ledgers that exercises every built-in program:
//! partners of every legal form and several currencies, clients registering by promo
//! code, cabinet or on their own, attachments and transfers (with and without consent),
//! payments of every kind by clients and partners in several currencies with FX events,
//! top-ups, cancellations, withdrawals, status grants, specialists, own-use purchases,
//! links and checkpoints, over several years. Events a program does not know are
//! rejected in lenient mode, which the invariants also cover.

use super::Book;
use chrono::Duration;
use commission_rules::{
    AttachBasis, ClientId, Currency, EventKind, Instant, Ledger, LegalForm, Money, Payer, Payment,
    PaymentKind, Period, SpecialistKind, TopUpMethod,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

const PARTNERS: usize = 4;
const CLIENTS: usize = 8;
const CURRENCIES: [Currency; 4] = [Currency::RUB, Currency::USD, Currency::EUR, Currency::KZT];
const LEGAL_FORMS: [LegalForm; 4] = [
    LegalForm::LegalEntity,
    LegalForm::SoleProprietor,
    LegalForm::SelfEmployed,
    LegalForm::Individual,
];
const STATUSES: [&str; 4] = ["authorized", "certified", "privileged", "referral-only"];
const INTEGRATIONS: [&str; 4] = ["amocrm", "kommo", "altegio", "pipedrive"];
const BASES: [AttachBasis; 4] = [
    AttachBasis::BeforeInstall,
    AttachBasis::ClientRequest,
    AttachBasis::Evidence,
    AttachBasis::Support,
];

/// One random step of a ledger.
#[derive(Debug, Clone)]
pub enum Step {
    /// A payment: client, paid by its registering partner (or else the client), kind
    /// index, currency index, minor units, list price above the amount by this many
    /// percent, with a paid month or not.
    Pay(usize, bool, usize, usize, i64, u8, bool),
    Attach(usize, usize, usize, bool),
    Transfer(usize, usize, bool),
    Release(usize),
    Correct(usize, usize),
    Rate(usize, usize, i64),
    TopUp(usize, i64, bool),
    Withdraw(usize, i64),
    Cancel(usize),
    Refund(usize, i64),
    Status(usize, usize),
    Contract(usize),
    Specialist(usize, bool),
    Internal(usize, u32, i64),
    Link(usize, usize),
    Spif(usize, i64),
    Adjust(usize, i64),
    Checkpoint,
}

fn step() -> impl Strategy<Value = Step> {
    let p = 0..PARTNERS;
    let c = 0..CLIENTS;
    prop_oneof![
        12 => (c.clone(), any::<bool>(), 0..5usize, currency(), 1..2_000_000i64, 0..50u8, any::<bool>())
            .prop_map(|(c, by, k, cur, minor, up, period)| Step::Pay(c, by, k, cur, minor, up, period)),
        3 => (c.clone(), p.clone(), 0..4usize, any::<bool>()).prop_map(|(c, p, b, r)| Step::Attach(c, p, b, r)),
        1 => (c.clone(), p.clone(), any::<bool>()).prop_map(|(c, p, yes)| Step::Transfer(c, p, yes)),
        1 => c.clone().prop_map(Step::Release),
        1 => (c.clone(), p.clone()).prop_map(|(c, p)| Step::Correct(c, p)),
        2 => (0..4usize, 0..4usize, 1..20_000i64).prop_map(|(a, b, r)| Step::Rate(a, b, r)),
        3 => (p.clone(), 1..5_000_000i64, any::<bool>()).prop_map(|(p, m, card)| Step::TopUp(p, m, card)),
        1 => (p.clone(), 1..1_000_000i64).prop_map(|(p, m)| Step::Withdraw(p, m)),
        1 => (0..40usize).prop_map(Step::Cancel),
        1 => (0..40usize, 1..1_000_000i64).prop_map(|(n, m)| Step::Refund(n, m)),
        1 => (p.clone(), 0..4usize).prop_map(|(p, s)| Step::Status(p, s)),
        1 => p.clone().prop_map(Step::Contract),
        1 => (p.clone(), any::<bool>()).prop_map(|(p, t)| Step::Specialist(p, t)),
        1 => (p.clone(), 1..80u32, 1..10_000_000i64).prop_map(|(p, s, m)| Step::Internal(p, s, m)),
        1 => (p.clone(), p.clone()).prop_map(|(a, b)| Step::Link(a, b)),
        1 => (p.clone(), 1..1_000_000i64).prop_map(|(p, m)| Step::Spif(p, m)),
        1 => (p.clone(), 1..1_000_000i64).prop_map(|(p, m)| Step::Adjust(p, m)),
        1 => Just(Step::Checkpoint),
    ]
}

/// Mostly the first currency, sometimes another.
fn currency() -> impl Strategy<Value = usize> {
    prop_oneof![5 => Just(0usize), 1 => Just(1usize), 1 => Just(2usize), 1 => Just(3usize)]
}

/// What the steps need to know of the ledger's start.
struct World {
    partner_currency: Vec<Currency>,
    registrar: Vec<Option<usize>>,
}

fn kind(index: usize) -> PaymentKind {
    match index {
        0 => PaymentKind::Subscription,
        1 => PaymentKind::BalanceTopUp,
        2 => PaymentKind::License {
            product_line: "ti".into(),
        },
        3 => PaymentKind::License {
            product_line: "ting".into(),
        },
        _ => PaymentKind::Renewal {
            product_line: "ti".into(),
        },
    }
}

fn money(minor: i64, currency: Currency) -> Money {
    Money::new(Decimal::new(minor, 2), currency)
}

/// A client's registration: by promo code, through a cabinet, or on its own.
fn registration(client: usize, how: u8) -> EventKind {
    let partner = format!("p{}", usize::from(how) % PARTNERS);
    EventKind::ClientRegistered {
        client: ClientId::new(format!("c{client}")),
        referrer: (how < 8).then(|| partner.as_str().into()),
        promo_code: (how < 4).then(|| format!("PROMO-{partner}")),
        integration: Some(INTEGRATIONS[client % INTEGRATIONS.len()].to_owned()),
        via_partner_cabinet: (4..8).contains(&how),
    }
}

/// A ledger of 4 partners, 8 clients and up to 60 random steps at distinct instants from
/// 2019 over several years.
pub fn ledger() -> impl Strategy<Value = Ledger> {
    let partners = prop::collection::vec((0..4usize, currency()), PARTNERS);
    let clients = prop::collection::vec(0..12u8, CLIENTS);
    let steps = prop::collection::vec((step(), 1..2_000i64), 1..60);
    (partners, clients, steps).prop_map(|(partners, clients, steps)| {
        let mut book = Book::new();
        let mut at = super::msk(2019, 12, 1, 10, 0);
        let mut tick = |hours: i64| {
            at += Duration::hours(hours);
            at
        };
        for (n, (form, currency)) in partners.iter().enumerate() {
            book.partner_with(
                &format!("p{n}"),
                tick(1),
                LEGAL_FORMS[*form],
                CURRENCIES[*currency],
            );
        }
        // Published rates for every pair from the start (RUB per unit, and crosses).
        let rates = [
            (1, 0, 9000),
            (2, 0, 10000),
            (3, 0, 20),
            (2, 1, 110),
            (1, 3, 45000),
            (2, 3, 50000),
        ];
        for (n, (base, quote, rate)) in rates.into_iter().enumerate() {
            let kind = EventKind::FxRate {
                base: CURRENCIES[base],
                quote: CURRENCIES[quote],
                rate: Decimal::new(rate, 2),
            };
            book.push(&format!("rate-{n}"), tick(1), kind);
        }
        for (n, how) in clients.iter().enumerate() {
            book.push(&format!("c{n}-registers"), tick(1), registration(n, *how));
        }
        let world = World {
            partner_currency: partners.iter().map(|(_, c)| CURRENCIES[*c]).collect(),
            registrar: clients
                .iter()
                .map(|how| (*how < 8).then_some(usize::from(*how) % PARTNERS))
                .collect(),
        };
        for (index, (step, gap)) in steps.into_iter().enumerate() {
            let at = tick(gap);
            push_step(&mut book, &world, &format!("e{index}"), at, step);
        }
        book.ledger()
    })
}

fn push_step(book: &mut Book, world: &World, id: &str, at: Instant, step: Step) {
    let own = |p: usize, minor| money(minor, world.partner_currency[p]);
    let partner = |n: usize| format!("p{n}").as_str().into();
    let client = |n: usize| ClientId::new(format!("c{n}"));
    let kind = match step {
        Step::Pay(c, by, k, cur, minor, up, period) => {
            let amount = money(minor, CURRENCIES[cur]);
            let mut payment = Payment::by_client(client(c), kind(k), amount);
            payment.paid_by = match (by, world.registrar[c]) {
                (true, Some(p)) => Payer::Partner(partner(p)),
                _ => Payer::Client,
            };
            if up > 0 {
                let list = minor.saturating_add(minor * i64::from(up) / 100);
                payment.list_price = Some(money(list, CURRENCIES[cur]));
            }
            if period {
                payment.period = Some(Period {
                    from: at,
                    to: at + Duration::days(30),
                });
            }
            EventKind::Payment(payment)
        }
        Step::Attach(c, p, basis, refused) => EventKind::ClientAttached {
            client: client(c),
            partner: partner(p),
            basis: BASES[basis],
            refused,
        },
        Step::Transfer(c, p, consent) => EventKind::ClientTransferred {
            client: client(c),
            to: partner(p),
            consent,
        },
        Step::Release(c) => EventKind::ClientReleased { client: client(c) },
        Step::Correct(c, p) => EventKind::AttributionCorrected {
            client: client(c),
            partner: partner(p),
        },
        Step::Rate(base, quote, rate) => EventKind::FxRate {
            base: CURRENCIES[base],
            quote: CURRENCIES[quote],
            rate: Decimal::new(rate, 2),
        },
        Step::TopUp(p, minor, card) => EventKind::PartnerTopUp {
            partner: partner(p),
            amount: own(p, minor),
            method: if card {
                TopUpMethod::Card
            } else {
                TopUpMethod::Invoice
            },
        },
        Step::Withdraw(p, minor) => EventKind::WithdrawalRequested {
            partner: partner(p),
            amount: own(p, minor),
        },
        Step::Cancel(n) => EventKind::SubscriptionCancelled {
            payment: format!("e{n}").into(),
        },
        Step::Refund(n, minor) => EventKind::Refund {
            payment: format!("e{n}").into(),
            amount: money(minor, Currency::RUB),
        },
        Step::Status(p, s) => EventKind::StatusGranted {
            partner: partner(p),
            status: STATUSES[s].into(),
        },
        Step::Contract(p) => EventKind::ContractSigned {
            partner: partner(p),
        },
        Step::Specialist(p, technical) => EventKind::SpecialistCertified {
            partner: partner(p),
            specialist: if technical {
                SpecialistKind::Technical
            } else {
                SpecialistKind::Sales
            },
        },
        Step::Internal(p, seats, minor) => EventKind::InternalPurchase {
            partner: partner(p),
            product_line: "ti".into(),
            seats,
            list_price: own(p, minor),
        },
        Step::Link(a, b) => EventKind::AccountsLinked {
            partner: partner(a),
            other: partner(b),
        },
        Step::Spif(p, minor) => EventKind::SpifAwarded {
            partner: partner(p),
            amount: own(p, minor),
        },
        Step::Adjust(p, minor) => EventKind::ManualAdjustment {
            partner: partner(p),
            amount: own(p, minor),
            reason: "goodwill".into(),
        },
        Step::Checkpoint => EventKind::Checkpoint,
    };
    book.push(id, at, kind);
}
