import hashlib

import pytest
import yaml

from aktiv.assessments import definitions
from aktiv.assessments.definitions import INSTRUMENT_DIR, DefinitionError, load_file, parse

# A released instrument version is never edited: responses point at its exact texts.
# To change wording, add <key>.v<N+1>.yaml and pin it here. The rule covers translations
# (instruments/<lang>/<key>.v<N>.yaml, issue #13): a response records the language it was
# answered in, so a released translation is pinned too, under its path ("nn/<file>").
RELEASED = {
    "aktivt-medarbeiderskap.v1.yaml": (
        "fdc2ecc604fb037180eb346a837e5d883be373d8d06099bb4038eca6274b4a27"
    ),
    "karrierebevissthet.v1.yaml": (
        "f446b99bac0a031b6cf697dbbe87013fb8191ae4fc3028646a06887c3e81f90e"
    ),
    "lederferdigheter.v1.yaml": "6f4374f282323ecafaab292aa08481a16b536ca56f5f290a088d586b509ccae6",
    # Translations are released with their source and never edited either.
    "en/aktivt-medarbeiderskap.v1.yaml": (
        "5054f36405dd0a701c05e687932c33ff729c5078f622edd02f5e4cd2dfaffb2d"
    ),
    "en/karrierebevissthet.v1.yaml": (
        "8f92b84564f689d2d9b34d83430ee34db0d25171dc09a3cc191e9bfe83340348"
    ),
    "en/lederferdigheter.v1.yaml": (
        "869c3ceeefaecbebfd01baf1b9e066ccfc0eacc738c654f6b68514bc80f0d77f"
    ),
    "nn/aktivt-medarbeiderskap.v1.yaml": (
        "6a5e59330822da92afbb1f484f990cafc3a4cd7d1edc846c95dfaa09d28e0ea8"
    ),
    "nn/karrierebevissthet.v1.yaml": (
        "8b4653febd3d4db3f9ec543fc881c572a2d5b6118274796a77e064137d725cb4"
    ),
    "nn/lederferdigheter.v1.yaml": (
        "49735ceb35bdbf60980ee5e8536796e17bf553118e67bc3ee11a2ae3c4744da1"
    ),
}


def digest_of(name: str) -> str:
    return hashlib.sha256((INSTRUMENT_DIR / name).read_bytes()).hexdigest()


@pytest.mark.parametrize("name", sorted(RELEASED))
def test_released_versions_are_unchanged(name):
    assert digest_of(name) == RELEASED[name], f"{name} was edited; release a new version instead"


def test_every_file_is_pinned():
    """Sources and translations alike; the message gives the lines to pin a new file."""
    found = {p.relative_to(INSTRUMENT_DIR).as_posix() for p in INSTRUMENT_DIR.rglob("*.yaml")}
    unpinned = sorted(found - set(RELEASED))
    assert not unpinned, "pin in RELEASED:\n" + "\n".join(
        f'    "{name}": "{digest_of(name)}",' for name in unpinned
    )
    assert set(RELEASED) <= found


def test_a_translation_is_a_copy_of_a_released_source():
    for path in INSTRUMENT_DIR.glob("*/*.yaml"):
        assert (INSTRUMENT_DIR / path.name).is_file(), f"{path}: no source of that name"


@pytest.mark.parametrize(
    ("key", "audience", "shape"),
    [
        ("aktivt-medarbeiderskap", "everyone", [3, 3, 3]),
        ("karrierebevissthet", "everyone", [3, 3, 3, 3]),
        ("lederferdigheter", "leaders", [3, 3, 4, 4]),
    ],
)
def test_instruments_match_product(key, audience, shape):
    instrument = definitions.latest(key)
    assert instrument.audience == audience
    assert [len(d.items) for d in instrument.dimensions] == shape
    assert instrument.scale.values == range(1, 6)


def test_dimension_titles():
    titles = [d.title for d in definitions.latest("lederferdigheter").dimensions]
    assert titles == [
        "Relasjonelle lederferdigheter",
        "Maktdeling – fremme autonomi og tydeliggjøre rammebetingelser",
        "Motivasjonsstøtte – fremme motivasjon og engasjement",
        "Utviklingsstøtte – fremme læring, kompetanseutvikling og -mobilisering",
    ]
    assert [d.title for d in definitions.latest("aktivt-medarbeiderskap").dimensions] == [
        "Selvledelse",
        "Med-ledelse",
        "Medarbeiderledelse",
    ]


def _texts(key):
    return [item.text for item in definitions.latest(key).items]


def test_wording_rules_from_product():
    """PRODUCT.md 2.1: the seeds' plain slips are mended and the right variant wins."""
    leader = _texts("lederferdigheter")
    assert "Jeg praktiserer selvledelse" in leader
    assert "Jeg gir tydelig oppgaveansvar og delegerer myndighet" in leader
    assert "Jeg tydeliggjør handlingsrom" in leader
    assert "Jeg klargjør oppdraget (hovedoppgave og -mål)" in leader
    assert leader[9] == "Jeg inspirerer mine medarbeidere til å se muligheter"
    career = _texts("karrierebevissthet")
    assert "Jeg vet hva som grunnleggende sett driver meg" in career
    assert career[8] == "Min leder eller kollegaer vet hva som motiverer meg"
    assert _texts("aktivt-medarbeiderskap")[8] == "Jeg er opptatt av å være en god kollega"
    every_text = " ".join(leader + career + _texts("aktivt-medarbeiderskap"))
    for slip in ("Jeg er praktiserer", "Jeg er vet", " delegere ", "tydeliggjøre handlingsrom"):
        assert slip not in every_text


def test_available_to_leaders_only_where_meant():
    assert [i.key for i in definitions.available_to(is_leader=False)] == [
        "aktivt-medarbeiderskap",
        "karrierebevissthet",
    ]
    assert "lederferdigheter" in [i.key for i in definitions.available_to(is_leader=True)]


def _valid():
    return yaml.safe_load((INSTRUMENT_DIR / "aktivt-medarbeiderskap.v1.yaml").read_text())


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("title"), "'title'"),
        (lambda d: d.update(version=0), "version"),
        (lambda d: d.update(version="1"), "version"),
        (lambda d: d.update(audience="alle"), "audience"),
        (lambda d: d.update(key="Aktivt Medarbeiderskap"), "key"),
        (lambda d: d["scale"].update(min=5, max=1), "min < max"),
        (lambda d: d.update(dimensions=[]), "dimensions"),
        (lambda d: d["dimensions"][0].update(items=[]), "items"),
        (lambda d: d["dimensions"][1]["items"].append(d["dimensions"][0]["items"][0]), "twice"),
        (lambda d: d["dimensions"][0]["items"][0].update(text="  "), "'text'"),
        (lambda d: d.pop("process"), "process"),
    ],
)
def test_malformed_definitions_are_refused(mutate, message):
    data = _valid()
    mutate(data)
    with pytest.raises(DefinitionError, match=message):
        parse(data)


def test_file_name_must_match_content(tmp_path):
    path = tmp_path / "aktivt-medarbeiderskap.v2.yaml"
    path.write_text((INSTRUMENT_DIR / "aktivt-medarbeiderskap.v1.yaml").read_text())
    with pytest.raises(DefinitionError, match="file name"):
        load_file(path)


def test_invalid_yaml_is_refused(tmp_path):
    path = tmp_path / "x.v1.yaml"
    path.write_text("key: [unclosed")
    with pytest.raises(DefinitionError, match="YAML"):
        load_file(path)
