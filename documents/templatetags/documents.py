"""``{% cited_documents obj %}``: the "Căn cứ văn bản" section any app's detail page includes, with its add/remove
form for those who may change ``obj`` (``documents.services.can_cite``)."""

from django import template
from django.contrib.contenttypes.models import ContentType

from documents import selectors, services

register = template.Library()


@register.inclusion_tag("documents/partials/cited_documents.html", takes_context=True)
def cited_documents(context, obj):
    request = context["request"]
    content_type = ContentType.objects.get_for_model(obj)
    return {
        "citations": list(selectors.documents_cited_by(obj, request.user)),
        "can_cite": services.can_cite(request.user, obj),
        "object_label": f"{content_type.app_label}.{content_type.model}",
        "object_id": obj.pk,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
