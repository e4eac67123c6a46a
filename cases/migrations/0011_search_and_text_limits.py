"""Children's names as search keys (policy.names), filled in for the children already held;
limits on free text (docs/decisions/0013-free-text-limits.md)."""

from django.db import migrations, models

from policy.names import name_search_text

NAME_FIELDS = ("legal_first_name", "legal_middle_names", "legal_last_name", "preferred_name")


def fill_name_search(apps, schema_editor):
    Child = apps.get_model("cases", "Child")
    batch = []
    for child in Child.objects.only("pk", *NAME_FIELDS).iterator(chunk_size=2000):
        child.name_search = name_search_text(*(getattr(child, name) for name in NAME_FIELDS))
        batch.append(child)
        if len(batch) == 2000:
            Child.objects.bulk_update(batch, ["name_search"])
            batch = []
    Child.objects.bulk_update(batch, ["name_search"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_frontdoor"),
    ]

    operations = [
        migrations.AddField(
            model_name="child",
            name="name_search",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=1000),
        ),
        migrations.RunPython(fill_name_search, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="cmeenquiry",
            name="outcome",
            field=models.TextField(max_length=5000),
        ),
        migrations.AlterField(
            model_name="consentrequest",
            name="reasons",
            field=models.TextField(blank=True, max_length=5000),
        ),
        migrations.AlterField(
            model_name="contact",
            name="child_views",
            field=models.TextField(blank=True, max_length=5000, verbose_name="the child's views"),
        ),
        migrations.AlterField(
            model_name="contact",
            name="notes",
            field=models.TextField(blank=True, max_length=5000),
        ),
        migrations.AlterField(
            model_name="deletionreturn",
            name="exclusions",
            field=models.TextField(
                blank=True, max_length=5000, verbose_name="exclusions and attendance context"
            ),
        ),
        migrations.AlterField(
            model_name="deletionreturn",
            name="notes",
            field=models.TextField(blank=True, max_length=5000),
        ),
        migrations.AlterField(
            model_name="deletionreturn",
            name="parent_reason",
            field=models.TextField(
                blank=True, max_length=5000, verbose_name="reason the parent gave"
            ),
        ),
        migrations.AlterField(
            model_name="episode",
            name="closure_notes",
            field=models.TextField(blank=True, max_length=5000),
        ),
        migrations.AlterField(
            model_name="episode",
            name="reason_notes",
            field=models.TextField(blank=True, max_length=5000),
        ),
        migrations.AlterField(
            model_name="episodeevent",
            name="reason",
            field=models.TextField(blank=True, max_length=5000),
        ),
        migrations.AlterField(
            model_name="formalstep",
            name="notes",
            field=models.TextField(blank=True, max_length=5000),
        ),
        migrations.AlterField(
            model_name="informationrequest",
            name="what_would_help",
            field=models.TextField(max_length=5000),
        ),
        migrations.AlterField(
            model_name="judgement",
            name="evidence_considered",
            field=models.TextField(blank=True, max_length=5000),
        ),
        migrations.AlterField(
            model_name="judgement",
            name="reasons",
            field=models.TextField(blank=True, max_length=5000),
        ),
        migrations.AlterField(
            model_name="safeguardingconcern",
            name="details",
            field=models.TextField(max_length=5000),
        ),
    ]
