"""Evidence a teacher declares counts only once verified (issue 18 item 6).

Certificates, training records and teaching-reform records gain a verification status (pending,
verified, rejected) with who reviewed them, when and, for a rejection, why; years in industry are
declared in ``IndustryYearsDeclaration`` and become the profile's figure when verified.

Data: every certificate, training record and reform record that exists before this migration was
entered by the college's administrators (the platform had no verification yet, and the evidence on
record was admin-entered), so ``mark_existing_verified`` marks them verified, dated now, with no
reviewer named (none was recorded). New rows are pending by default. The profiles' ``industry_years``
figures were admin-entered too and stay as they are: they remain the verified figure.
"""
import core.uploads
import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def mark_existing_verified(apps, schema_editor):
    from django.utils import timezone

    now = timezone.now()
    for name in ("TeacherCertificate", "TrainingRecord", "ReformRecord"):
        apps.get_model("faculty", name).objects.filter(status="pending").update(status="verified", reviewed_at=now)


class Migration(migrations.Migration):

    dependencies = [
        ('curriculum', '0004_course_project_index'),
        ('faculty', '0001_initial'),
        ('partnerships', '0003_list_order_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='IndustryYearsDeclaration',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('pending', 'Waiting for verification'), ('verified', 'Verified'), ('rejected', 'Rejected')], db_index=True, default='pending', max_length=20, verbose_name='verification')),
                ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='verified or rejected at')),
                ('rejection_reason', models.TextField(blank=True, verbose_name='reason for rejection')),
                ('years', models.PositiveSmallIntegerField(help_text='Full years worked in the film, TV or AIGC industry.', validators=[django.core.validators.MaxValueValidator(60)], verbose_name='years in industry')),
                ('description', models.TextField(blank=True, help_text='Employers, roles and periods, so the college can check them.', verbose_name='where and as what')),
                ('file', models.FileField(blank=True, help_text='Employment certificate or contract: PDF, JPG or PNG, up to 10 MB.', upload_to=core.uploads.RandomUploadTo('faculty/industry'), validators=[core.uploads.UploadValidator(kinds=('pdf', 'jpg', 'png', 'docx', 'xlsx'))], verbose_name='proof')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='declared at')),
            ],
            options={
                'verbose_name': 'declaration of years in industry',
                'verbose_name_plural': 'declarations of years in industry',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.AddField(
            model_name='reformrecord',
            name='rejection_reason',
            field=models.TextField(blank=True, verbose_name='reason for rejection'),
        ),
        migrations.AddField(
            model_name='reformrecord',
            name='reviewed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='verified or rejected at'),
        ),
        migrations.AddField(
            model_name='reformrecord',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='verified or rejected by'),
        ),
        migrations.AddField(
            model_name='reformrecord',
            name='status',
            field=models.CharField(choices=[('pending', 'Waiting for verification'), ('verified', 'Verified'), ('rejected', 'Rejected')], db_index=True, default='pending', max_length=20, verbose_name='verification'),
        ),
        migrations.AddField(
            model_name='teachercertificate',
            name='rejection_reason',
            field=models.TextField(blank=True, verbose_name='reason for rejection'),
        ),
        migrations.AddField(
            model_name='teachercertificate',
            name='reviewed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='verified or rejected at'),
        ),
        migrations.AddField(
            model_name='teachercertificate',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='verified or rejected by'),
        ),
        migrations.AddField(
            model_name='teachercertificate',
            name='status',
            field=models.CharField(choices=[('pending', 'Waiting for verification'), ('verified', 'Verified'), ('rejected', 'Rejected')], db_index=True, default='pending', max_length=20, verbose_name='verification'),
        ),
        migrations.AddField(
            model_name='trainingrecord',
            name='rejection_reason',
            field=models.TextField(blank=True, verbose_name='reason for rejection'),
        ),
        migrations.AddField(
            model_name='trainingrecord',
            name='reviewed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='verified or rejected at'),
        ),
        migrations.AddField(
            model_name='trainingrecord',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='verified or rejected by'),
        ),
        migrations.AddField(
            model_name='trainingrecord',
            name='status',
            field=models.CharField(choices=[('pending', 'Waiting for verification'), ('verified', 'Verified'), ('rejected', 'Rejected')], db_index=True, default='pending', max_length=20, verbose_name='verification'),
        ),
        migrations.AddConstraint(
            model_name='reformrecord',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'pending'), ('reviewed_at__isnull', False), _connector='OR'), name='faculty_reform_review_dated'),
        ),
        migrations.AddConstraint(
            model_name='reformrecord',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'rejected'), _negated=True), models.Q(('rejection_reason', ''), _negated=True), _connector='OR'), name='faculty_reform_rejection_has_reason'),
        ),
        migrations.AddConstraint(
            model_name='teachercertificate',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'pending'), ('reviewed_at__isnull', False), _connector='OR'), name='faculty_certificate_review_dated'),
        ),
        migrations.AddConstraint(
            model_name='teachercertificate',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'rejected'), _negated=True), models.Q(('rejection_reason', ''), _negated=True), _connector='OR'), name='faculty_certificate_rejection_has_reason'),
        ),
        migrations.AddConstraint(
            model_name='trainingrecord',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'pending'), ('reviewed_at__isnull', False), _connector='OR'), name='faculty_training_review_dated'),
        ),
        migrations.AddConstraint(
            model_name='trainingrecord',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'rejected'), _negated=True), models.Q(('rejection_reason', ''), _negated=True), _connector='OR'), name='faculty_training_rejection_has_reason'),
        ),
        migrations.AddField(
            model_name='industryyearsdeclaration',
            name='profile',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='industry_years_declarations', to='faculty.teacherprofile', verbose_name='teacher'),
        ),
        migrations.AddField(
            model_name='industryyearsdeclaration',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='verified or rejected by'),
        ),
        migrations.AddConstraint(
            model_name='industryyearsdeclaration',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'pending'), ('reviewed_at__isnull', False), _connector='OR'), name='faculty_industry_years_review_dated'),
        ),
        migrations.AddConstraint(
            model_name='industryyearsdeclaration',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'rejected'), _negated=True), models.Q(('rejection_reason', ''), _negated=True), _connector='OR'), name='faculty_industry_years_rejection_has_reason'),
        ),
        migrations.AddConstraint(
            model_name='industryyearsdeclaration',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('profile',), name='faculty_industry_years_one_pending'),
        ),
        migrations.RunPython(mark_existing_verified, migrations.RunPython.noop),
    ]
