"""Demo content for a fresh install, loaded by `manage.py load_demo_content`.

Facts follow public reporting from 2025; the wording is the consultancy's own.
"""

import datetime

# name, slug, ISO 3166-1 code
COUNTRIES = [
    ("Burkina Faso", "burkina-faso", "BF"),
    ("Mali", "mali", "ML"),
    ("Niger", "niger", "NE"),
    ("DR Congo", "dr-congo", "CD"),
    ("Egypt", "egypt", "EG"),
    ("Ethiopia", "ethiopia", "ET"),
    ("Sudan", "sudan", "SD"),
    ("Chad", "chad", "TD"),
    ("Nigeria", "nigeria", "NG"),
    ("Rwanda", "rwanda", "RW"),
    ("Uganda", "uganda", "UG"),
]

# name, slug, description
TOPICS = [
    (
        "Defence cooperation",
        "defence-cooperation",
        "Military agreements, training, arms transfers and basing.",
    ),
    (
        "Armed groups",
        "armed-groups",
        "Insurgents, militias and rebel movements, and the operations against them.",
    ),
    (
        "Diplomacy",
        "diplomacy",
        "Alliances, mediation and the positions of regional and global powers.",
    ),
    ("Water security", "water-security", "Shared rivers, dams and disputes over them."),
    ("Sahel", "sahel", "Burkina Faso, Mali, Niger and their neighbours."),
    ("Great Lakes", "great-lakes", "Eastern DR Congo and the states around it."),
    ("Nile Basin", "nile-basin", "The countries that share the Nile."),
    (
        "Foreign influence",
        "foreign-influence",
        "What outside powers do in Africa, and what they gain from it.",
    ),
]

# Fictional people: the demo's analysts. Portraits are drawn when loaded.
ANALYSTS = [
    {
        "name": "Mariam Traoré",
        "slug": "mariam-traore",
        "title": "Senior analyst, Sahel",
        "bio": (
            "Follows defence diplomacy and armed groups across the central Sahel, "
            "after a decade of field research in West Africa. Mariam leads our "
            "work on the Alliance of Sahel States and on the foreign partners "
            "that arm and train its members."
        ),
        "countries": ["burkina-faso", "mali", "niger", "chad"],
    },
    {
        "name": "Claire Mbuyi",
        "slug": "claire-mbuyi",
        "title": "Analyst, Great Lakes",
        "bio": (
            "Covers eastern DR Congo and its neighbours: the armed groups, the "
            "mining regions they contest and the security partnerships Kinshasa "
            "builds to push them back. She advises companies on operating "
            "around mining sites."
        ),
        "countries": ["dr-congo", "rwanda", "uganda"],
    },
    {
        "name": "Hana Girma",
        "slug": "hana-girma",
        "title": "Senior analyst, Horn of Africa and Nile Basin",
        "bio": (
            "Works on the politics of shared water and the alliances around it, "
            "from the Blue Nile to the Red Sea, and on the war in Sudan's effects "
            "on its neighbours."
        ),
        "countries": ["egypt", "ethiopia", "sudan"],
    },
    {
        "name": "Samuel Okafor",
        "slug": "samuel-okafor",
        "title": "Analyst, Lake Chad Basin",
        "bio": (
            "Tracks insurgency and counter-insurgency around Lake Chad and the "
            "security of transport corridors in northern Nigeria, with a focus on "
            "what they mean for investors and logistics."
        ),
        "countries": ["nigeria", "chad", "niger"],
    },
]

# Country hubs' introductions, in Markdown: what a reader needs to place the
# country's briefings, without events beyond those the briefings report.
COUNTRY_INTRODUCTIONS = {
    "burkina-faso": (
        "A member of the **Alliance of Sahel States** with Mali and Niger. Its "
        "government has turned from its Western partners towards Russia for "
        "security support, a shift our briefings follow closely."
    ),
    "mali": (
        "Mali is at the heart of the central Sahel's security crisis and of the "
        "**Alliance of Sahel States**. We follow its defence partnerships, the "
        "armed groups active on its territory and the consequences for "
        "companies operating there, in mining above all."
    ),
    "niger": (
        "Niger, a member of the **Alliance of Sahel States**, has redrawn its "
        "security partnerships since breaking with its former Western allies. "
        "Our briefings cover its military cooperation and regional diplomacy."
    ),
    "dr-congo": (
        "Eastern DR Congo's armed groups, its mining regions and the new "
        "security partners Kinshasa is courting shape the risks of any project "
        "in the country. Our briefings follow each of them."
    ),
    "egypt": (
        "Egypt's security policy looks south, to the Nile: its dispute with "
        "Ethiopia over the Blue Nile's great dam and the defence ties it builds "
        "with other Nile Basin states."
    ),
    "ethiopia": (
        "Ethiopia's Grand Ethiopian Renaissance Dam is a national project for "
        "Addis Ababa and a source of tension with Egypt and Sudan downstream. "
        "We follow the talks and the alliances around them."
    ),
    "sudan": (
        "Sudan sits between Ethiopia and Egypt on the Nile, and the war in the "
        "country weighs on every regional arrangement that involves it."
    ),
}

PAGES = [
    {
        "slug": "about",
        "title": "About African Security Analysis",
        "standfirst": (
            "An independent consultancy that explains security across Africa to "
            "the organisations that invest and operate there."
        ),
        "body": """\
## What we do

We follow the agreements, armed groups and shifts of power that change the
risks of working in African countries, and we turn them into advice an
organisation can act on: from the first country risk assessment to support
for teams on the ground.

Our **briefings** are free to read. They show how we think: what happened,
why it matters and what to watch next.

## How we work with clients

- **Risk assessments** of a country, a region or a site.
- **Due diligence** on partners and projects.
- **Operational advisory** for teams travelling and working in the field.
- **Monitoring** of the countries and subjects that matter to you.
- **Briefing calls** with the analyst who covers your question.

## Our principles

We are independent: no government or company decides what we publish. What a
client tells us stays between us and the analysts working on their request.
""",
    },
    {
        "slug": "contact",
        "title": "Contact us",
        "standfirst": (
            "Tell us what you need to know: the fastest way is a Request for "
            "Interest, which goes straight to the analysts who cover your "
            "countries."
        ),
        "body": """\
## Requests for proposals

Use the **Request for Interest** form: say which countries and sectors concern
you and what you need. An analyst replies with questions or a proposal.

## Press and everything else

Write to us at the address opposite; we answer within two working days.
""",
        "address": "African Security Analysis\nDemo House, 1 Example Road\n"
        "Accra, Ghana (demo address)",
        "email": "contact@asa.example",
        "phone": "+233 30 000 0000",
    },
]

RUSSIA_AES = {
    "slug": "russia-aes-military-cooperation",
    "title": "Russia and the Sahel States Put Their Military Partnership on Paper",
    "standfirst": (
        "A defence memorandum signed in Moscow in August 2025 turns months of "
        "informal Russian support to Burkina Faso, Mali and Niger into a declared "
        "partnership."
    ),
    "summary": (
        "At a defence summit in Moscow on 14 August 2025, Russia and the juntas "
        "that make up the Alliance of Sahel States (AES), namely Burkina Faso, Mali "
        "and Niger, signed a memorandum on military cooperation.\n\n"
        "The text gives a formal frame to a relationship that grew fast after the "
        "three governments turned away from their Western partners, France first "
        "among them. It will shape the region's security arrangements, its "
        "diplomacy and the conditions under which foreign investors operate."
    ),
    "body": """\
## What the memorandum covers

The agreement makes Moscow the main outside security partner of the three
states. It lists four areas of cooperation: training of military personnel,
logistical support, deliveries of weapons and equipment, and the sharing of
intelligence.

Little of this is new on the ground. Russian diplomats had been active in
Bamako, Ouagadougou and Niamey for months, and equipment had already been
delivered. Russian military personnel have been reported in Mali and in Niger,
and Russian aircraft have carried defence cargo into the region. In exchange,
the AES states give Russia operational access and logistical facilities. The
signature mostly writes down an arrangement that was already working.

## Russia's presence after Wagner

The Wagner Group's fighters have left the region; Russian engagement has not.
It now runs through official state channels:

- Russian advisers are reported to work inside AES ministries and defence
  institutions.
- Russia-linked companies are growing their footprint in mining, energy and
  construction.
- Outlets associated with Russian entities run coverage that promotes the
  partnership.
- Moscow campaigns for the AES to be recognised as a bloc in African and
  international forums, and has opened talks with other African governments
  about similar cooperation.

## How other actors have responded

- **France** has criticised several AES decisions, among them Mali's arrest of
  a French diplomat.
- **ECOWAS** still says it wants dialogue with the three states, despite the
  sanctions and suspensions of recent years.
- **The African Union** has voiced concern about governance and human rights
  in AES territory and is following up through diplomatic channels.
- **The United States** keeps a narrow channel open, mostly on
  counter-terrorism, while watching Russia's growing role.

## Strategic outlook

The memorandum redraws part of the Sahel's security map. How armies
coordinate, which capitals side with whom and who wins contracts across the
region may all shift, and with them the way these states are governed and the
way they cooperate with their neighbours. How
the AES–Russia relationship develops will be one of the main variables for
anyone assessing stability in West Africa and the balance between the outside
powers present there.
""",
    "countries": ["burkina-faso", "mali", "niger"],
    "authors": ["mariam-traore"],
    "topics": ["defence-cooperation", "foreign-influence", "sahel", "diplomacy"],
    "published_at": datetime.datetime(2025, 8, 19, 8, 0, tzinfo=datetime.UTC),
    "featured": True,
}

DRC_EGYPT = {
    "slug": "drc-egypt-defence-axis",
    "title": "DRC and Egypt Forge a Defence Axis as Pressure Mounts in the East",
    "standfirst": (
        "Kinshasa and Cairo are moving to a closer stage of military cooperation "
        "while threats multiply in eastern Congo and outside powers compete for "
        "influence across the continent."
    ),
    "summary": (
        "The Democratic Republic of the Congo is deepening its defence relationship "
        "with Egypt. For Kinshasa, under pressure from armed groups in its eastern "
        "provinces, Cairo offers training, equipment and diplomatic weight. For "
        "Egypt, the partnership extends its presence in the Nile Basin and the "
        "Great Lakes while its dispute with Ethiopia over the Nile remains open."
    ),
    "body": """\
## Why Kinshasa is looking for partners

Eastern Congo remains the country's most urgent security problem. Dozens of
armed groups operate in North Kivu, South Kivu and Ituri, and the M23
rebellion's advances in 2025 showed how thin the state's hold on the region
can be. Rather than depend on a single backer, Kinshasa has been spreading its
security ties across several partners.

## What Egypt brings

Egypt fields one of the largest armed forces on the continent and a defence
industry able to supply equipment and run training programmes. Over the past
years Cairo has signed military and intelligence cooperation agreements with
several Nile Basin states; the Congolese partnership fits that pattern.

## Regional implications

- **Ethiopia** is likely to read a stronger Egyptian presence upstream as part
  of Cairo's pressure in the Nile dispute.
- **Neighbours of eastern Congo** will watch whether Egyptian support changes
  the balance on the ground or stays limited to training and equipment.
- **Investors** in Congolese mining regions should expect security
  arrangements around key sites to keep changing as new partners arrive.

## What to watch

Signs that the partnership is becoming operational: training missions on
Congolese soil, deliveries of equipment, officer exchanges, and whether the
cooperation extends to intelligence on armed groups in the east.
""",
    "countries": ["dr-congo", "egypt"],
    "authors": ["claire-mbuyi", "hana-girma"],
    "topics": ["defence-cooperation", "armed-groups", "great-lakes", "nile-basin"],
    "published_at": datetime.datetime(2025, 8, 6, 8, 0, tzinfo=datetime.UTC),
    "featured": False,
}

EGYPT_ETHIOPIA = {
    "slug": "egypt-ethiopia-nile-talks",
    "title": "Egypt and Ethiopia Edge Back Towards Nile Talks as Cairo Welcomes a "
    "U.S. Role",
    "standfirst": (
        "Cairo says it would accept Washington as a broker in its long quarrel "
        "with Addis Ababa over the Nile's waters."
    ),
    "summary": (
        "Abdel Fattah al-Sisi has said that Egypt welcomes Donald Trump's offer "
        "of American mediation in its dispute with Ethiopia over the Nile. The "
        "quarrel centres on the Grand Ethiopian Renaissance Dam on the "
        "Blue Nile, which Addis Ababa treats as vital to its development and Cairo "
        "as a threat to the river on which almost all of its fresh water depends."
    ),
    "body": """\
## The dispute in brief

Ethiopia built the Grand Ethiopian Renaissance Dam to generate electricity for
its fast-growing population. Egypt, downstream, fears that filling and running
the reservoir without a binding agreement will cut its share of the river in
dry years. Sudan, between the two, worries about the safety and coordination
of its own dams. Years of talks, including a round hosted in Washington in
2019 and 2020, ended without a binding deal.

## What a U.S. role could change

A mediator with leverage over both capitals could bring the parties back to
the table on the points that matter most: rules for filling the reservoir in
drought years, data sharing, and a mechanism to settle disputes. Ethiopia has
long preferred an African-led process and may be wary of terms that look
imposed from outside.

## Regional stakes

The dispute shapes alliances well beyond the two capitals. Cairo has built
defence ties with several Nile Basin states, while Addis Ababa presents the
dam as a national project above negotiation. The war in Sudan adds
uncertainty to any three-way arrangement.

## Outlook

Renewed talks lower the risk of escalation in the short term, but the gap
between the parties remains wide. Organisations with interests in the Nile
Basin should plan for a long negotiation, periods of sharp rhetoric, and
possible effects on water-intensive projects downstream.
""",
    "countries": ["egypt", "ethiopia", "sudan"],
    "authors": ["hana-girma"],
    "topics": ["water-security", "diplomacy", "nile-basin"],
    "published_at": datetime.datetime(2025, 7, 17, 8, 0, tzinfo=datetime.UTC),
    "featured": False,
}

BRIEFINGS = [RUSSIA_AES, DRC_EGYPT, EGYPT_ETHIOPIA]

# (briefing, target) pairs in "Discover More" order.
RELATED_LINKS = [
    (RUSSIA_AES["slug"], DRC_EGYPT["slug"]),
    (RUSSIA_AES["slug"], EGYPT_ETHIOPIA["slug"]),
]
