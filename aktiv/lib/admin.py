"""The admin base every Aktiv ModelAdmin uses: operators see that rows exist, never what
they say (PRODUCT.md section 3)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


class CountsOnlyAdmin(admin.ModelAdmin[M]):
    """Django's delete confirmation lists every row a deletion takes with it, each by its
    text: every answer of a response, every note and agenda item of a person. Here it names
    only what was chosen, and counts the rest per kind."""

    def get_deleted_objects(
        self, objs: Sequence[M] | QuerySet[M], request: HttpRequest
    ) -> tuple[list[str], dict[str, int], set[str], list[str]]:
        _listed, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        chosen = [f"{self.model._meta.verbose_name}: {obj}" for obj in objs]
        if protected:
            protected = [
                _("%(count)s andre rader peker hit og må flyttes eller slettes først.")
                % {"count": len(protected)}
            ]
        return chosen, counts, perms_needed, protected
