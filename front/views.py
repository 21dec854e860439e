from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render


def home(request):
    return render(request, "front/home.html", {})


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        db = "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is down
        db = "error"
    status = 200 if db == "ok" else 503
    return JsonResponse(
        {"status": "ok" if db == "ok" else "error", "database": db, "vendor": connection.vendor}, status=status
    )
