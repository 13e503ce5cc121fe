"""scim2-tester, the conformance checker of the python-scim project, against a running Aktiv
(pytest-django's live server over real HTTP). The checks Aktiv claims are listed in README
("Provisioning (SCIM 2.0)"); each must pass, and none may error."""

from __future__ import annotations

from collections import Counter

import httpx2
import pytest
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

from aktiv.integrations.tokens import token_create

from ..factories import PersonFactory


@pytest.fixture
def results(live_url, settings, transactional_db):
    settings.INTEGRATIONS_REQUIRE_HTTPS = False
    settings.SITE_URL = live_url
    hr = PersonFactory.create(is_hr=True)
    secret = token_create(actor=hr, name="scim2-tester", scopes=["scim"]).secret
    http = httpx2.Client(
        base_url=f"{live_url}/scim/v2",
        headers={"Authorization": f"Bearer {secret}"},
        timeout=30,
    )
    return check_server(SyncSCIMClient(http))


# The checks README claims, with how many times each passes (one per attribute for PATCH).
CLAIMED = {
    "service_provider_config_endpoint": 1,
    "service_provider_config_endpoint_methods": 4,
    "query_all_resource_types": 1,
    "query_resource_type_by_id": 1,
    "resource_types_schema_validation": 1,
    "access_invalid_resource_type": 1,
    "resource_types_endpoint_methods": 4,
    "query_all_schemas": 1,
    "access_schema_by_id": 2,
    "access_invalid_schema": 1,
    "schemas_endpoint_methods": 4,
    "random_url": 1,
    "object_creation": 1,
    "object_query": 1,
    "object_query_without_id": 1,
    "object_query_with_attributes": 2,
    "object_list_with_attributes": 2,
    "search_with_attributes": 2,
    "object_replacement": 1,
    "object_deletion": 1,
    "check_add_attribute": 7,
    "check_remove_attribute": 7,
    "check_replace_attribute": 9,
}


def test_scim2_tester_passes_every_claimed_check(results):
    failed = [
        (result.title, result.reason)
        for result in results
        if result.status in (Status.ERROR, Status.CRITICAL)
    ]
    assert failed == []
    passed = Counter(result.title for result in results if result.status == Status.SUCCESS)
    assert {title: passed[title] for title in CLAIMED} == CLAIMED
