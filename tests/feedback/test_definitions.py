"""The two rewordings: released files never change, and each keeps its source's item keys
and dimensions, so an answer sits beside the self-assessment of the same statement."""

import hashlib

import pytest
from django.utils import translation

from aktiv.assessments import definitions as assessments
from aktiv.feedback import definitions

RELEASED = {
    "min-leder.v1.yaml": "d69a9ac362183ec7b7441cbb23ab3eb4634cd02ba283f6757d121d08530737ba",
    "min-medarbeider.v1.yaml": ("e7208f77f67363136381083e2e00441ea5b43b46be509e0c70b9031960834c8a"),
}


@pytest.mark.parametrize("name", sorted(RELEASED))
def test_released_versions_are_unchanged(name):
    digest = hashlib.sha256((definitions.DIR / name).read_bytes()).hexdigest()
    assert digest == RELEASED[name], f"{name} was edited; release a new version instead"
    assert {p.name for p in definitions.DIR.glob("*.yaml")} == set(RELEASED)


@pytest.mark.parametrize(
    ("instrument", "source", "opening"),
    [
        (definitions.upward(), "lederferdigheter", "Min leder "),
        (definitions.one_eighty(), "aktivt-medarbeiderskap", "Min medarbeider "),
    ],
)
def test_a_faithful_rewording_with_the_same_keys(instrument, source, opening):
    mirrored = assessments.latest(source)
    assert [d.key for d in instrument.dimensions] == [d.key for d in mirrored.dimensions]
    assert [i.key for i in instrument.items] == [i.key for i in mirrored.items]
    assert all(item.text.startswith(opening) for item in instrument.items)
    assert len(instrument.items) == {"lederferdigheter": 14, "aktivt-medarbeiderskap": 9}[source]


def test_they_are_not_offered_as_self_assessments():
    keys = {i.key for i in assessments.all_latest()}
    assert not keys & {definitions.UPWARD, definitions.ONE_EIGHTY}


@pytest.mark.parametrize(
    ("language", "upward", "one_eighty"),
    [
        ("nb", "Min leder ", "Min medarbeider "),
        ("nn", "Leiaren min ", "Medarbeidaren min "),
        ("en", "My leader ", "My employee "),
    ],
)
def test_each_language_reads_its_translation(language, upward, one_eighty):
    for key, opening in ((definitions.UPWARD, upward), (definitions.ONE_EIGHTY, one_eighty)):
        instrument = definitions.get(key, 1, language)
        assert all(item.text.startswith(opening) for item in instrument.items), language
    with translation.override(language):
        assert definitions.upward().items[0].text.startswith(upward)
        assert definitions.one_eighty().items[0].text.startswith(one_eighty)
