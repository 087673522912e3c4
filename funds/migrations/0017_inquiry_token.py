"""The private-link token of a question (Inquiry.token), step 1 of 3 (Django's way to add a unique field to a
table that holds rows): the column, nullable. 0021 fills it row by row; 0022 makes it unique and required.
Three migrations, so that on PostgreSQL the rows are filled in a transaction of their own before the table is
altered (as communities 0010-0012 do for Community.public_token)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("funds", "0016_income_donor_partner")]

    operations = [
        migrations.AddField(
            model_name="inquiry",
            name="token",
            field=models.CharField(editable=False, max_length=32, null=True),
        ),
    ]
