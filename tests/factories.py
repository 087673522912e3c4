import factory
from django.contrib.auth import get_user_model

from communities.labels import canonical_building, canonical_unit
from communities.models import Building, Community, Compound, Household, Membership, Role
from communities.services import building_sort_key, room_sort_key


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-9")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"测试社区{n}")
    slug = factory.Sequence(lambda n: f"community-{n}")
    street = "永安街道"


class CompoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compound

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"测试小区{n}")


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building
        django_get_or_create = ("compound", "label")

    compound = factory.SubFactory(CompoundFactory)
    community = factory.SelfAttribute("compound.community")
    label = "1栋"
    sort_key = factory.LazyAttribute(lambda o: building_sort_key(canonical_building(o.label)))


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    compound = factory.SubFactory(CompoundFactory)
    community = factory.SelfAttribute("compound.community")
    building = factory.SubFactory(BuildingFactory, compound=factory.SelfAttribute("..compound"))
    unit = factory.LazyFunction(lambda: canonical_unit("1"))
    room = factory.Sequence(lambda n: f"{100 + n}")
    room_sort = factory.LazyAttribute(lambda o: room_sort_key(o.room))
    head_name = "张三"
    phone = "13812345678"
    residents = 3


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    community = factory.SubFactory(CommunityFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.STAFF
