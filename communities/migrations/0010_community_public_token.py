"""A public token for each community (its board), step 1 of 3 (Django's way to add a unique field to a table
that holds rows): the column, nullable. 0011 fills it row by row; 0012 makes it unique and required.
Three migrations, so that on PostgreSQL the rows are filled in a transaction of their own before the table is
altered (updating rows that foreign keys point at leaves deferred trigger events an ALTER TABLE refuses)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("communities", "0009_counter")]

    operations = [
        migrations.AddField(
            model_name="community",
            name="public_token",
            field=models.CharField(editable=False, max_length=32, null=True),
        ),
    ]
