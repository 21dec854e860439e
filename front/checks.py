from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def source_url_published(app_configs, **kwargs):
    """AGPL-3.0 §13: a deployment must offer its users the source of the code it runs."""
    if settings.DANVAN_SOURCE_URL:
        return []
    return [
        Warning(
            "DANVAN_SOURCE_URL is not set: AGPL-3.0 §13 requires offering users the source of this deployment.",
            hint="Set DANVAN_SOURCE_URL to the repository or archive of exactly the code you run.",
            id="danvan.W001",
        )
    ]
