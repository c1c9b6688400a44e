"""factory_boy factories for the domain. Data that has a service is made through it in tests
of behaviour; these make the starting rows."""

import factory

from approvals.models import Applicant, Seal
from catalog.models import Department, Item, ItemVersion, Material


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dept{n}")
    name = factory.Sequence(lambda n: f"县第{n}监管局")


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    code = factory.Sequence(lambda n: f"T-{n:03d}")


class PublishedVersionFactory(factory.django.DjangoModelFactory):
    """A published item version with three materials: two required (one of them waivable)
    and one optional."""

    class Meta:
        model = ItemVersion
        skip_postgeneration_save = True

    item = factory.SubFactory(ItemFactory)
    number = 1
    status = ItemVersion.Status.PUBLISHED
    name = factory.Sequence(lambda n: f"测试许可{n}")
    category = "市场准入"
    legal_basis = "《中华人民共和国行政许可法》"
    statutory_limit_days = 20
    committed_limit_days = 5
    permit_validity_years = 5

    @factory.post_generation
    def setup(obj, create, extracted, **kwargs):
        if not create:
            return
        Material.objects.create(version=obj, position=1, name="申请书", required=True)
        Material.objects.create(
            version=obj, position=2, name="身份证明", required=True, waivable=True
        )
        Material.objects.create(version=obj, position=3, name="其他材料", required=False)
        departments = extracted or [DepartmentFactory(code="market", name="县市场监督管理局")]
        obj.supervising_departments.set(departments)
        Item.objects.filter(pk=obj.item_id).update(published_version=obj)


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Applicant
        django_get_or_create = ("kind", "id_number")

    kind = Applicant.Kind.PERSON
    name = "张小三"
    id_number = "11010519491231002X"
    phone = "13800000000"
    address = "示例县人民路 1 号"


class SealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seal
        django_get_or_create = ("code",)

    name = "示例县行政审批服务局行政审批专用章"
    code = "SEAL-1"
    document_prefix = "示审批"
    bureau_name = "示例县行政审批服务局"
    active = True
