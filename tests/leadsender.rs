//! LeadSender, clauses LS-1…LS-6 (`../shared/programs/leadsender.md`): every worked example
//! with its exact figures, and the edges around each clause.

mod support;

use commission_rules::programs::leadsender::INVOICE_WORDING;
use commission_rules::{
    AttachBasis, ClientId, Currency, ErrorKind, EventKind, LegalForm, LineKind, Month, Outcome,
    Payment, PaymentKind, Period, evaluate, programs,
};
use support::{Book, msk, rub};

fn run(book: &Book) -> Outcome {
    evaluate(&programs::leadsender(), &book.ledger()).unwrap()
}

fn attach(
    book: &mut Book,
    id: &str,
    at: commission_rules::Instant,
    client: &str,
    partner: &str,
    basis: AttachBasis,
    refused: bool,
) {
    let kind = EventKind::ClientAttached {
        client: client.into(),
        partner: partner.into(),
        basis,
        refused,
    };
    book.push(id, at, kind);
}

fn contract(book: &mut Book, id: &str, at: commission_rules::Instant, partner: &str) {
    book.push(
        id,
        at,
        EventKind::ContractSigned {
            partner: partner.into(),
        },
    );
}

/// A widget year paid by the client, covering `[from, from + 1 year)`.
fn widget_year(
    book: &mut Book,
    id: &str,
    at: commission_rules::Instant,
    client: &str,
    roubles: &str,
) {
    let mut payment = Payment::by_client(
        ClientId::from(client),
        PaymentKind::License {
            product_line: "widget".into(),
        },
        rub(roubles),
    );
    payment.period = Some(Period {
        from: at,
        to: at + chrono::Duration::days(365),
    });
    book.push(id, at, EventKind::Payment(payment));
}

/// A self-employed partner with a contract and one client attached before installation.
fn self_employed_with_client() -> Book {
    let mut book = Book::new();
    book.partner_with(
        "se",
        msk(2024, 1, 10, 10, 0),
        LegalForm::SelfEmployed,
        Currency::RUB,
    )
    .client("acme", msk(2024, 1, 12, 10, 0), None);
    contract(&mut book, "se-contract", msk(2024, 1, 11, 10, 0), "se");
    attach(
        &mut book,
        "acme-reported",
        msk(2024, 1, 12, 11, 0),
        "acme",
        "se",
        AttachBasis::BeforeInstall,
        false,
    );
    book
}

/// Worked example 1: 10,000 RUB for a widget year → 4,000 RUB payable against an invoice.
#[test]
fn ls_2_example_1_self_employed_partner_is_paid_40_percent_against_its_invoice() {
    let mut book = self_employed_with_client();
    widget_year(
        &mut book,
        "acme-2024",
        msk(2024, 2, 1, 12, 0),
        "acme",
        "10000",
    );
    let outcome = run(&book);
    let line = &outcome.lines[0];
    assert_eq!(
        (line.kind, line.clause.as_str(), line.amount),
        (LineKind::Accrual, "LS-2", rub("4000.00"))
    );
    assert_eq!(line.explanation.exclusive, Some(true));
    let note = line.explanation.note.as_deref().unwrap();
    assert!(note.contains(INVOICE_WORDING), "{note}");
    assert_eq!(outcome.statements[0].closing, rub("4000.00"));
}

/// Worked example 2: the renewal a year later earns another 4,000 (lifetime).
#[test]
fn ls_1_example_2_renewals_earn_for_as_long_as_the_client_pays() {
    let mut book = self_employed_with_client();
    widget_year(
        &mut book,
        "acme-2024",
        msk(2024, 2, 1, 12, 0),
        "acme",
        "10000",
    );
    widget_year(
        &mut book,
        "acme-2025",
        msk(2025, 2, 1, 12, 0),
        "acme",
        "10000",
    );
    widget_year(
        &mut book,
        "acme-2031",
        msk(2031, 2, 1, 12, 0),
        "acme",
        "10000",
    );
    let outcome = run(&book);
    let amounts: Vec<_> = outcome.lines.iter().map(|l| (l.kind, l.amount)).collect();
    assert_eq!(amounts, [(LineKind::Accrual, rub("4000.00")); 3]);
}

/// Worked example 3: an individual without self-employed status: the direct payment earns
/// a not-payable line (legal form); collecting itself, it pays the vendor 5,000.
#[test]
fn ls_2_ls_3_example_3_an_individual_is_not_paid_out_but_gets_the_discount() {
    let mut book = Book::new();
    book.partner_with(
        "ivan",
        msk(2024, 1, 10, 10, 0),
        LegalForm::Individual,
        Currency::RUB,
    )
    .client("acme", msk(2024, 1, 12, 10, 0), None)
    .client("beta", msk(2024, 1, 12, 10, 30), None);
    contract(&mut book, "ivan-contract", msk(2024, 1, 11, 10, 0), "ivan");
    attach(
        &mut book,
        "acme-reported",
        msk(2024, 1, 12, 11, 0),
        "acme",
        "ivan",
        AttachBasis::BeforeInstall,
        false,
    );
    attach(
        &mut book,
        "beta-reported",
        msk(2024, 1, 12, 11, 30),
        "beta",
        "ivan",
        AttachBasis::BeforeInstall,
        false,
    );
    widget_year(
        &mut book,
        "acme-pays",
        msk(2024, 2, 1, 12, 0),
        "acme",
        "10000",
    );
    book.partner_pays(
        "ivan-pays-for-beta",
        msk(2024, 2, 2, 12, 0),
        "beta",
        "ivan",
        rub("10000"),
    );
    let outcome = run(&book);

    let not_payable = &outcome.lines[0];
    assert_eq!(
        (not_payable.kind, not_payable.amount),
        (LineKind::NotPayable, rub("4000.00"))
    );
    assert_eq!(
        not_payable.explanation.note.as_deref(),
        Some("not payable: legal form individual")
    );
    let discount = &outcome.lines[1];
    assert_eq!(
        (discount.kind, discount.clause.as_str(), discount.amount),
        (LineKind::Discount, "LS-3", rub("5000.00"))
    );
    assert_eq!(discount.explanation.base, Some(rub("10000")));

    let february = outcome
        .statement(&"ivan".into(), Month::new(2024, 2).unwrap())
        .unwrap();
    assert!(february.lines.is_empty(), "nothing payable is booked");
    assert_eq!(february.memo.len(), 2);
    assert_eq!(february.closing, rub("0.00"));
    // The vendor keeps the whole direct payment; the collected one is shared 5,000 / 5,000.
    let shares: Vec<_> = outcome
        .settlements
        .iter()
        .map(|s| (s.partner_share, s.vendor_share))
        .collect();
    assert_eq!(
        shares,
        [(rub("0"), rub("10000")), (rub("5000.00"), rub("5000.00"))]
    );
}

/// Worked example 4: a client the partner never reported earns it nothing.
#[test]
fn ls_4_example_4_an_unreported_client_earns_nothing() {
    let mut book = self_employed_with_client();
    book.client("stranger", msk(2024, 1, 20, 10, 0), None);
    widget_year(
        &mut book,
        "stranger-pays",
        msk(2024, 2, 1, 12, 0),
        "stranger",
        "10000",
    );
    let outcome = run(&book);
    assert!(outcome.lines.is_empty());
}

#[test]
fn ls_4_a_refused_attachment_still_earns_without_exclusivity() {
    let mut book = Book::new();
    book.partner_with(
        "co",
        msk(2024, 1, 10, 10, 0),
        LegalForm::LegalEntity,
        Currency::RUB,
    )
    .client("known", msk(2024, 1, 12, 10, 0), None);
    contract(&mut book, "co-contract", msk(2024, 1, 10, 11, 0), "co");
    attach(
        &mut book,
        "known-refused",
        msk(2024, 1, 13, 10, 0),
        "known",
        "co",
        AttachBasis::BeforeInstall,
        true,
    );
    widget_year(
        &mut book,
        "known-pays",
        msk(2024, 2, 1, 12, 0),
        "known",
        "10000",
    );
    let outcome = run(&book);
    let line = &outcome.lines[0];
    assert_eq!(
        (line.kind, line.amount),
        (LineKind::Accrual, rub("4000.00"))
    );
    assert_eq!(line.explanation.exclusive, Some(false));
}

#[test]
fn ls_4_an_existing_client_is_attached_only_at_its_own_request() {
    let mut book = self_employed_with_client();
    book.client("old", msk(2024, 1, 5, 10, 0), None);
    widget_year(
        &mut book,
        "old-pays",
        msk(2024, 1, 6, 12, 0),
        "old",
        "10000",
    );
    attach(
        &mut book,
        "old-claimed",
        msk(2024, 2, 1, 10, 0),
        "old",
        "se",
        AttachBasis::BeforeInstall,
        false,
    );
    let err = evaluate(&programs::leadsender(), &book.ledger()).unwrap_err();
    assert_eq!(err.event().map(|e| e.as_str()), Some("old-claimed"));
    assert_eq!(
        err.kind(),
        &ErrorKind::AttachmentNotAllowed {
            client: "old".into(),
            basis: AttachBasis::BeforeInstall
        }
    );

    book.events.pop();
    attach(
        &mut book,
        "old-asks",
        msk(2024, 2, 1, 10, 0),
        "old",
        "se",
        AttachBasis::ClientRequest,
        false,
    );
    widget_year(
        &mut book,
        "old-renews",
        msk(2025, 1, 6, 12, 0),
        "old",
        "10000",
    );
    let outcome = run(&book);
    let earned: Vec<_> = outcome
        .lines
        .iter()
        .map(|l| (l.payment.as_ref().map(|p| p.to_string()), l.amount))
        .collect();
    assert_eq!(earned, [(Some("old-renews".to_owned()), rub("4000.00"))]);
}

/// A line booked before the contract stays not payable; lines after it are payable.
#[test]
fn ls_2_contract_signed_between_two_payments() {
    let mut book = Book::new();
    book.partner_with(
        "ip",
        msk(2024, 1, 10, 10, 0),
        LegalForm::SoleProprietor,
        Currency::RUB,
    )
    .client("acme", msk(2024, 1, 12, 10, 0), None);
    attach(
        &mut book,
        "acme-reported",
        msk(2024, 1, 12, 11, 0),
        "acme",
        "ip",
        AttachBasis::BeforeInstall,
        false,
    );
    widget_year(
        &mut book,
        "before-contract",
        msk(2024, 2, 1, 12, 0),
        "acme",
        "10000",
    );
    contract(&mut book, "ip-contract", msk(2024, 3, 1, 10, 0), "ip");
    widget_year(
        &mut book,
        "after-contract",
        msk(2025, 2, 1, 12, 0),
        "acme",
        "10000",
    );
    let outcome = run(&book);
    let lines: Vec<_> = outcome
        .lines
        .iter()
        .map(|l| (l.kind, l.explanation.note.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        lines[0],
        (
            LineKind::NotPayable,
            "not payable: no signed contract at booking".to_owned()
        )
    );
    assert_eq!(lines[1].0, LineKind::Accrual);
    let march = outcome
        .statement(&"ip".into(), Month::new(2024, 3).unwrap())
        .unwrap();
    assert_eq!(
        march.closing,
        rub("0.00"),
        "the earlier line never becomes payable"
    );
}

/// Free widgets while a reported client's paid period covers the date: the entitlement
/// ends when the last active period runs out and starts again on the renewal; periods that
/// overlap (two clients) make one run.
#[test]
fn ls_5_free_widgets_follow_the_active_clients_periods() {
    let mut book = self_employed_with_client();
    book.client("beta", msk(2024, 1, 20, 10, 0), None);
    attach(
        &mut book,
        "beta-reported",
        msk(2024, 1, 20, 11, 0),
        "beta",
        "se",
        AttachBasis::BeforeInstall,
        false,
    );
    widget_year(
        &mut book,
        "acme-2024",
        msk(2024, 2, 1, 12, 0),
        "acme",
        "10000",
    );
    widget_year(
        &mut book,
        "beta-2024",
        msk(2024, 6, 1, 12, 0),
        "beta",
        "10000",
    );
    // Both lapse; acme renews four months after beta's year ran out.
    widget_year(
        &mut book,
        "acme-2025",
        msk(2025, 10, 1, 12, 0),
        "acme",
        "10000",
    );
    let outcome = run(&book);
    let runs: Vec<_> = outcome
        .entitlements
        .iter()
        .map(|e| {
            (
                e.clause.as_str(),
                e.perk.as_str(),
                e.source_event.as_str(),
                e.from,
                e.until,
            )
        })
        .collect();
    let year = chrono::Duration::days(365);
    assert_eq!(
        runs,
        [
            (
                "LS-5",
                "free-widgets",
                "acme-2024",
                msk(2024, 2, 1, 12, 0),
                Some(msk(2024, 6, 1, 12, 0) + year)
            ),
            (
                "LS-5",
                "free-widgets",
                "acme-2025",
                msk(2025, 10, 1, 12, 0),
                Some(msk(2025, 10, 1, 12, 0) + year)
            ),
        ]
    );
}

/// LS-5 read as written ("a client whose paid period covers the date"): a client whose
/// paid year is running when it is attached makes the partner's client active from the
/// attachment, not from its next payment. Paid 1 Nov 2023 for 365 days (to 31 Oct 2024,
/// a leap year), attached at the client's request on 5 Feb 2024, renewed when the year
/// runs out: free widgets from 5 Feb 2024 to 31 Oct 2025 in one run.
#[test]
fn ls_5_a_client_attached_during_its_paid_year_is_active_from_the_attachment() {
    let mut book = Book::new();
    book.partner_with(
        "se",
        msk(2023, 10, 1, 10, 0),
        LegalForm::SelfEmployed,
        Currency::RUB,
    )
    .client("acme", msk(2023, 10, 2, 10, 0), None);
    let paid_on = msk(2023, 11, 1, 12, 0);
    widget_year(&mut book, "acme-2023", paid_on, "acme", "10000");
    let attached_on = msk(2024, 2, 5, 10, 0);
    attach(
        &mut book,
        "acme-reported",
        attached_on,
        "acme",
        "se",
        AttachBasis::ClientRequest,
        false,
    );
    let renewed_on = paid_on + chrono::Duration::days(365);
    widget_year(&mut book, "acme-2024", renewed_on, "acme", "10000");
    let outcome = run(&book);
    let runs: Vec<_> = outcome
        .entitlements
        .iter()
        .map(|e| (e.clause.as_str(), e.source_event.as_str(), e.from, e.until))
        .collect();
    let renewed_until = renewed_on + chrono::Duration::days(365);
    assert_eq!(
        runs,
        [("LS-5", "acme-reported", attached_on, Some(renewed_until))]
    );
}

#[test]
fn ls_6_a_dispute_lost_by_the_vendor_is_its_own_adjustment_line() {
    let mut book = self_employed_with_client();
    let kind = EventKind::ManualAdjustment {
        partner: "se".into(),
        amount: rub("1500"),
        reason: "widget outage 3-5 March".into(),
    };
    book.push("dispute-17", msk(2024, 3, 10, 10, 0), kind);
    let outcome = run(&book);
    let line = &outcome.lines[0];
    assert_eq!(
        (line.kind, line.clause.as_str(), line.amount),
        (LineKind::Adjustment, "LS-6", rub("1500"))
    );
    assert_eq!(
        line.explanation.note.as_deref(),
        Some("widget outage 3-5 March")
    );
    assert_eq!(outcome.statements[0].closing, rub("1500"));
}

/// The partner's invoice is recorded as a withdrawal request: covered by the balance, it
/// is due the same day; above the balance, it is rejected.
#[test]
fn ls_2_the_partners_invoice_draws_on_its_balance() {
    let mut book = self_employed_with_client();
    widget_year(
        &mut book,
        "acme-2024",
        msk(2024, 2, 1, 12, 0),
        "acme",
        "10000",
    );
    let invoice = |amount| EventKind::WithdrawalRequested {
        partner: "se".into(),
        amount: rub(amount),
    };
    book.push("invoice-1", msk(2024, 2, 5, 10, 0), invoice("4000"));
    let outcome = run(&book);
    let february = &outcome.statements[0];
    assert_eq!(february.closing, rub("0.00"));
    assert_eq!(
        february.payouts_due.last().map(|d| (d.amount, d.due)),
        Some((rub("4000"), msk(2024, 2, 5, 10, 0)))
    );

    book.push("invoice-2", msk(2024, 2, 6, 10, 0), invoice("0.01"));
    let err = evaluate(&programs::leadsender(), &book.ledger()).unwrap_err();
    assert_eq!(err.event().map(|e| e.as_str()), Some("invoice-2"));
    assert!(matches!(err.kind(), ErrorKind::InsufficientBalance { .. }));
}

/// LS-2 follows the legal form in force at each line's instant (issue 21, item 3): an
/// individual's first widget year is not payable (4,000.00 in the memo); registered as a
/// sole proprietor on 1 June, the same partner, with the same client and balance, is paid
/// 40 % of the renewal (4,000.00 payable in February 2025).
#[test]
fn ls_2_an_individual_who_becomes_a_sole_proprietor_is_paid_from_the_change() {
    let mut book = Book::new();
    book.partner_with(
        "ivan",
        msk(2024, 1, 10, 10, 0),
        LegalForm::Individual,
        Currency::RUB,
    )
    .client("acme", msk(2024, 1, 12, 10, 0), None);
    contract(&mut book, "ivan-contract", msk(2024, 1, 11, 10, 0), "ivan");
    attach(
        &mut book,
        "acme-reported",
        msk(2024, 1, 12, 11, 0),
        "acme",
        "ivan",
        AttachBasis::BeforeInstall,
        false,
    );
    widget_year(
        &mut book,
        "acme-2024",
        msk(2024, 2, 1, 12, 0),
        "acme",
        "10000",
    );
    book.push(
        "ivan-becomes-ip",
        msk(2024, 6, 1, 10, 0),
        EventKind::LegalFormChanged {
            partner: "ivan".into(),
            legal_form: LegalForm::SoleProprietor,
        },
    );
    widget_year(
        &mut book,
        "acme-2025",
        msk(2025, 2, 1, 12, 0),
        "acme",
        "10000",
    );
    let outcome = run(&book);
    let lines: Vec<_> = outcome
        .lines
        .iter()
        .map(|l| (l.source_event.as_str(), l.kind, l.amount))
        .collect();
    assert_eq!(
        lines,
        [
            ("acme-2024", LineKind::NotPayable, rub("4000.00")),
            ("acme-2025", LineKind::Accrual, rub("4000.00")),
        ]
    );
    let february = |year| {
        outcome
            .statement(&"ivan".into(), Month::new(year, 2).unwrap())
            .unwrap()
            .closing
    };
    assert_eq!(
        (february(2024), february(2025)),
        (rub("0.00"), rub("4000.00"))
    );
}

/// A contract that ends makes later lines not payable until the partner signs again;
/// the line of the day it is signed again is payable.
#[test]
fn ls_2_lines_follow_the_contract_in_force_at_their_instant() {
    let mut book = self_employed_with_client();
    book.push(
        "se-contract-ends",
        msk(2024, 6, 1, 10, 0),
        EventKind::ContractEnded {
            partner: "se".into(),
        },
    );
    widget_year(
        &mut book,
        "acme-2025",
        msk(2025, 2, 1, 12, 0),
        "acme",
        "10000",
    );
    contract(&mut book, "se-signs-again", msk(2025, 3, 1, 10, 0), "se");
    widget_year(
        &mut book,
        "acme-2026",
        msk(2026, 3, 1, 10, 0),
        "acme",
        "10000",
    );
    let outcome = run(&book);
    let lines: Vec<_> = outcome
        .lines
        .iter()
        .map(|l| (l.source_event.as_str(), l.kind, l.amount))
        .collect();
    assert_eq!(
        lines,
        [
            ("acme-2025", LineKind::NotPayable, rub("4000.00")),
            ("acme-2026", LineKind::Accrual, rub("4000.00")),
        ]
    );
    assert_eq!(
        outcome.lines[0].explanation.note.as_deref(),
        Some("not payable: no signed contract at booking")
    );
}

/// A change to the value in force, an ended contract ended again, and a change for a
/// partner not yet registered are each refused with their reason; nothing else is lost.
#[test]
fn ls_2_a_change_that_changes_nothing_is_refused_with_its_reason() {
    let changes = [
        (
            EventKind::LegalFormChanged {
                partner: "se".into(),
                legal_form: LegalForm::SelfEmployed,
            },
            ErrorKind::FactUnchanged {
                fact: "legal form".into(),
                value: "self_employed".into(),
            },
        ),
        (
            EventKind::LegalFormChanged {
                partner: "later".into(),
                legal_form: LegalForm::SelfEmployed,
            },
            ErrorKind::UnknownPartner {
                partner: "later".into(),
            },
        ),
    ];
    for (kind, expected) in changes {
        let mut book = self_employed_with_client();
        book.push("change", msk(2024, 1, 20, 10, 0), kind);
        let error = evaluate(&programs::leadsender(), &book.ledger()).unwrap_err();
        assert_eq!(error.event().map(|id| id.as_str()), Some("change"));
        assert_eq!(error.kind(), &expected);
    }
    let mut book = self_employed_with_client();
    let ends = || EventKind::ContractEnded {
        partner: "se".into(),
    };
    book.push("ends", msk(2024, 6, 1, 10, 0), ends()).push(
        "ends-again",
        msk(2024, 7, 1, 10, 0),
        ends(),
    );
    let outcome = commission_rules::evaluate_with(
        &programs::leadsender(),
        &book.ledger(),
        commission_rules::Mode::Lenient,
    )
    .unwrap();
    let rejected: Vec<_> = outcome
        .rejections
        .iter()
        .map(|r| (r.event.as_str(), r.reason.clone()))
        .collect();
    assert_eq!(
        rejected,
        [(
            "ends-again",
            ErrorKind::FactUnchanged {
                fact: "contract".into(),
                value: "not in force".into()
            }
        )]
    );
}
