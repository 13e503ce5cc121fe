"""Responses submitted before the unit and leader were stored with them: the best known is
where the person stands now (PRODUCT.md section 3: figures count a response where its person
stood when they submitted it)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Response = apps.get_model("assessments", "Response")
    Person = apps.get_model("people", "Person")
    person = Person.objects.filter(pk=OuterRef("person_id"))
    Response.objects.filter(status="submitted", unit_at_submission__isnull=True).update(
        unit_at_submission=Subquery(person.values("unit_id")[:1]),
        leader_at_submission=Subquery(person.values("leader_id")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_response_leader_at_submission_and_more"),
        ("people", "0002_organisationsettings"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
