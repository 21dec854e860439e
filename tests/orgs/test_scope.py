from orgs.models import Organization
from orgs.scope import scope_for, visible_organizations
from tests.base import BaseTestCase


class ScopeTest(BaseTestCase):
    def visible_orgs(self, user):
        return set(visible_organizations(user).values_list("name", flat=True))

    def test_it_limits_a_commune_officer_to_their_commune(self):
        self.assertEqual(self.visible_orgs(self.p.commune_officer), {self.p.commune_org.name})

    def test_it_gives_a_province_officer_every_commune_of_the_province(self):
        names = self.visible_orgs(self.p.province_officer)
        self.assertEqual(names, {self.p.province_org.name, self.p.commune_org.name, self.p.other_commune_org.name})

    def test_it_gives_central_the_whole_country(self):
        self.assertEqual(visible_organizations(self.p.central).count(), Organization.objects.count())

    def test_it_gives_an_account_without_membership_nothing(self):
        self.assertEqual(self.visible_orgs(self.p.outsider), set())

    def test_viewer_reads_but_cannot_write(self):
        self.assertTrue(scope_for(self.p.viewer).covers(self.p.commune))
        self.assertFalse(scope_for(self.p.viewer, write=True).covers(self.p.commune))

    def test_scope_is_computed_once_per_user_object(self):
        user = self.p.province_officer
        scope_for(user)
        with self.assertNumQueries(0):
            scope_for(user)
