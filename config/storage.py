"""The production static-files storage: whitenoise's hashed, compressed files without source maps.

Django's manifest storage rewrites every reference it finds in CSS and JS to the hashed name, and
fails `collectstatic` when a referenced file is missing. Vendored packages end with
`sourceMappingURL=….map` comments for maps we do not ship (a debugging aid, never needed by a
page), so such a comment must not be able to stop a deployment. Every other reference (`url()`,
`@import`) stays strict: a missing font or image is still an error at collectstatic time.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _is_source_map_pattern(pattern: str | tuple) -> bool:
    regex = pattern if isinstance(pattern, str) else pattern[0]
    return "sourceMappingURL" in regex


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = tuple(
        (extension, tuple(pattern for pattern in patterns if not _is_source_map_pattern(pattern)))
        for extension, patterns in CompressedManifestStaticFilesStorage.patterns
    )
