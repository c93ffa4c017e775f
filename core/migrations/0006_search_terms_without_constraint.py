import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_content_locales"),
    ]

    operations = [
        migrations.AlterField(
            model_name="searchterm",
            name="document",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="terms",
                to="core.searchdocument",
            ),
        ),
    ]
