"""Demo staff and requests for interest (see the load_demo_leads command).

Invented people and organisations at .example domains; names in several
scripts so that exports and pages show they survive the trip.
"""

from ..models import Channel, Lead, LeadStatus, Sector

# username: group, first name, last name
STAFF = {
    "editor": ("Editors", "Amina", "Bello"),
    "sales": ("Sales", "Samuel", "Mensah"),
    "manager": ("Sales managers", "Grace", "Njeri"),
}

# Who receives which requests: staff usernames, the countries and sectors
# they cover, and the routing rules (country slugs, sectors, recipient
# usernames, assignment; empty lists match any): every demo country
# (briefings.demo) is in a rule, so no demo request is unrouted but one that
# names no country.
RECIPIENTS = {
    "sales": {
        "countries": [
            "burkina-faso",
            "niger",
            "nigeria",
            "dr-congo",
            "rwanda",
            "uganda",
        ],
        "sectors": [],
    },
    "manager": {
        "countries": ["mali", "chad", "sudan", "egypt", "ethiopia"],
        "sectors": [Sector.STRATEGIC],
    },
}
ROUTING_RULES = [
    # Gold in the Sahel: both, in turn.
    (
        ["mali", "burkina-faso", "niger"],
        [Sector.MINING],
        ["sales", "manager"],
        "round_robin",
    ),
    *(
        (coverage["countries"], [], [username], "fewest_open")
        for username, coverage in RECIPIENTS.items()
    ),
]

H = Lead.HelpWanted
T = Lead.Timeline

# Each request: what the prospect sent, then what sales did with it.
LEADS = [
    {
        "full_name": "Jonas Berg",
        "email": "jonas.berg@nordic-aid.example",
        "organisation": "Nordic Aid Network",
        "job_title": "Programme lead",
        "countries": ["mali"],
        "sectors": [Sector.OTHER],
        "help_wanted": H.MONITORING,
        "timeline": T.EXPLORING,
        "requirements": "We run clinics around Mopti and need a monthly view of "
        "road security for our staff movements.",
        "briefing": "russia-aes-military-cooperation",
        "days_ago": 0.2,
    },
    {
        "full_name": "Олег Петров",
        "email": "o.petrov@volga-logistics.example",
        "organisation": "Volga Logistics",
        "job_title": "Regional director",
        "phone": "+7 495 555 0199",
        "countries": ["niger"],
        "sectors": [Sector.CONSTRUCTION],
        "help_wanted": H.DUE_DILIGENCE,
        "timeline": T.IMMEDIATE,
        "requirements": "A depot near Niamey is planned for next spring. Who are "
        "the local partners we should and should not work with?",
        "briefing": "russia-aes-military-cooperation",
        "days_ago": 3,
    },
    {
        "full_name": "Amara Diallo",
        "email": "amara.diallo@kilima-mining.example",
        "organisation": "Kilima Mining Holdings",
        "job_title": "Head of Risk",
        "phone": "+27 11 555 0100",
        "countries": ["burkina-faso", "niger"],
        "sectors": [Sector.MINING, Sector.INVESTMENT],
        "help_wanted": H.RISK_ASSESSMENT,
        "timeline": T.QUARTER,
        "requirements": "We are weighing a gold concession in the east. What is "
        "the outlook for the mine road and the nearby towns?",
        "briefing": "russia-aes-military-cooperation",
        "days_ago": 0.5,
    },
    {
        # Met at a conference: the same person as above, typed in by sales
        # with her name misspelt, from another address at her company.
        "full_name": "Amara Dialo",
        "email": "a.diallo@kilima-mining.example",
        "organisation": "Kilima Mining (Pty) Ltd",
        "job_title": "Head of Risk",
        "countries": ["burkina-faso"],
        "sectors": [Sector.MINING],
        "help_wanted": H.BRIEFING_CALL,
        "timeline": T.IMMEDIATE,
        "requirements": "Asked at the Mining Indaba for a call on security "
        "along the eastern mine road.",
        "briefing": None,
        "channel": Channel.EVENT,
        "days_ago": 0.2,
    },
    {
        "full_name": "أحمد حسن",
        "email": "ahmed.hassan@nile-infra.example",
        "organisation": "Nile Infrastructure Partners",
        "job_title": "Investment manager",
        "countries": ["egypt", "ethiopia"],
        "sectors": [Sector.CONSTRUCTION, Sector.FINANCIAL],
        "help_wanted": H.BRIEFING_CALL,
        "timeline": T.QUARTER,
        "requirements": "Our board wants a call on what the dam talks mean for "
        "water infrastructure tenders over the next two years.",
        "briefing": "egypt-ethiopia-nile-talks",
        "days_ago": 9,
        "status": LeadStatus.CONTACTED,
        "hours_to_answer": 3,
        "assignee": "sales",
        "notes": ["Called back; they would like the call in Arabic if possible."],
    },
    {
        "full_name": "李伟",
        "email": "li.wei@sino-africa-minerals.example",
        "organisation": "Sino-Africa Minerals",
        "job_title": "Country manager",
        "countries": ["dr-congo"],
        "sectors": [Sector.MINING],
        "help_wanted": H.OPERATIONAL_ADVISORY,
        "timeline": T.HALF_YEAR,
        "requirements": "Advice on moving staff and ore between Kolwezi and the "
        "border crossings safely.",
        "briefing": "drc-egypt-defence-axis",
        "days_ago": 20,
        "status": LeadStatus.QUALIFIED,
        "hours_to_answer": 2,
        "assignee": "manager",
        "notes": [
            "Budget confirmed for a six-month engagement.",
            "Sent our capability statement.",
        ],
    },
    {
        "full_name": "Claire Dubois",
        "email": "claire.dubois@banque-sahel.example",
        "organisation": "Banque du Sahel",
        "job_title": "Chief risk officer",
        "countries": ["burkina-faso"],
        "sectors": [Sector.FINANCIAL],
        "help_wanted": H.MONITORING,
        "timeline": T.LATER,
        "requirements": "Quarterly country risk notes for our credit committee.",
        "briefing": "russia-aes-military-cooperation",
        "days_ago": 30,
        "status": LeadStatus.PROPOSAL_SENT,
        "hours_to_answer": 7,
        "assignee": "sales",
        "notes": ["Proposal sent for four quarterly notes."],
    },
    {
        "full_name": "Kwame Asante",
        "email": "kwame@gold-coast-capital.example",
        "organisation": "Gold Coast Capital",
        "job_title": "Partner",
        "countries": ["nigeria"],
        "sectors": [Sector.INVESTMENT],
        "help_wanted": H.BRIEFING_CALL,
        "timeline": T.QUARTER,
        "requirements": "A briefing for our investment committee before a vote.",
        "briefing": None,
        "days_ago": 45,
        "status": LeadStatus.WON,
        "hours_to_answer": 1,
        "assignee": "sales",
        "notes": ["Signed for a committee briefing."],
    },
    {
        "full_name": "Sofia Almeida",
        "email": "s.almeida@atlantic-energy.example",
        "organisation": "Atlantic Energy",
        "job_title": "Security adviser",
        "countries": ["sudan", "chad"],
        "sectors": [Sector.STRATEGIC],
        "help_wanted": H.RISK_ASSESSMENT,
        "timeline": T.IMMEDIATE,
        "requirements": "Evacuation planning for a pipeline survey team.",
        "briefing": "egypt-ethiopia-nile-talks",
        "days_ago": 60,
        "status": LeadStatus.LOST,
        "hours_to_answer": 12,
        "assignee": "manager",
        "notes": ["They chose a provider with staff already in Chad."],
    },
    {
        "full_name": "Fatima Zahra",
        "email": "f.zahra@maghreb-invest.example",
        "organisation": "Maghreb Invest",
        "job_title": "Analyst",
        "countries": ["egypt"],
        "sectors": [Sector.INVESTMENT, Sector.ECONOMIC],
        "help_wanted": H.DUE_DILIGENCE,
        "timeline": T.QUARTER,
        "requirements": "Background on the defence procurement links of two "
        "listed companies.",
        "briefing": "drc-egypt-defence-axis",
        "days_ago": 5,
        "status": LeadStatus.CONTACTED,
        "hours_to_answer": 26,
        "assignee": None,
    },
    {
        "full_name": "Nomvula Dlamini",
        "email": "n.dlamini@ubuntu-pension.example",
        "organisation": "Ubuntu Pension Fund",
        "job_title": "Head of emerging markets",
        "countries": [],
        "sectors": [Sector.ECONOMIC],
        "help_wanted": H.BRIEFING_CALL,
        "timeline": T.EXPLORING,
        "requirements": "A continent-wide view of where coups and sanctions are "
        "likely to hit sovereign bonds next year.",
        "briefing": None,
        "days_ago": 0.1,
    },
    {
        "full_name": "Best Offers Team",
        "email": "offers@bulk-mailer.example",
        "organisation": "Best Offers",
        "job_title": "Marketing",
        "countries": [],
        "sectors": [Sector.OTHER],
        "help_wanted": H.OTHER,
        "timeline": T.EXPLORING,
        "requirements": "Cheap links! https://a.example https://b.example "
        "https://c.example https://d.example",
        "briefing": None,
        "days_ago": 1,
    },
]
