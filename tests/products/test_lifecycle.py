"""Lifecycle: transitions allowed and refused (services and the product page), imported ratings."""

from __future__ import annotations

import pytest

from ocop_portal.workflow import TransitionRefused
from products import services, workflows
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(db):
    return ProductFactory(name="Mì Quảng Nam Phước")  # Thị trấn Nam Phước, Duy Xuyên


def test_allowed_transition_is_recorded_with_who_and_why(product, users):
    services.transition(product, "accept_idea", by=users["district"], reason="Ý tưởng khả thi")
    product.refresh_from_db()
    assert product.state == workflows.IDEA_ACCEPTED
    move = product.transitions.get()
    assert (move.name, move.from_state, move.to_state) == ("accept_idea", "idea_registered", "idea_accepted")
    assert move.by == users["district"] and move.reason == "Ý tưởng khả thi"


def test_a_whole_pipeline(product, users):
    for name in ("accept_idea", "submit_plan", "approve_plan", "start_development"):
        services.transition(product, name, by=users["district"])
    product.refresh_from_db()
    assert product.state == workflows.IN_DEVELOPMENT
    assert product.transitions.count() == 4


@pytest.mark.parametrize(
    "name, state",
    [
        ("submit_dossier", workflows.IN_DEVELOPMENT),
        ("return_dossier", workflows.DOSSIER_SUBMITTED),
        ("mark_evaluated", workflows.DOSSIER_SUBMITTED),
        ("not_reached", workflows.EVALUATED),
        ("recognise", workflows.EVALUATED),
        ("expire", workflows.RECOGNISED),
        ("revoke", workflows.RECOGNISED),
    ],
)
def test_moves_that_follow_a_record_are_never_taken_by_hand(product, users, name, state):
    """A product is "dossier submitted" because its dossier was, "evaluated" because its round closed,
    "recognised" because a certificate was issued: by hand, even provincial staff are refused."""
    product.state = state
    product.save()
    with pytest.raises(TransitionRefused, match="never taken by hand"):
        services.transition(product, name, by=users["province"], reason="x")
    product.refresh_from_db()
    assert product.state == state and not product.transitions.exists()


def test_transition_not_possible_from_this_state_is_refused(product, users):
    with pytest.raises(TransitionRefused, match="not possible while the state is"):
        services.transition(product, "submit_plan", by=users["province"])
    product.refresh_from_db()
    assert product.state == workflows.IDEA_REGISTERED
    assert not product.transitions.exists()


def test_reason_required(product, users):
    with pytest.raises(TransitionRefused, match="needs a reason"):
        services.transition(product, "return_idea", by=users["district"], reason="   ")
    services.transition(product, "return_idea", by=users["district"], reason="Chưa rõ nguồn nguyên liệu")
    product.refresh_from_db()
    assert product.state == workflows.IDEA_RETURNED


def test_role_refused(product, users):
    product.state = workflows.RECOGNISED
    product.save()
    with pytest.raises(TransitionRefused, match="Your role may not"):
        services.transition(product, "expire", by=users["district"], via="certificates")


def test_other_district_refused(product, users):
    with pytest.raises(TransitionRefused, match="may not change this product"):
        services.transition(product, "accept_idea", by=users["district2"])


def test_unknown_action_refused(product, users):
    with pytest.raises(TransitionRefused, match="Unknown action"):
        services.transition(product, "teleport", by=users["province"])


# --- The product page -------------------------------------------------------------------------------


def test_page_shows_only_available_actions(product, client_for):
    html = client_for("district").get(f"/products/{product.pk}/").content.decode()
    assert 'value="accept_idea"' in html and 'value="return_idea"' in html
    assert 'value="submit_dossier"' not in html and 'value="approve_plan"' not in html
    # the return needs a reason: its form has a required reason field
    assert 'name="reason" class="form-control" required' in html


def test_page_has_no_actions_for_read_only_roles(product, client_for):
    for role in ("department", "commune"):
        html = client_for(role).get(f"/products/{product.pk}/").content.decode()
        assert "lifecycle-actions" not in html


def test_recognition_is_left_to_evaluation(product, client_for):
    product.state = workflows.EVALUATED
    product.save()
    html = client_for("province").get(f"/products/{product.pk}/").content.decode()
    assert 'value="not_reached"' not in html  # the round's closing records it
    assert 'value="recognise"' not in html  # a certificate is issued by the evaluation services
    assert 'value="start_rerating"' not in html  # re-rating starts from recognised/expired/not reached
    response = client_for("province").post(
        f"/products/{product.pk}/transition/", {"action": "recognise"}, follow=True
    )
    assert "never taken by hand" in response.content.decode()
    product.refresh_from_db()
    assert product.state == workflows.EVALUATED


def test_post_transition(product, client_for):
    response = client_for("district").post(f"/products/{product.pk}/transition/", {"action": "accept_idea"})
    assert response.status_code == 302 and response["Location"] == f"/products/{product.pk}/"
    product.refresh_from_db()
    assert product.state == workflows.IDEA_ACCEPTED


def test_post_refused_transition_shows_the_message(product, client_for):
    client = client_for("district")
    response = client.post(f"/products/{product.pk}/transition/", {"action": "return_idea"}, follow=True)
    assert "needs a reason" in response.content.decode()
    response = client.post(f"/products/{product.pk}/transition/", {"action": "approve_plan"}, follow=True)
    assert "is not possible while the state is" in response.content.decode()
    product.refresh_from_db()
    assert product.state == workflows.IDEA_REGISTERED
    response = client.post(
        f"/products/{product.pk}/transition/", {"action": "return_idea", "reason": "Thiếu hồ sơ"}, follow=True
    )
    product.refresh_from_db()
    assert product.state == workflows.IDEA_RETURNED
    assert "Thiếu hồ sơ" in response.content.decode()  # shown in the lifecycle history


def test_post_transition_outside_scope(product, client_for):
    assert (
        client_for("district2")
        .post(f"/products/{product.pk}/transition/", {"action": "accept_idea"})
        .status_code
        == 404
    )
    assert (
        client_for("commune")
        .post(f"/products/{product.pk}/transition/", {"action": "accept_idea"})
        .status_code
        == 403
    )
    product.refresh_from_db()
    assert product.state == workflows.IDEA_REGISTERED
