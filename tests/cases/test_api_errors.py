"""Domain errors become HTTP responses in one place (cases.api.errors.exception_handler)."""

from rest_framework import exceptions

from cases.api.errors import exception_handler
from cases.services import ServiceError, StaleEdit, TransitionRefused


def test_a_service_error_is_400_with_errors_per_field_and_the_whole_form_as_non_field():
    response = exception_handler(
        ServiceError({"upn": "Bad check letter", "": "Something about the whole request"}), {}
    )
    assert response.status_code == 400
    assert response.data == {
        "errors": {
            "upn": ["Bad check letter"],
            "non_field_errors": ["Something about the whole request"],
        }
    }


def test_a_stale_edit_is_409_with_the_message():
    response = exception_handler(StaleEdit("case"), {})
    assert response.status_code == 409
    assert response.data["detail"].startswith("Someone else changed this case")


def test_a_refused_transition_is_409_with_the_reason():
    response = exception_handler(TransitionRefused("Not from here."), {})
    assert (response.status_code, response.data) == (409, {"detail": "Not from here."})


def test_drf_validation_errors_take_the_same_shape():
    per_field = exception_handler(exceptions.ValidationError({"on": ["Bad date."]}), {})
    whole = exception_handler(exceptions.ValidationError("Send something"), {})
    assert (per_field.status_code, per_field.data) == (400, {"errors": {"on": ["Bad date."]}})
    assert whole.data == {"errors": {"non_field_errors": ["Send something"]}}


def test_other_errors_keep_drf_behaviour():
    response = exception_handler(exceptions.NotFound(), {})
    assert response.status_code == 404 and "detail" in response.data
    assert exception_handler(ValueError("boom"), {}) is None
