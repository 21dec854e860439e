"""Sign-ins and sign-outs go to the audit trail. A signal is the only hook Django's auth
views offer; each receiver writes its own small transaction."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from audit.models import Action
from audit.services import record


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    with transaction.atomic():
        record(actor=user, action=Action.LOGIN, obj=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        with transaction.atomic():
            record(actor=user, action=Action.LOGOUT, obj=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Only the user name tried is kept, never the password.
    username = str(credentials.get("username", ""))[:150]
    with transaction.atomic():
        record(actor=None, action=Action.LOGIN_FAILED, object_repr=f"Tên đăng nhập: {username}")
