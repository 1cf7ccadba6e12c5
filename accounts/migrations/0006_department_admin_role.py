from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_api_tokens"),
    ]

    operations = [
        migrations.AlterField(
            model_name="membership",
            name="role",
            field=models.CharField(
                choices=[
                    ("college_admin", "College administrator"),
                    ("department_admin", "Department administrator"),
                    ("teacher", "Teacher"),
                    ("enterprise", "Enterprise partner"),
                    ("student", "Student"),
                    ("association", "Association reviewer"),
                ],
                db_index=True,
                max_length=20,
                verbose_name="role",
            ),
        ),
    ]
