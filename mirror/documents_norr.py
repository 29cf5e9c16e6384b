"""RCC Norr's documents: the 2022–2024 plan, its follow-ups, 21 process plans, older plans.

Reads nothing; writes nothing. Paths are on-disk paths in the mirror (host first, decoded).
"""

from __future__ import annotations

from rcc_archive.mirror.documents import CC, NORR_PROCESS_PLANS, Doc

NORR = f"{CC}/globalassets/cancerplaner/norr"
NORR_CONTENT = f"{CC}/contentassets/9b5e3c1d2f4a4e6b8c7d0a1b2c3d4e5f"


def _norr(key: str, path: str, title: str, kind: str, period: str, **kw: str) -> Doc:
    return Doc(key, f"{NORR}/{path}", title, "RCC Norr", "norr", kind, period, **kw)


NORR: tuple[Doc, ...] = (
    _norr(
        "norr_plan",
        "cancerplan-for-norra-sjukvardsregionen-2022-2024.pdf",
        "Cancerplan för norra sjukvårdsregionen 2022–2024",
        "cancerplan",
        "2022–2024",
        layout="hyphenated",
        date="2022-06-15",
    ),
    Doc(
        "norr_plan_copy",
        f"{NORR_CONTENT}/cancerplan-norra-sjukvardsregionen-2022-2024.pdf",
        "Cancerplan för norra sjukvårdsregionen 2022–2024",
        "RCC Norr",
        "norr",
        "cancerplan",
        "2022–2024",
        same_as="norr_plan",
    ),
    _norr(
        "norr_uppf_2023",
        "uppfoljning/uppfoljning-for-2023-av-cancerplanen-for-norra-sjukvardsregionen.pdf",
        "Uppföljning för 2023 av cancerplanen för norra sjukvårdsregionen",
        "uppfoljning",
        "2022–2024",
        year="2023",
        date="2024-04-18",
        subtitle="Sjukvårdsregional cancerplan 2022–2024",
    ),
    *(
        _norr(
            f"norr_pp_{slug.replace('-', '_')}",
            f"processplaner/processplan-{slug}.pdf",
            f"Processplan {name}",
            "processplan",
            "2022–2024",
            diagnosis=name,
            date="2022-05-02",
            subtitle="Underlag till Cancerplan för norra sjukvårdsregionen 2022–2024",
        )
        for name, slug in NORR_PROCESS_PLANS
    ),
    _norr(
        "norr_uppf_2023b",
        "tidigare-uppfoljningar/uppfoljning-2023-sjukvardsregional-cancerplan-2022-2024.pdf",
        "Uppföljning för 2023 av cancerplanen för norra sjukvårdsregionen",
        "uppfoljning",
        "2022–2024",
        year="2023",
        same_as="norr_uppf_2023",
    ),
    _norr(
        "norr_uppf_2022",
        "tidigare-uppfoljningar/uppfoljning-2022-sjukvardsregional-cancerplan-2022-2024.pdf",
        "Uppföljning (2022) Sjukvårdsregional cancerplan 2022-2024",
        "uppfoljning",
        "2022–2024",
        year="2022",
        date="2023-04-20",
    ),
    _norr(
        "norr_uppf_2021",
        "tidigare-uppfoljningar/uppfoljning-2021-sjukvardsregional-cancerplan-2019-2021.pdf",
        "Uppföljning (2021) Sjukvårdsregional cancerplan 2019–2021",
        "uppfoljning",
        "2019–2021",
        year="2021",
        date="2022-03-30",
    ),
    _norr(
        "norr_uppf_2020",
        "tidigare-uppfoljningar/uppfoljning-2020-sjukvardsregional-cancerplan-2019-2021.pdf",
        "Uppföljning (2020) Sjukvårdsregional cancerplan 2019–2021",
        "uppfoljning",
        "2019–2021",
        year="2020",
        date="2021-03-12",
    ),
    _norr(
        "norr_uppf_2019",
        "tidigare-uppfoljningar/uppfoljning-2019-sjukvardsregional-cancerplan-2019-2021.pdf",
        "Uppföljning (2019) Sjukvårdsregional cancerplan 2019—2021",
        "uppfoljning",
        "2019—2021",
        year="2019",
        date="2020-03-18",
    ),
    _norr(
        "norr_uppf_2018",
        "tidigare-uppfoljningar/uppfoljning-2018-regional-utvecklingsplan-2016-2018.pdf",
        "Uppföljning (2018) Regional utvecklingsplan för cancervården 2016–2018",
        "uppfoljning",
        "2016–2018",
        year="2018",
        date="2019-03-14",
    ),
    _norr(
        "norr_uppf_2017",
        "tidigare-uppfoljningar/uppfoljning-2017-regional-utvecklingsplan-2016-2018.pdf",
        "Uppföljning (2017) Regional utvecklingsplan för cancervården 2016–2018",
        "uppfoljning",
        "2016–2018",
        year="2017",
        date="2018-03-22",
    ),
    _norr(
        "norr_plan_2019",
        "tidigare-cancerplaner/regional-cancerplan-norra-sjukvardsregionen-2019-2021.pdf",
        "Regional cancerplan för norra sjukvårdsregionen 2019–2021",
        "cancerplan",
        "2019–2021",
        date="2018-11-28",
    ),
    _norr(
        "norr_plan_2016",
        "tidigare-cancerplaner/regional-utvecklingsplan-cancervarden-norra-regionen-2016-2018.pdf",
        "Regional utvecklingsplan för cancervården i norra regionen 2016–2018",
        "cancerplan",
        "2016–2018",
        date="2015-12-09",
    ),
    _norr(
        "norr_bilaga_2016",
        "tidigare-cancerplaner/bilaga-1-malnivaer-utvecklingsplan-2016-2018.pdf",
        "Bilaga 1 Målnivåer till utvecklingsplan 2016–2018",
        "bilaga",
        "2016–2018",
        date="2015-12-09",
    ),
    _norr(
        "norr_plan_2013",
        "tidigare-cancerplaner/regional-utvecklingsplan-canceromradet-2013-2015-rev-2014.pdf",
        "Regional utvecklingsplan för cancerområdet RCC 2013–2015 rev 2014",
        "cancerplan",
        "2013–2015",
        year="2014",
        date="2014-10-01",
    ),
)
