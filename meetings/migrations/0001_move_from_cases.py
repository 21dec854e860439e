"""The reception days and dialogues that lived in the cases app (cases 0004), taken over as they are:
the models are created in Django's state only, on the tables cases 0004 made (``db_table``), so no
row moves. Content types follow (``cases.dialogue`` → ``meetings.dialogue`` …) so the audit history
of existing rows and the permissions granted on them stay attached."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MODELS = ("receptionschedule", "receptionsession", "dialogue", "dialoguequestion", "commitment")


def _relabel(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        if not content_types.filter(app_label=new, model=model).exists():
            content_types.filter(app_label=old, model=model).update(app_label=new)


def content_types_to_meetings(apps, schema_editor):
    _relabel(apps, schema_editor, "cases", "meetings")


def content_types_to_cases(apps, schema_editor):
    _relabel(apps, schema_editor, "meetings", "cases")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cases', '0014_meetings_leave_cases_state'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('geo', '0001_initial'),
        ('orgs', '0004_login_failures'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Dialogue',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=300, verbose_name='chủ đề')),
                        ('description', models.TextField(blank=True, verbose_name='nội dung đối thoại')),
                        ('starts_at', models.DateTimeField(verbose_name='thời gian')),
                        ('place', models.CharField(max_length=300, verbose_name='địa điểm')),
                        ('status', models.CharField(choices=[('announced', 'Đã thông báo'), ('held', 'Đã tổ chức'), ('published', 'Đã công bố kết quả'), ('cancelled', 'Hủy')], default='announced', max_length=10, verbose_name='trạng thái')),
                        ('announced_on', models.DateField(verbose_name='ngày thông báo')),
                        ('held_on', models.DateField(blank=True, null=True, verbose_name='ngày tổ chức')),
                        ('minutes', models.TextField(blank=True, verbose_name='biên bản')),
                        ('participants', models.PositiveIntegerField(default=0, verbose_name='số người dự')),
                        ('results', models.TextField(blank=True, verbose_name='kết quả công bố')),
                        ('published_on', models.DateField(blank=True, null=True, verbose_name='ngày công bố kết quả')),
                        ('cancel_reason', models.TextField(blank=True, verbose_name='lý do hủy')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='dialogues', to='orgs.organization', verbose_name='cơ quan tổ chức')),
                        ('topic', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.topic', verbose_name='lĩnh vực')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.adminunit', verbose_name='địa bàn')),
                    ],
                    options={
                        'verbose_name': 'hội nghị đối thoại',
                        'verbose_name_plural': 'hội nghị đối thoại',
                        'db_table': 'cases_dialogue',
                        'ordering': ['-starts_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='DialogueQuestion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source', models.CharField(choices=[('citizen', 'Người dân gửi trước'), ('case', 'Từ ý kiến, kiến nghị đang xử lý'), ('floor', 'Nêu tại hội nghị')], max_length=10, verbose_name='nguồn')),
                        ('text', models.TextField(verbose_name='câu hỏi, kiến nghị')),
                        ('answer', models.TextField(blank=True, verbose_name='trả lời tại hội nghị')),
                        ('answered_by', models.CharField(blank=True, max_length=200, verbose_name='người trả lời')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='dialogue_questions', to='cases.case')),
                        ('dialogue', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='meetings.dialogue')),
                    ],
                    options={
                        'verbose_name': 'câu hỏi đối thoại',
                        'verbose_name_plural': 'câu hỏi đối thoại',
                        'db_table': 'cases_dialoguequestion',
                        'ordering': ['id'],
                    },
                ),
                migrations.CreateModel(
                    name='Commitment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(verbose_name='nội dung cam kết')),
                        ('deadline', models.DateField(verbose_name='thời hạn')),
                        ('status', models.CharField(choices=[('open', 'Đang thực hiện'), ('done', 'Đã hoàn thành')], default='open', max_length=10, verbose_name='trạng thái')),
                        ('evidence', models.TextField(blank=True, verbose_name='kết quả, minh chứng')),
                        ('done_on', models.DateField(blank=True, null=True, verbose_name='ngày hoàn thành')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='commitments', to='orgs.organization', verbose_name='cơ quan thực hiện')),
                        ('dialogue', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='commitments', to='meetings.dialogue')),
                        ('question', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='commitments', to='meetings.dialoguequestion')),
                    ],
                    options={
                        'verbose_name': 'cam kết sau đối thoại',
                        'verbose_name_plural': 'cam kết sau đối thoại',
                        'db_table': 'cases_commitment',
                        'ordering': ['deadline', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='ReceptionSchedule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('leader_title', models.CharField(max_length=200, verbose_name='chức vụ người tiếp')),
                        ('leader_name', models.CharField(blank=True, max_length=200, verbose_name='họ tên người tiếp')),
                        ('frequency', models.CharField(choices=[('weekly', 'Hằng tuần'), ('monthly', 'Hằng tháng')], default='weekly', max_length=10, verbose_name='lặp lại')),
                        ('weekday', models.PositiveSmallIntegerField(blank=True, choices=[(0, 'Thứ Hai'), (1, 'Thứ Ba'), (2, 'Thứ Tư'), (3, 'Thứ Năm'), (4, 'Thứ Sáu'), (5, 'Thứ Bảy'), (6, 'Chủ nhật')], null=True, verbose_name='thứ')),
                        ('month_day', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='ngày trong tháng')),
                        ('start_time', models.TimeField(verbose_name='từ giờ')),
                        ('end_time', models.TimeField(verbose_name='đến giờ')),
                        ('place', models.CharField(max_length=300, verbose_name='địa điểm')),
                        ('valid_from', models.DateField(verbose_name='áp dụng từ ngày')),
                        ('valid_to', models.DateField(blank=True, null=True, verbose_name='đến ngày')),
                        ('is_active', models.BooleanField(default=True, verbose_name='đang áp dụng')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reception_schedules', to='orgs.organization', verbose_name='cơ quan')),
                    ],
                    options={
                        'verbose_name': 'lịch tiếp công dân định kỳ',
                        'verbose_name_plural': 'lịch tiếp công dân định kỳ',
                        'db_table': 'cases_receptionschedule',
                        'ordering': ['organization_id', 'frequency', 'weekday', 'month_day', 'start_time'],
                    },
                ),
                migrations.CreateModel(
                    name='ReceptionSession',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='ngày tiếp')),
                        ('start_time', models.TimeField(verbose_name='từ giờ')),
                        ('end_time', models.TimeField(verbose_name='đến giờ')),
                        ('leader_title', models.CharField(max_length=200, verbose_name='chức vụ người tiếp')),
                        ('leader_name', models.CharField(blank=True, max_length=200, verbose_name='họ tên người tiếp')),
                        ('place', models.CharField(max_length=300, verbose_name='địa điểm')),
                        ('status', models.CharField(choices=[('planned', 'Theo lịch'), ('held', 'Đã tiếp'), ('cancelled', 'Tạm hoãn')], default='planned', max_length=10, verbose_name='trạng thái')),
                        ('note', models.TextField(blank=True, verbose_name='ghi chú')),
                        ('visitors', models.PositiveIntegerField(default=0, verbose_name='số lượt công dân đến')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reception_sessions', to='orgs.organization', verbose_name='cơ quan')),
                        ('schedule', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='sessions', to='meetings.receptionschedule')),
                    ],
                    options={
                        'verbose_name': 'buổi tiếp công dân',
                        'verbose_name_plural': 'buổi tiếp công dân',
                        'db_table': 'cases_receptionsession',
                        'ordering': ['date', 'start_time', 'id'],
                    },
                ),
                migrations.AddIndex(
                    model_name='dialogue',
                    index=models.Index(fields=['status', 'starts_at'], name='case_dialogue_status_idx'),
                ),
                migrations.AddConstraint(
                    model_name='dialoguequestion',
                    constraint=models.UniqueConstraint(condition=models.Q(('case__isnull', False)), fields=('dialogue', 'case'), name='case_question_case_uniq'),
                ),
                migrations.AddIndex(
                    model_name='commitment',
                    index=models.Index(fields=['owner', 'status', 'deadline'], name='case_commit_owner_idx'),
                ),
                migrations.AddConstraint(
                    model_name='receptionschedule',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(models.Q(('frequency', 'weekly'), ('weekday__isnull', False)), models.Q(('frequency', 'monthly'), ('month_day__gte', 1)), _connector='OR'), models.Q(('month_day__isnull', True), ('month_day__lte', 31), _connector='OR')), name='case_reception_rule_valid'),
                ),
                migrations.AddConstraint(
                    model_name='receptionschedule',
                    constraint=models.CheckConstraint(condition=models.Q(('end_time__gt', models.F('start_time'))), name='case_reception_rule_hours'),
                ),
                migrations.AddIndex(
                    model_name='receptionsession',
                    index=models.Index(fields=['date', 'status'], name='case_session_date_idx'),
                ),
                migrations.AddIndex(
                    model_name='receptionsession',
                    index=models.Index(fields=['organization', 'date'], name='case_session_org_date_idx'),
                ),
                migrations.AddConstraint(
                    model_name='receptionsession',
                    constraint=models.UniqueConstraint(condition=models.Q(('schedule__isnull', False)), fields=('schedule', 'date'), name='case_session_rule_day_uniq'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_meetings, content_types_to_cases),
    ]
