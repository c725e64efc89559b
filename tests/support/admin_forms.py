"""What the briefing admin's change page posts."""


def change_form_data(briefing, **changes):
    """The briefing's fields as its change page sends them back, with changes;
    for a briefing with no related links yet."""
    return {
        "title": briefing.title,
        "slug": briefing.slug,
        "standfirst": briefing.standfirst,
        "summary": briefing.summary,
        "body": briefing.body,
        "countries": [country.pk for country in briefing.countries.all()],
        "topics": [topic.pk for topic in briefing.topics.all()],
        "authors": [author.pk for author in briefing.authors.all()],
        "status": briefing.status,
        "published_at_0": briefing.published_at.strftime("%Y-%m-%d"),
        "published_at_1": briefing.published_at.strftime("%H:%M:%S"),
        "related_links-TOTAL_FORMS": "0",
        "related_links-INITIAL_FORMS": "0",
        "related_links-MIN_NUM_FORMS": "0",
        "related_links-MAX_NUM_FORMS": "1000",
        **changes,
    }
