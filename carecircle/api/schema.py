"""How the OpenAPI schema describes Care Circle's token authentication."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "carecircle.api.authentication.BearerTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal or system token: `Authorization: Bearer cc_…`. "
            "Make one at /account/tokens/.",
        }
