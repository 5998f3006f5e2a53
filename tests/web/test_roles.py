"""Role checks on the server, and organisation scoping of what staff see."""

import pytest

from course.domain.roles import Role


@pytest.mark.parametrize("url", ["/trainer/", "/org/"])
def test_learner_gets_403_on_staff_pages(client, auth, make_user, url):
    auth.login(make_user(Role.LEARNER).email)
    response = client.get(url)
    assert response.status_code == 403
    assert "Brak dostępu" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/trainer/", "/org/"])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_trainer_sees_only_learners_of_their_organisation(client, auth, make_user, make_org):
    mine, other = make_org(), make_org()
    trainer = make_user(Role.TRAINER, org=mine)
    make_user(Role.LEARNER, org=mine, name="Jadwiga Moja")
    make_user(Role.LEARNER, org=other, name="Zofia Obca")
    make_user(Role.LEARNER, name="Samodzielny Uczeń")
    auth.login(trainer.email)
    html = client.get("/trainer/").get_data(as_text=True)
    assert "Jadwiga Moja" in html
    assert "Zofia Obca" not in html and "Samodzielny Uczeń" not in html


def test_trainer_cannot_open_org_admin_page(client, auth, make_user, make_org):
    auth.login(make_user(Role.TRAINER, org=make_org()).email)
    assert client.get("/org/").status_code == 403


def test_org_admin_sees_join_code_and_counts(client, auth, make_user, make_org):
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org)
    make_user(Role.LEARNER, org=org)
    make_user(Role.LEARNER, org=org)
    auth.login(admin.email)
    html = client.get("/org/").get_data(as_text=True)
    assert org.join_code in html and org.name in html


def test_site_admin_sees_all_learners(client, auth, make_user, make_org):
    make_user(Role.LEARNER, org=make_org(), name="Jadwiga Moja")
    make_user(Role.LEARNER, name="Samodzielny Uczeń")
    auth.login(make_user(Role.ADMIN).email)
    html = client.get("/trainer/").get_data(as_text=True)
    assert "Jadwiga Moja" in html and "Samodzielny Uczeń" in html


def test_visible_learner_ids_is_scoped(app, make_user, make_org, in_app):
    from course.extensions import db
    from course.models import User
    from course.services.people import visible_learner_ids

    mine, other = make_org(), make_org()
    trainer = make_user(Role.TRAINER, org=mine)
    own = make_user(Role.LEARNER, org=mine)
    make_user(Role.LEARNER, org=other)
    admin = make_user(Role.ADMIN)
    lone_trainer_learner = make_user(Role.LEARNER)

    def ids(viewer_id):
        return set(db.session.scalars(visible_learner_ids(db.session.get(User, viewer_id))))

    assert in_app(ids, trainer.id) == {own.id}
    assert lone_trainer_learner.id in in_app(ids, admin.id) and len(in_app(ids, admin.id)) == 3
    assert in_app(ids, own.id) == set()


def test_is_visible_learner_is_the_same_rule_as_visible_learner_ids(app, make_user, make_org, in_app):
    """The correlated EXISTS the cohort page's counts use selects exactly the learners the IN form does, also as a
    filter on a query that joins ``user`` and ``membership`` itself (the subquery keeps its own)."""
    from sqlalchemy import select

    from course.extensions import db
    from course.models import Membership, User
    from course.services.people import is_visible_learner, visible_learner_ids

    mine, other = make_org(), make_org()
    viewers = [make_user(Role.TRAINER, org=mine), make_user(Role.ORG_ADMIN, org=other), make_user(Role.ADMIN)]
    make_user(Role.LEARNER, org=mine), make_user(Role.LEARNER, org=mine), make_user(Role.LEARNER, org=other), make_user(Role.LEARNER)
    viewers.append(make_user(Role.LEARNER, org=mine))

    def both(viewer_id):
        viewer = db.session.get(User, viewer_id)
        by_in = set(db.session.scalars(visible_learner_ids(viewer)))
        outer = select(User.id).outerjoin(Membership, Membership.user_id == User.id).where(is_visible_learner(viewer, User.id))
        return by_in, set(db.session.scalars(outer))

    sizes = []
    for viewer in viewers:
        by_in, by_exists = in_app(both, viewer.id)
        assert by_exists == by_in, viewer.role
        sizes.append(len(by_in))
    assert sizes == [3, 1, 5, 0]  # the learner viewer is one of "mine"; a learner sees nobody
