from django.core.exceptions import ValidationError
from rest_framework import status
from rest_framework.response import Response


def validation_error_response(error: ValidationError) -> Response:
    """A service's ValidationError as a 400: field errors by field, anything else as `detail`."""
    if hasattr(error, "error_dict"):
        return Response(error.message_dict, status=status.HTTP_400_BAD_REQUEST)
    return Response({"detail": " ".join(error.messages)}, status=status.HTTP_400_BAD_REQUEST)
