"""A realistic data set for the benchmark, written fast with bulk_create.

python -m bench.seed --briefings 2000 --output seed.json  (an empty database)

Bodies are Markdown of a real briefing's length (about 700 to 1 200 words in
titled sections), rendered once here as Briefing.save() would.
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import timedelta

from .workspace import seed_leads

COUNTRIES = [
    ("Algeria", "DZ"), ("Angola", "AO"), ("Benin", "BJ"), ("Burkina Faso", "BF"),
    ("Burundi", "BI"), ("Cameroon", "CM"), ("Central African Republic", "CF"),
    ("Chad", "TD"), ("Côte d'Ivoire", "CI"), ("DR Congo", "CD"), ("Egypt", "EG"),
    ("Ethiopia", "ET"), ("Ghana", "GH"), ("Guinea", "GN"), ("Kenya", "KE"),
    ("Libya", "LY"), ("Mali", "ML"), ("Mauritania", "MR"), ("Morocco", "MA"),
    ("Mozambique", "MZ"), ("Niger", "NE"), ("Nigeria", "NG"), ("Rwanda", "RW"),
    ("Senegal", "SN"), ("Somalia", "SO"), ("South Africa", "ZA"),
    ("South Sudan", "SS"), ("Sudan", "SD"), ("Tanzania", "TZ"), ("Togo", "TG"),
    ("Uganda", "UG"), ("Zambia", "ZM"),
]  # fmt: skip
TOPICS = [
    "Defence cooperation", "Armed groups", "Mining", "Energy", "Elections",
    "Maritime security", "Infrastructure", "Sanctions", "Counterterrorism",
    "Migration", "Food security", "Diplomacy",
]  # fmt: skip
PARTNERS = ["Russia", "France", "Turkey", "China", "the United States", "the UAE"]
BLOCS = ["ECOWAS", "the African Union", "SADC", "the EAC", "the AES"]
SECTORS = ["gold mining", "lithium", "oil and gas", "port logistics", "telecoms"]
GROUPS = ["jihadist cells", "local militias", "rebel factions", "bandit networks"]
HEADLINES = [
    "{partner} deepens security ties with {country}",
    "{country}: what the new {sector} code means for investors",
    "{group} shift south as {country} redeploys troops",
    "{bloc} summit puts {country} transition under pressure",
    "{country} signs defence memorandum with {partner}",
    "Road corridors in {country}: a risk map for {sector} operators",
]
SECTIONS = [
    "Context", "What changed", "Security forces and armed groups",
    "Economic exposure", "Regional and international responses",
    "Strategic outlook", "Indicators to watch",
]  # fmt: skip
SENTENCES = [
    "Authorities in {country} confirmed the agreement after weeks of talks with "
    "{partner}, which now offers training, equipment and intelligence support.",
    "Field contacts report that {group} have moved closer to the main supply routes, "
    "forcing convoys to travel in daylight and under escort.",
    "For {sector} operators the immediate effect is on insurance premiums, which "
    "rose by roughly {n} per cent in the quarter.",
    "{bloc} has kept a channel open to the government while maintaining part of "
    "the sanctions imposed after the last change of power.",
    "The budget for the armed forces grew again this year, largely funded by "
    "royalties from {sector}.",
    "Diplomats in the capital describe the mood as cautious: {partner} is welcomed "
    "publicly, yet ministries still seek Western financing for infrastructure.",
    "Attacks within {n} kilometres of the border doubled compared with the same "
    "period last year, according to our incident database.",
    "Local elections scheduled for next year may be postponed, which would extend "
    "the transition and keep decision-making in a small circle.",
    "Companies with staff in the north should review evacuation plans and confirm "
    "that their local partners can still reach the sites.",
    "We expect the government to renegotiate at least {n} mining permits, favouring "
    "partners that bring security guarantees along with capital.",
]

# Words of the generated text: readers' searches are one or two of them.
SEARCH_WORDS = [name for name, _ in COUNTRIES] + [
    "Russia", "France", "Turkey", "China", "lithium", "gold", "telecoms",
    "militias", "jihadist", "rebel", "bandit", "sanctions", "convoys",
    "insurance", "royalties", "evacuation", "ECOWAS", "transition", "elections",
    "permits", "border", "budget", "diplomats",
]  # fmt: skip


def paragraph(rng, facts):
    return " ".join(
        rng.choice(SENTENCES).format(n=rng.randint(5, 60), **facts)
        for _ in range(rng.randint(3, 6))
    )


def briefing_text(rng, country, n):
    facts = {
        "country": country,
        "partner": rng.choice(PARTNERS),
        "bloc": rng.choice(BLOCS),
        "sector": rng.choice(SECTORS),
        "group": rng.choice(GROUPS),
    }
    title = rng.choice(HEADLINES).format(**facts)
    title = title[0].upper() + title[1:]
    sections = [
        f"## {heading}\n\n"
        + "\n\n".join(paragraph(rng, facts) for _ in range(rng.randint(2, 3)))
        for heading in rng.sample(SECTIONS, rng.randint(4, 6))
    ]
    return {
        "title": f"{title} ({n})",
        "standfirst": paragraph(rng, facts)[:290].rsplit(" ", 1)[0] + ".",
        "summary": paragraph(rng, facts),
        "body": "\n\n".join(sections),
    }


def seed(count, rng, leads=0):
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from briefings.markdown import render_markdown
    from briefings.models import Analyst, Briefing, Country, RelatedLink, Topic

    if Briefing.objects.exists():
        raise SystemExit("bench.seed expects an empty database (run it via make bench)")
    now = timezone.now()
    with transaction.atomic():
        countries = Country.objects.bulk_create(
            Country(name=name, slug=slugify(name), iso_code=code)
            for name, code in COUNTRIES
        )
        topics = Topic.objects.bulk_create(
            Topic(name=name, slug=slugify(name)) for name in TOPICS
        )
        analysts = Analyst.objects.bulk_create(
            Analyst(
                name=f"Analyst {i}",
                slug=f"analyst-{i}",
                title="Senior analyst",
            )
            for i in range(12)
        )
        Analyst.countries.through.objects.bulk_create(
            Analyst.countries.through(analyst_id=a.pk, country_id=c.pk)
            for i, c in enumerate(countries)
            for a in (analysts[i % 12], analysts[(i + 5) % 12])
        )
        briefings, links = [], []
        for n in range(count):
            country = rng.choice(countries)
            text = briefing_text(rng, country.name, n)
            body_html, toc_html = render_markdown(text["body"])
            briefings.append(
                Briefing(
                    **text,
                    slug=slugify(text["title"])[:190],
                    body_html=body_html,
                    toc_html=toc_html,
                    status=Briefing.Status.PUBLISHED,
                    published_at=now - timedelta(minutes=rng.randint(60, 2 * 525600)),
                    featured=n < 6,
                )
            )
        Briefing.objects.bulk_create(briefings, batch_size=500)
        through = Briefing.countries.through
        through.objects.bulk_create(
            through(briefing_id=b.pk, country_id=c.pk)
            for b in briefings
            for c in {rng.choice(countries) for _ in range(rng.randint(1, 3))}
        )
        through = Briefing.topics.through
        through.objects.bulk_create(
            through(briefing_id=b.pk, topic_id=t.pk)
            for b in briefings
            for t in rng.sample(topics, rng.randint(1, 3))
        )
        through = Briefing.authors.through
        through.objects.bulk_create(
            through(briefing_id=b.pk, analyst_id=a.pk)
            for b in briefings
            for a in rng.sample(analysts, rng.randint(1, 2))
        )
        for b in briefings:
            others = rng.sample(briefings, 4)
            targets = [o for o in others if o.pk != b.pk][:3]
            links += [
                RelatedLink(briefing=b, target=t, position=i)
                for i, t in enumerate(targets)
            ]
            if rng.random() < 0.3:
                links.append(
                    RelatedLink(
                        briefing=b,
                        url="https://example.com/analysis",
                        title="Background reading on the region",
                        teaser="An external analysis the editors recommend.",
                        position=len(targets),
                    )
                )
        RelatedLink.objects.bulk_create(links, batch_size=1000)
    workspace = seed_leads(leads, rng, briefings, countries) if leads else {}
    # What autovacuum does within a minute of a bulk load in production: the
    # dead row versions gone and the planner's statistics gathered.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "briefings": len(briefings),
        "related_links": len(links),
        "slugs": [b.slug for b in briefings],
        "countries": [c.slug for c in countries],
        "search_words": SEARCH_WORDS,
        **workspace,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.seed")
    parser.add_argument("--briefings", type=int, default=2000)
    parser.add_argument("--leads", type=int, default=10000)
    parser.add_argument("--output", required=True)
    parser.add_argument("--random-seed", type=int, default=6)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    started = time.monotonic()
    result = seed(args.briefings, random.Random(args.random_seed), args.leads)
    result["seconds"] = round(time.monotonic() - started, 1)
    with open(args.output, "w") as file:
        json.dump(result, file)
    print(
        f"seeded {result['briefings']} briefings, {result['related_links']} "
        f"related links and {result.get('leads', 0)} leads in {result['seconds']} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
