//! A generator of realistic random ledgers that exercises every built-in program:
//! partners of every legal form and several currencies, clients registering by promo
//! code, cabinet or on their own, attachments and transfers (with and without consent),
//! payments of every kind by clients and partners in several currencies with FX events,
//! top-ups, cancellations, withdrawals, status grants, specialists, own-use purchases,
//! links and checkpoints, over several years. Partners, clients and payments carry
//! attributes (level; country and segment; plan and coupon) and each partner has its promo
//! code assigned; p1 and p3 are recruited by p0 and p2 (two-tier), for the programs that
//! test them. Events a program does not know are
//! rejected in lenient mode, which the invariants also cover.
//!
//! [`ledger_for`] draws the same ledgers with only the names a program declares
//! (statuses, product lines, integrations, attribute keys): a generated name the program
//! does not declare becomes one it does (the same draw picks it), and where it declares
//! none of a kind, a licence or renewal is a subscription, a status grant or own-use
//! purchase a checkpoint, an integration absent, an attribute left out. [`ledger`] draws
//! them with every name it knows.
//!
//! On top of those steps, a few [`Edge`] scenarios at the edges of money safety: refunds
//! in many small pieces (0.01 steps, random splits of the full amount, one cent too many),
//! a refund followed by a cancellation, partner-paid payments with a list price above and
//! below the amount paid, a rate published directly and inversely at different times,
//! partners in a currency other than the program's receiving bonuses, paid periods
//! inverted or past the supported years, and events that pass their first checks and
//! fail a later one. They are drawn after the steps, so a seed gives the same steps as
//! before they existed, with the scenarios' events added.

use super::Book;
use chrono::Duration;
use commission_rules::ledger::Attributes;
use commission_rules::rules::{DeclaredNames, NameKind};
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
const PRODUCT_LINES: [&str; 2] = ["ti", "ting"];
/// Attribute values the data-only programs test (a fifth of payments has no plan).
const PLANS: [&str; 4] = ["starter", "pro", "business", "nonprofit"];
const COUNTRIES: [&str; 4] = ["US", "DE", "CA", "FR"];
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
    /// A contract signed (0), ended (1), or a legal form changed (2…5: to that form).
    Contract(usize, u8),
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
        2 => (p.clone(), 0..6u8).prop_map(|(p, k)| Step::Contract(p, k)),
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
    names: DeclaredNames,
}

/// Every name the generator knows, declared: [`ledger`] draws with all of them.
fn every_name() -> DeclaredNames {
    let texts = |names: &[&str]| names.iter().map(|name| (*name).to_owned()).collect();
    let mut names = DeclaredNames::default();
    names.statuses = STATUSES.iter().map(|status| (*status).into()).collect();
    names.product_lines = texts(&PRODUCT_LINES);
    names.integrations = texts(&INTEGRATIONS);
    names.attributes.partner = texts(&["level", "type"]);
    names.attributes.client = texts(&["country", "segment"]);
    names.attributes.payment = texts(&["plan", "coupon"]);
    names
}

/// The `index`th declared name of a kind (counting round), if the program declares any.
fn pick(names: &DeclaredNames, kind: NameKind, index: usize) -> Option<String> {
    let declared: Vec<&str> = names.of(kind).collect();
    let count = declared.len();
    (count > 0).then(|| declared[index % count].to_owned())
}

/// Only the attributes whose keys the program declares for the subject.
fn declared_only(names: &DeclaredNames, kind: NameKind, attributes: Attributes) -> Attributes {
    attributes
        .iter()
        .filter(|(key, _)| names.declares(kind, key))
        .collect()
}

/// A payment's kind: a licence or renewal of a declared product line (`ti` the first,
/// `ting` the second), a subscription where the program declares none.
fn kind(index: usize, names: &DeclaredNames) -> PaymentKind {
    let line = |which| pick(names, NameKind::ProductLine, which);
    match (index, line(index.saturating_sub(2) % 2)) {
        (0, _) | (2.., None) => PaymentKind::Subscription,
        (1, _) => PaymentKind::BalanceTopUp,
        (2 | 3, Some(product_line)) => PaymentKind::License { product_line },
        (_, Some(product_line)) => PaymentKind::Renewal { product_line },
    }
}

fn money(minor: i64, currency: Currency) -> Money {
    Money::new(Decimal::new(minor, 2), currency)
}

/// The last event pushed, carrying `attributes`.
fn with_attributes(book: &mut Book, attributes: Attributes) {
    if let Some(event) = book.events.pop() {
        book.events.push(event.with_attributes(attributes));
    }
}

/// A payment's plan and coupon, derived from its amount (so a seed draws what it drew
/// before attributes existed): some payments carry neither.
fn payment_attributes(payment: &Payment) -> Attributes {
    let cents = payment.amount.amount.mantissa().unsigned_abs();
    let mut attributes = Attributes::new();
    if let Some(plan) = PLANS.get(usize::try_from(cents % 5).unwrap_or(0)) {
        attributes.insert("plan", *plan);
    }
    if cents % 7 == 0 {
        attributes.insert("coupon", "SPRING");
    }
    attributes
}

/// A client's country and segment, derived from its number: some clients carry none.
fn client_attributes(client: usize) -> Attributes {
    match COUNTRIES.get(client % (COUNTRIES.len() + 1)) {
        Some(country) => Attributes::from_iter([("country", *country), ("segment", "smb")]),
        None => Attributes::new(),
    }
}

/// A client's registration: by promo code, through a cabinet, or on its own.
fn registration(client: usize, how: u8, names: &DeclaredNames) -> EventKind {
    let partner = format!("p{}", usize::from(how) % PARTNERS);
    EventKind::ClientRegistered {
        client: ClientId::new(format!("c{client}")),
        referrer: (how < 8).then(|| partner.as_str().into()),
        promo_code: (how < 4).then(|| format!("PROMO-{partner}")),
        integration: pick(names, NameKind::Integration, client),
        via_partner_cabinet: (4..8).contains(&how),
    }
}

/// A ledger of 4 partners, 8 clients, up to 60 random steps and up to 5 edge scenarios at
/// distinct instants from 2019 over several years, with every name the generator knows.
pub fn ledger() -> impl Strategy<Value = Ledger> {
    ledger_for(every_name())
}

/// The ledgers of [`ledger`] with only the names `names` declares (a program's
/// [`RuleSet::names`](commission_rules::RuleSet::names)).
pub fn ledger_for(names: DeclaredNames) -> impl Strategy<Value = Ledger> {
    let partners = prop::collection::vec((0..4usize, currency()), PARTNERS);
    let clients = prop::collection::vec(0..12u8, CLIENTS);
    let steps = prop::collection::vec((step(), 1..2_000i64), 1..60);
    // Drawn last: the steps a seed gives are the ones it gave before edges existed.
    let edges = prop::collection::vec((edge(), any::<prop::sample::Index>()), 0..5);
    (partners, clients, steps, edges).prop_map(move |(partners, clients, steps, edges)| {
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
            // The parents (p0, p2) are agencies, as two-tier programs ask of an upline.
            let (level, kind) = if n % 2 == 0 {
                ("gold", "agency")
            } else {
                ("silver", "freelancer")
            };
            let attributes = Attributes::from_iter([("level", level), ("type", kind)]);
            let attributes = declared_only(&names, NameKind::PartnerAttribute, attributes);
            with_attributes(&mut book, attributes);
            // Each partner's code (the one its promo-code clients register with).
            let code = EventKind::PromoCodeAssigned {
                partner: format!("p{n}").as_str().into(),
                code: format!("PROMO-p{n}"),
            };
            book.push(&format!("p{n}-code"), tick(1), code);
        }
        // Two-tier: p1 recruited by p0, p3 by p2 (the upline rules' parents).
        for (sub, parent) in [(1, 0), (3, 2)] {
            let kind = EventKind::PartnerRecruited {
                partner: format!("p{sub}").as_str().into(),
                parent: format!("p{parent}").as_str().into(),
            };
            book.push(&format!("p{sub}-recruited"), tick(1), kind);
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
            let registers = registration(n, *how, &names);
            book.push(&format!("c{n}-registers"), tick(1), registers);
            let attributes = client_attributes(n);
            let attributes = declared_only(&names, NameKind::ClientAttribute, attributes);
            with_attributes(&mut book, attributes);
        }
        let world = World {
            partner_currency: partners.iter().map(|(_, c)| CURRENCIES[*c]).collect(),
            registrar: clients
                .iter()
                .map(|how| (*how < 8).then_some(usize::from(*how) % PARTNERS))
                .collect(),
            names: names.clone(),
        };
        let mut anchors = Vec::with_capacity(steps.len());
        for (index, (step, gap)) in steps.into_iter().enumerate() {
            let at = tick(gap);
            anchors.push(at);
            push_step(&mut book, &world, &format!("e{index}"), at, step);
        }
        for (number, (edge, after)) in edges.into_iter().enumerate() {
            let anchor = anchors[after.index(anchors.len())];
            push_edge(&mut book, &world, number, anchor, edge);
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
            let mut payment = Payment::by_client(client(c), kind(k, &world.names), amount);
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
        Step::Status(p, s) => match pick(&world.names, NameKind::Status, s) {
            Some(status) => EventKind::StatusGranted {
                partner: partner(p),
                status: status.into(),
            },
            None => EventKind::Checkpoint,
        },
        Step::Contract(p, 0) => EventKind::ContractSigned {
            partner: partner(p),
        },
        Step::Contract(p, 1) => EventKind::ContractEnded {
            partner: partner(p),
        },
        Step::Contract(p, k) => EventKind::LegalFormChanged {
            partner: partner(p),
            legal_form: LEGAL_FORMS[usize::from(k - 2) % LEGAL_FORMS.len()],
        },
        Step::Specialist(p, technical) => EventKind::SpecialistCertified {
            partner: partner(p),
            specialist: if technical {
                SpecialistKind::Technical
            } else {
                SpecialistKind::Sales
            },
        },
        Step::Internal(p, seats, minor) => match pick(&world.names, NameKind::ProductLine, 0) {
            Some(product_line) => EventKind::InternalPurchase {
                partner: partner(p),
                product_line,
                seats,
                list_price: own(p, minor),
            },
            None => EventKind::Checkpoint,
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
    let attributes = match &kind {
        EventKind::Payment(payment) => payment_attributes(payment),
        _ => Attributes::new(),
    };
    let attributes = declared_only(&world.names, NameKind::PaymentAttribute, attributes);
    book.push(id, at, kind);
    with_attributes(book, attributes);
}

/// A scenario of a few events at the edges of money safety, placed after one of the steps.
#[derive(Debug, Clone)]
pub enum Edge {
    /// A partner's cabinet client pays for a month (or the partner pays for it after a
    /// top-up), at a list price `list_percent` above the amount (below it if negative);
    /// refunds `days_later` split as `split` says, maybe one cent too many, and maybe a
    /// cancellation of the same payment after them.
    Undone {
        partner: usize,
        by_partner: bool,
        currency: usize,
        minor: i64,
        list_percent: i8,
        split: Split,
        days_later: u16,
        excess: bool,
        cancel_days: Option<u16>,
    },
    /// A rate published directly, then `days_later` inversely (off the exact inverse by
    /// `noise_percent`), each followed by payments in its currencies.
    Rates {
        base: usize,
        quote_offset: usize,
        direct: i64,
        noise_percent: i8,
        days_later: u16,
        partner: usize,
        minor: i64,
    },
    /// A new partner in `currency` brings paying clients by promo code (milestone and
    /// new-client bonuses) and is awarded a SPIF and an adjustment in every currency.
    ForeignPartner {
        currency: usize,
        form: usize,
        clients: u8,
        payment_currency: usize,
        minor: i64,
    },
    /// A partner's cabinet client pays with an odd paid period, then cancels `days_later`.
    OddPeriod {
        partner: usize,
        by_partner: bool,
        period: Odd,
        minor: i64,
        days_later: u16,
    },
    /// An event that passes its first checks and fails a later one, then one that passes.
    LateFailure {
        partner: usize,
        failure: usize,
        minor: i64,
    },
}

/// How a payment is refunded.
#[derive(Debug, Clone)]
pub enum Split {
    /// One refund of this percentage of the amount (1 to 100).
    Once(u8),
    /// The full amount in 0.01 steps (the amount itself at most 0.40).
    Cents,
    /// This many refunds of 0.01, at most the amount.
    Pennies(u8),
    /// The full amount cut at these points.
    Cuts(Vec<prop::sample::Index>),
}

/// An odd paid period.
#[derive(Debug, Clone)]
pub enum Odd {
    /// Ends this many days before it starts.
    Inverted(i64),
    /// Runs to the start of this year, or to its last minute.
    Until(i32, bool),
    /// Runs from the start of this year to a month after the payment.
    Since(i32),
}

fn edge() -> impl Strategy<Value = Edge> {
    let p = 0..PARTNERS;
    let split = prop_oneof![
        2 => (1..=100u8).prop_map(Split::Once),
        2 => Just(Split::Cents),
        1 => (1..40u8).prop_map(Split::Pennies),
        3 => prop::collection::vec(any::<prop::sample::Index>(), 1..7).prop_map(Split::Cuts),
    ];
    let undone = (
        (p.clone(), any::<bool>(), currency(), 1..2_000_000i64),
        (-99..=99i8, split, 0..60u16, prop::bool::weighted(0.2)),
        prop::option::of(0..40u16),
    )
        .prop_map(
            |(
                (partner, by_partner, currency, minor),
                (list_percent, split, days_later, excess),
                cancel_days,
            )| {
                Edge::Undone {
                    partner,
                    by_partner,
                    currency,
                    minor,
                    list_percent,
                    split,
                    days_later,
                    excess,
                    cancel_days,
                }
            },
        );
    let rates = (
        0..4usize,
        1..4usize,
        1..20_000i64,
        -20..=20i8,
        1..400u16,
        p.clone(),
        1..2_000_000i64,
    )
        .prop_map(
            |(base, quote_offset, direct, noise_percent, days_later, partner, minor)| Edge::Rates {
                base,
                quote_offset,
                direct,
                noise_percent,
                days_later,
                partner,
                minor,
            },
        );
    let foreign = (0..4usize, 0..4usize, 1..6u8, currency(), 1..2_000_000i64).prop_map(
        |(currency, form, clients, payment_currency, minor)| Edge::ForeignPartner {
            currency,
            form,
            clients,
            payment_currency,
            minor,
        },
    );
    let odd = prop_oneof![
        (1..400i64).prop_map(Odd::Inverted),
        (2150..2260i32, any::<bool>()).prop_map(|(year, last)| Odd::Until(year, last)),
        (2195..2205i32, any::<bool>()).prop_map(|(year, last)| Odd::Until(year, last)),
        (1850..1905i32).prop_map(Odd::Since),
    ];
    let odd = (p.clone(), any::<bool>(), odd, 1..2_000_000i64, 0..60u16).prop_map(
        |(partner, by_partner, period, minor, days_later)| Edge::OddPeriod {
            partner,
            by_partner,
            period,
            minor,
            days_later,
        },
    );
    let late =
        (p, 0..6usize, 2..2_000_000i64).prop_map(|(partner, failure, minor)| Edge::LateFailure {
            partner,
            failure,
            minor,
        });
    prop_oneof![4 => undone, 1 => rates, 1 => foreign, 1 => odd, 2 => late]
}

/// Writes scenario `number`'s events after `anchor`: at whole days after it, plus
/// `number` + 1 minutes and one second more per event, so no two events of the ledger
/// share an instant (the steps are at whole hours).
struct Scenario<'b> {
    book: &'b mut Book,
    prefix: String,
    anchor: Instant,
    number: i64,
    written: i64,
}

impl Scenario<'_> {
    fn at(&mut self, days: i64) -> Instant {
        self.written += 1;
        assert!(self.written < 60, "a scenario writes fewer than 60 events");
        self.anchor
            + Duration::days(days)
            + Duration::minutes(self.number + 1)
            + Duration::seconds(self.written)
    }

    fn push(&mut self, name: &str, days: i64, kind: EventKind) -> String {
        let at = self.at(days);
        let id = format!("{}-{name}", self.prefix);
        self.book.push(&id, at, kind);
        id
    }

    /// A client of the scenario registered through `partner`'s cabinet (or its promo
    /// code, not holding it).
    fn client(&mut self, name: &str, days: i64, partner: &str, cabinet: bool) -> ClientId {
        let client = ClientId::new(format!("{}-{name}", self.prefix));
        let kind = EventKind::ClientRegistered {
            client: client.clone(),
            referrer: Some(partner.into()),
            promo_code: (!cabinet).then(|| format!("PROMO-{partner}")),
            integration: None,
            via_partner_cabinet: cabinet,
        };
        self.push(&format!("{name}-registers"), days, kind);
        client
    }

    /// A top-up in the partner's currency; and in euros, for programs that book in euros
    /// whatever the partner's currency (the one not matching is rejected).
    fn top_up(&mut self, name: &str, days: i64, partner: &str, amount: Money) {
        let euros = Money::new(amount.amount, Currency::EUR);
        let euros = (amount.currency != Currency::EUR).then_some(("eur", euros));
        for (suffix, amount) in std::iter::once(("", amount)).chain(euros) {
            let kind = EventKind::PartnerTopUp {
                partner: partner.into(),
                amount,
                method: TopUpMethod::Card,
            };
            self.push(&format!("{name}{suffix}"), days, kind);
        }
    }

    fn refund(&mut self, name: &str, days: i64, payment: &str, amount: Money) {
        let kind = EventKind::Refund {
            payment: payment.into(),
            amount,
        };
        self.push(name, days, kind);
    }

    fn cancel(&mut self, name: &str, days: i64, payment: &str) {
        let kind = EventKind::SubscriptionCancelled {
            payment: payment.into(),
        };
        self.push(name, days, kind);
    }
}

/// A subscription payment of `client`, by `partner` if given.
fn paid(client: &ClientId, partner: Option<&str>, amount: Money) -> Payment {
    let mut payment = Payment::by_client(client.clone(), PaymentKind::Subscription, amount);
    if let Some(partner) = partner {
        payment.paid_by = Payer::Partner(partner.into());
    }
    payment
}

fn push_edge(book: &mut Book, world: &World, number: usize, anchor: Instant, edge: Edge) {
    let mut scenario = Scenario {
        book,
        prefix: format!("x{number}"),
        anchor,
        number: i64::try_from(number).unwrap_or(0),
        written: 0,
    };
    match edge {
        Edge::Undone {
            partner,
            by_partner,
            currency,
            minor,
            list_percent,
            split,
            days_later,
            excess,
            cancel_days,
        } => {
            let minor = if matches!(split, Split::Cents) {
                1 + minor % 40
            } else {
                minor
            };
            let name = format!("p{partner}");
            let client = scenario.client("c", 0, &name, true);
            let payer = by_partner.then_some(name.as_str());
            if by_partner {
                let deposit = money(minor.saturating_mul(1_000), world.partner_currency[partner]);
                scenario.top_up("top-up", 0, &name, deposit);
            }
            let currency = CURRENCIES[currency];
            let mut payment = paid(&client, payer, money(minor, currency));
            if list_percent != 0 {
                let list = minor.saturating_add(minor * i64::from(list_percent) / 100);
                payment.list_price = Some(money(list.max(1), currency));
            }
            let at = scenario.at(0);
            payment.period = Some(Period {
                from: at,
                to: at + Duration::days(30),
            });
            let id = format!("{}-pay", scenario.prefix);
            scenario.book.push(&id, at, EventKind::Payment(payment));
            let days = i64::from(days_later);
            for (n, piece) in pieces(minor, &split).into_iter().enumerate() {
                scenario.refund(&format!("refund{n}"), days, &id, money(piece, currency));
            }
            if excess {
                scenario.refund("refund-excess", days, &id, money(1, currency));
            }
            if let Some(after) = cancel_days {
                scenario.cancel("cancel", days + i64::from(after), &id);
            }
        }
        Edge::Rates {
            base,
            quote_offset,
            direct,
            noise_percent,
            days_later,
            partner,
            minor,
        } => {
            let (base, quote) = (CURRENCIES[base], CURRENCIES[(base + quote_offset) % 4]);
            let direct = Decimal::new(direct, 2);
            let inverse = (Decimal::ONE / direct * Decimal::new(100 + i64::from(noise_percent), 2))
                .round_dp(6);
            let name = format!("p{partner}");
            let client = scenario.client("c", 0, &name, true);
            let deposit = money(minor.saturating_mul(1_000), world.partner_currency[partner]);
            scenario.top_up("top-up", 0, &name, deposit);
            let later = i64::from(days_later);
            for (n, (days, base, quote, rate)) in
                [(0, base, quote, direct), (later, quote, base, inverse)]
                    .into_iter()
                    .enumerate()
            {
                let kind = EventKind::FxRate { base, quote, rate };
                scenario.push(&format!("rate{n}"), days, kind);
                for (m, (currency, payer)) in [(base, None), (quote, Some(name.as_str()))]
                    .into_iter()
                    .enumerate()
                {
                    let payment = paid(&client, payer, money(minor, currency));
                    scenario.push(&format!("pay{n}-{m}"), days, EventKind::Payment(payment));
                }
            }
        }
        Edge::ForeignPartner {
            currency,
            form,
            clients,
            payment_currency,
            minor,
        } => {
            let name = format!("{}-p", scenario.prefix);
            let own = CURRENCIES[currency];
            let kind = EventKind::PartnerRegistered {
                partner: name.as_str().into(),
                legal_form: LEGAL_FORMS[form],
                currency: own,
            };
            scenario.push("p-registers", 0, kind);
            scenario.top_up("top-up", 0, &name, money(minor.saturating_mul(1_000), own));
            for n in 0..clients {
                let client = scenario.client(&format!("c{n}"), 1, &name, n % 2 == 1);
                let payer = (n % 2 == 1).then_some(name.as_str());
                let amount = money(minor, CURRENCIES[payment_currency]);
                let payment = paid(&client, payer, amount);
                scenario.push(&format!("pay{n}"), 2, EventKind::Payment(payment));
            }
            for currency in CURRENCIES {
                let amount = money(minor, currency);
                let kind = EventKind::SpifAwarded {
                    partner: name.as_str().into(),
                    amount,
                };
                scenario.push(&format!("spif-{}", currency.code()), 3, kind);
                let kind = EventKind::ManualAdjustment {
                    partner: name.as_str().into(),
                    amount,
                    reason: "goodwill".into(),
                };
                scenario.push(&format!("adjust-{}", currency.code()), 3, kind);
            }
        }
        Edge::OddPeriod {
            partner,
            by_partner,
            period,
            minor,
            days_later,
        } => {
            let name = format!("p{partner}");
            let client = scenario.client("c", 0, &name, true);
            if by_partner {
                let deposit = money(minor.saturating_mul(1_000), world.partner_currency[partner]);
                scenario.top_up("top-up", 0, &name, deposit);
            }
            let at = scenario.at(0);
            let year_start = |year: i32| super::utc(year, 1, 1, 0, 0);
            let period = match period {
                Odd::Inverted(days) => Period {
                    from: at,
                    to: at - Duration::days(days),
                },
                Odd::Until(year, false) => Period {
                    from: at,
                    to: year_start(year),
                },
                Odd::Until(year, true) => Period {
                    from: at,
                    to: super::utc(year, 12, 31, 23, 59),
                },
                Odd::Since(year) => Period {
                    from: year_start(year),
                    to: at + Duration::days(30),
                },
            };
            let mut payment = paid(
                &client,
                by_partner.then_some(name.as_str()),
                money(minor, Currency::RUB),
            );
            payment.period = Some(period);
            let id = format!("{}-pay", scenario.prefix);
            scenario.book.push(&id, at, EventKind::Payment(payment));
            scenario.cancel("cancel", i64::from(days_later), &id);
        }
        Edge::LateFailure {
            partner,
            failure,
            minor,
        } => late_failure(&mut scenario, world, partner, failure, minor),
    }
}

/// The refunds of `minor` split as `split` says, in minor units.
fn pieces(minor: i64, split: &Split) -> Vec<i64> {
    match split {
        Split::Once(percent) => vec![(minor * i64::from(*percent) / 100).max(1)],
        Split::Cents => vec![1; usize::try_from(minor).unwrap_or(0)],
        Split::Pennies(count) => {
            vec![1; usize::from(*count).min(usize::try_from(minor).unwrap_or(0))]
        }
        Split::Cuts(cuts) => {
            let mut points: Vec<i64> = cuts
                .iter()
                .filter(|_| minor > 1)
                .map(|cut| {
                    let span = usize::try_from(minor - 1).unwrap_or(1);
                    1 + i64::try_from(cut.index(span)).unwrap_or(0)
                })
                .collect();
            points.push(0);
            points.push(minor);
            points.sort_unstable();
            points.dedup();
            points.windows(2).map(|w| w[1] - w[0]).collect()
        }
    }
}

/// An event that passes its first checks and fails a later one, then one like it that
/// passes.
fn late_failure(
    scenario: &mut Scenario<'_>,
    world: &World,
    partner: usize,
    failure: usize,
    minor: i64,
) {
    let name = format!("p{partner}");
    let own = world.partner_currency[partner];
    let client = scenario.client("c", 0, &name, true);
    let pay = |scenario: &mut Scenario<'_>, label: &str, payer: Option<&str>, amount: Money| {
        let payment = paid(&client, payer, amount);
        scenario.push(label, 1, EventKind::Payment(payment))
    };
    match failure {
        // More than the account holds, once the price is known; then less.
        0 => {
            scenario.top_up("top-up", 0, &name, money(minor, own));
            pay(scenario, "pay-too-much", Some(&name), money(minor * 3, own));
            pay(scenario, "pay", Some(&name), money(minor / 2, own));
        }
        // A known currency with no rate to convert it; then one with rates.
        1 => {
            let pound = Currency::new("GBP").unwrap_or(Currency::RUB);
            pay(scenario, "pay-unrated", None, money(minor, pound));
            pay(scenario, "pay", None, money(minor, Currency::RUB));
        }
        // A partner-paid payment with no period, cancelled (nothing to return from).
        2 => {
            scenario.top_up("top-up", 0, &name, money(minor.saturating_mul(1_000), own));
            let id = pay(scenario, "pay", Some(&name), money(minor, own));
            scenario.cancel("cancel", 2, &id);
            scenario.cancel("cancel-again", 3, &id);
        }
        // Refunds past the amount after some that fit; then the rest.
        3 => {
            let id = pay(scenario, "pay", None, money(minor, Currency::RUB));
            let most = (minor * 6 / 10).max(1);
            scenario.refund("refund", 2, &id, money(most, Currency::RUB));
            scenario.refund("refund-too-much", 2, &id, money(most, Currency::RUB));
            if minor > most {
                scenario.refund("refund-rest", 2, &id, money(minor - most, Currency::RUB));
            }
        }
        // The partner no longer holds the client; then holds it again.
        4 => {
            scenario.top_up("top-up", 0, &name, money(minor.saturating_mul(1_000), own));
            let kind = EventKind::ClientReleased {
                client: client.clone(),
            };
            scenario.push("release", 1, kind);
            pay(scenario, "pay-not-held", Some(&name), money(minor, own));
            let kind = EventKind::ClientAttached {
                client: client.clone(),
                partner: name.as_str().into(),
                basis: AttachBasis::Support,
                refused: false,
            };
            scenario.push("attach", 1, kind);
            pay(scenario, "pay", Some(&name), money(minor, own));
        }
        // A withdrawal past the balance after a top-up; then one within it.
        _ => {
            scenario.top_up("top-up", 0, &name, money(minor, own));
            for (label, amount) in [("withdraw-too-much", minor * 2), ("withdraw", minor / 2)] {
                let kind = EventKind::WithdrawalRequested {
                    partner: name.as_str().into(),
                    amount: money(amount, own),
                };
                scenario.push(label, 1, kind);
            }
        }
    }
}
