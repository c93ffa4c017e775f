"""
What an imported publiccode.yml says and the registry has no field for
(platforms, categories, logo, version, other languages, …), kept per project
so that the export writes it out again unchanged.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0011_city_groups_translate'),
    ]

    operations = [
        migrations.AddField(
            model_name='projectpage',
            name='publiccode_extra',
            field=models.JSONField(blank=True, default=dict, editable=False, help_text='Was eine importierte publiccode.yml angibt und das Register nicht in eigenen Feldern führt (Plattformen, Kategorien, Logo, Version …); der Export schreibt es unverändert wieder hinaus.', verbose_name='Weitere Angaben aus publiccode.yml'),
        ),
    ]
