import datetime
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from internships.choices import ApplicationStatus, PlacementStatus, PostingStatus
from internships.models import Application, Placement, Posting

PDF_BYTES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
             b"trailer<</Root 1 0 R>>\n%%EOF\n")


def pdf_file(name: str = "cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def today() -> datetime.date:
    return timezone.localdate()


class PostingFactory(DjangoModelFactory):
    class Meta:
        model = Posting
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"AIGC分镜实习生{n}")
    post = "分镜师"
    slots = 2
    post_staff_count = 20
    status = PostingStatus.PUBLISHED
    location = "北京"
    stipend_monthly = Decimal("3000.00")
    start_date = factory.LazyFunction(lambda: today() + datetime.timedelta(days=30))
    end_date = factory.LazyAttribute(lambda o: o.start_date and o.start_date + datetime.timedelta(days=120))
    application_deadline = factory.LazyFunction(lambda: today() + datetime.timedelta(days=10))


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application

    posting = factory.SubFactory(PostingFactory)
    note = "我对这个岗位很感兴趣。"
    status = ApplicationStatus.SUBMITTED


class PlacementFactory(DjangoModelFactory):
    """A pending placement whose agreement and insurance are complete (it may start)."""

    class Meta:
        model = Placement

    post = "分镜师"
    post_staff_count = 20
    start_date = factory.LazyFunction(lambda: today() - datetime.timedelta(days=21))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=120))
    status = PlacementStatus.PENDING
    agreement_file = factory.LazyFunction(lambda: pdf_file("agreement.pdf"))
    agreement_signed_on = factory.LazyAttribute(lambda o: o.start_date - datetime.timedelta(days=3))
    insurer = "中国人民财产保险"
    insurance_policy_no = factory.Sequence(lambda n: f"PICC-{n:06d}")
    insurance_start = factory.LazyAttribute(lambda o: o.start_date)
    insurance_end = factory.LazyAttribute(lambda o: o.end_date)
