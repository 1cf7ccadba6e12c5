# StatusChange and SignedLinkUse moved to the platform app (core); their tables stay where they are.
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_organization_name_index'),
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='StatusChange'),
                migrations.DeleteModel(name='SignedLinkUse'),
            ],
        ),
    ]
