"""Acknowledgements made before the unit was stored with them: the best known is where the
person stands now."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Acknowledgement = apps.get_model("expectations", "Acknowledgement")
    Person = apps.get_model("people", "Person")
    person = Person.objects.filter(pk=OuterRef("person_id"))
    Acknowledgement.objects.filter(unit__isnull=True).update(
        unit=Subquery(person.values("unit_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("expectations", "0002_acknowledgement_unit"), ("people", "0002_organisationsettings")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
