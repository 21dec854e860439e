import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
application = get_wsgi_application()

# What start-up made (Django, the apps, the URL patterns, loaded here rather than on the first request) lives as long
# as the process: move it out of the garbage collector's generations, so that full collections stop walking it (long
# pauses in the middle of a request) and gunicorn's workers, forked after --preload, keep sharing those memory pages
# instead of copying them when the collector touches them.
get_resolver().url_patterns  # noqa: B018
gc.collect()
gc.freeze()
